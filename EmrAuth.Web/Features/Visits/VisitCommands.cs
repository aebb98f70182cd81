namespace EmrAuth.Web.Features.Visits;

/// <summary>
/// The visit actions a page offers its forms, each turned into an <see cref="ActionFeedback"/>. The forms take these as
/// delegates, so they render and validate without the signed-in user or the services.
/// </summary>
public sealed class VisitCommands(CurrentUser currentUser, VisitService visits, ILogger logger)
{
    /// <summary>The doctor accepts (Eqs. 16–22: SEK_1 is agreed and the patient verifies Cert_D).</summary>
    public Task<ActionFeedback> AcceptAsync(Guid visitId) => AsDoctorAsync(doctorId => visits.AcceptAsync(visitId, doctorId),
        "Visit accepted: the patient's device verified your certificate and both sides hold SEK₁.");

    /// <summary>The doctor declines, with a reason the patient sees.</summary>
    public Task<ActionFeedback> RefuseAsync(Guid visitId, string reason) => AsDoctorAsync(doctorId => visits.RefuseAsync(visitId, doctorId, reason),
        "Visit declined; the patient sees your reason.");

    /// <summary>The patient's device sends M_SD under SEK_1 (Eqs. 23–24).</summary>
    public Task<ActionFeedback> SendReadingsAsync(Guid visitId, string readings) => VisitActions.RunAsync(async () =>
    {
        var (_, patientId) = await currentUser.RequirePartyAsync(Roles.Patient);
        return await visits.SendReadingsAsync(visitId, patientId, readings);
    }, logger);

    /// <summary>The EMR search for a department (Eqs. 25–48).</summary>
    public Task<ActionFeedback> SearchRecordAsync(Guid visitId, string departmentId) =>
        AsDoctorAsync(doctorId => visits.SearchRecordAsync(visitId, doctorId, departmentId));

    /// <summary>The diagnosis M_DINF (Eqs. 49–50), filed in the record.</summary>
    public Task<ActionFeedback> DiagnoseAsync(Guid visitId, string diagnosis) =>
        AsDoctorAsync(doctorId => visits.DiagnoseAsync(visitId, doctorId, diagnosis));

    /// <param name="done">What happened, in the doctor's words, when it went through; else the service's message.</param>
    private async Task<ActionFeedback> AsDoctorAsync(Func<string, Task<VisitActionResult>> act, string? done = null)
    {
        var feedback = await VisitActions.RunAsync(async () =>
        {
            var (_, doctorId) = await currentUser.RequirePartyAsync(Roles.Doctor);
            return await act(doctorId);
        }, logger);
        return feedback.Succeeded && done is not null ? feedback with { Message = done } : feedback;
    }
}
