using System.Globalization;
using MudBlazor;

namespace EmrAuth.Web.Features.Visits;

/// <summary>Wording shared by the patient, doctor and visit pages: status labels, times, who is who.</summary>
public static class VisitText
{
    public static readonly string AnyRole = string.Join(",", Roles.All);

    /// <summary>A short status label for a badge.</summary>
    public static string Label(VisitStatus status) => status switch
    {
        VisitStatus.Requested => "Requested",
        VisitStatus.Consulting => "Accepted",
        VisitStatus.Searching => "Readings received",
        VisitStatus.RecordRead => "Record read",
        VisitStatus.Diagnosed => "Diagnosed",
        VisitStatus.Refused => "Declined",
        VisitStatus.Failed => "Stopped",
        _ => "Interrupted",
    };

    public static Color Color(VisitStatus status) => status switch
    {
        VisitStatus.Requested => MudBlazor.Color.Warning,
        VisitStatus.Diagnosed => MudBlazor.Color.Success,
        VisitStatus.Refused or VisitStatus.Failed => MudBlazor.Color.Error,
        VisitStatus.Interrupted => MudBlazor.Color.Default,
        _ => MudBlazor.Color.Info,
    };

    public static bool IsOpen(VisitStatus status) =>
        status is VisitStatus.Requested or VisitStatus.Consulting or VisitStatus.Searching or VisitStatus.RecordRead;

    /// <summary>"21 Nov 2026, 14:03" in the server's time zone.</summary>
    public static string When(DateTimeOffset at) => at.ToLocalTime().ToString("d MMM yyyy, HH:mm", CultureInfo.InvariantCulture);

    public static string Exact(DateTimeOffset at) => at.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture);

    /// <summary>"just now", "5 min ago", "3 h ago", else the date.</summary>
    public static string Ago(DateTimeOffset at, DateTimeOffset now)
    {
        var age = now - at;
        return age.TotalSeconds < 60 ? "just now"
            : age.TotalMinutes < 60 ? $"{(int)age.TotalMinutes} min ago"
            : age.TotalHours < 24 ? $"{(int)age.TotalHours} h ago"
            : When(at);
    }

    /// <summary>A visit grid's row classes (MudDataGrid has no row attributes): "visit-row" and the status, for styling and tests.</summary>
    public static string RowClass(VisitSummary visit, int index) => $"visit-row status-{visit.Status}";

    /// <summary>Row attributes for the Radzen grid of PatientHome, until it becomes a MudDataGrid (then delete this).</summary>
    public static void RenderVisitRow(Radzen.RowRenderEventArgs<VisitSummary> args)
    {
        args.Attributes["data-testid"] = "visit-row";
        if (args.Data is { } visit)
        {
            args.Attributes["data-visit-id"] = visit.Id.ToString();
            args.Attributes["data-status"] = visit.Status.ToString();
        }
    }

    public static string DoctorLabel(DoctorListing doctor) => $"{doctor.DisplayName} — {doctor.DepartmentId}";

    /// <summary>The user-facing text of an action that did not succeed; never an exception's internals.</summary>
    public const string Unexpected = "Something went wrong on the server. Nothing was sent; please try again.";
}

/// <summary>How an action went, for the alert or the field next to the button.</summary>
public sealed record ActionFeedback(bool Succeeded, string Message, string? Field = null);

public static class VisitActions
{
    /// <summary>
    /// Runs a visit action (which must call <see cref="CurrentUser.RequireAsync"/> itself) and turns every way it can
    /// end into words: the service's result, a validation message for a field, a denied access, or a generic failure.
    /// </summary>
    public static async Task<ActionFeedback> RunAsync(Func<Task<VisitActionResult>> action, ILogger logger)
    {
        try
        {
            var result = await action();
            return new ActionFeedback(result.Succeeded, result.Message);
        }
        catch (PortalValidationException e)
        {
            return new ActionFeedback(false, e.Message, e.Field);
        }
        catch (AccessDeniedException e)
        {
            return new ActionFeedback(false, $"{e.Message} Please sign in again.");
        }
        catch (Exception e)
        {
            logger.LogError(e, "A visit action failed unexpectedly");
            return new ActionFeedback(false, VisitText.Unexpected);
        }
    }
}

/// <summary>Display names of patients and doctors, looked up once per page.</summary>
public sealed class PartyNames(RegistryQueries registry)
{
    private readonly Dictionary<(string Role, string Id), string> _names = [];

    public async Task<string> OfAsync(string role, string id)
    {
        if (_names.TryGetValue((role, id), out var name))
        {
            return name;
        }
        var registration = await registry.RegistrationOfAsync(role, id);
        name = registration?.DisplayName ?? id;
        _names[(role, id)] = name;
        return name;
    }

    public string Known(string role, string id) => _names.GetValueOrDefault((role, id), id);

    public async Task LoadAsync(IEnumerable<VisitSummary> visits)
    {
        foreach (var visit in visits)
        {
            await OfAsync(Roles.Patient, visit.PatientId);
            await OfAsync(Roles.Doctor, visit.DoctorId);
        }
    }
}

/// <summary>A department a doctor can search, from the hospitals' department lists (ids are shared across hospitals).</summary>
public sealed record DepartmentOption(string Id, string Label)
{
    public static IReadOnlyList<DepartmentOption> From(IEnumerable<Department> departments) => departments
        .GroupBy(d => d.DepartmentId)
        .Select(g => new DepartmentOption(g.Key, $"{g.First().Name} ({g.Key})"))
        .OrderBy(d => d.Label, StringComparer.OrdinalIgnoreCase)
        .ToList();
}
