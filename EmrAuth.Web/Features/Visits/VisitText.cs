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

    public static string DoctorLabel(DoctorListing doctor) => $"{doctor.DisplayName} — {doctor.DepartmentId}";
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
        name = await registry.DisplayNameOfAsync(role, id);
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
