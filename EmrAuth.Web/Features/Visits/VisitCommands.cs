namespace EmrAuth.Web.Features.Visits;

/// <summary>
/// The visit actions a page offers its forms, each turned into an <see cref="ActionFeedback"/>. The forms take these as
/// delegates, so they render and validate without the signed-in user or the services; the service decides who may act.
/// </summary>
public sealed class VisitCommands(VisitService visits, ILogger logger)
{
    /// <summary>The doctor accepts (Eqs. 16–22: SEK_1 is agreed and the patient verifies Cert_D).</summary>
    public Task<ActionFeedback> AcceptAsync(Guid visitId) => RunAsync(() => visits.AcceptAsync(visitId),
        "Visit accepted: the patient's device verified your certificate and both sides hold SEK₁.");

    /// <summary>The doctor declines, with a reason the patient sees.</summary>
    public Task<ActionFeedback> RefuseAsync(Guid visitId, string reason) => RunAsync(() => visits.RefuseAsync(visitId, reason),
        "Visit declined; the patient sees your reason.");

    /// <summary>The patient's device sends M_SD under SEK_1 (Eqs. 23–24).</summary>
    public Task<ActionFeedback> SendReadingsAsync(Guid visitId, string readings) => RunAsync(() => visits.SendReadingsAsync(visitId, readings));

    /// <summary>The EMR search for a department (Eqs. 25–48).</summary>
    public Task<ActionFeedback> SearchRecordAsync(Guid visitId, string departmentId) => RunAsync(() => visits.SearchRecordAsync(visitId, departmentId));

    /// <summary>The diagnosis M_DINF (Eqs. 49–50), filed in the record.</summary>
    public Task<ActionFeedback> DiagnoseAsync(Guid visitId, string diagnosis, bool restricted = false) =>
        RunAsync(() => visits.DiagnoseAsync(visitId, diagnosis, restricted));

    /// <param name="done">What happened, in the person's words, when it went through; else the service's message.</param>
    private async Task<ActionFeedback> RunAsync(Func<Task<VisitActionResult>> act, string? done = null)
    {
        var feedback = await PageActions.RunAsync(act, logger);
        return feedback.Succeeded && done is not null ? feedback with { Message = done } : feedback;
    }
}
