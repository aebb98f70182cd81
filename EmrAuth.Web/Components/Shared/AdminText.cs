using System.Globalization;
using MudBlazor;

namespace EmrAuth.Web.Components.Shared;

/// <summary>Formatting shared by the hospital, cloud and sign-up pages.</summary>
public static class AdminText
{
    /// <summary>A moment as administrators read it: UTC, to the minute.</summary>
    public static string When(DateTimeOffset at) =>
        at.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    public static string When(DateTimeOffset? at) => at is { } value ? When(value) : "—";

    public static string Day(DateTimeOffset at) => at.ToUniversalTime().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>Long hex values (R_X, signatures, index records) shortened for a table cell; the full value goes in a tooltip.</summary>
    public static string ShortHex(string hex, int head = 12, int tail = 6) =>
        hex.Length <= head + tail + 1 ? hex : $"{hex[..head]}…{hex[^tail..]}";

    public static string ShortHex(byte[] bytes) => ShortHex(Convert.ToHexString(bytes));

    /// <summary>The domain's role names (Patient, Doctor, HospitalCloud) in words.</summary>
    public static string Role(string role) => role switch
    {
        "HospitalCloud" or "HospitalAdmin" => "Hospital",
        "PublicCloud" => "Public cloud",
        _ => role,
    };

    public static Color RegistrationColor(RegistrationStatus status) => status switch
    {
        RegistrationStatus.Pending => Color.Warning,
        RegistrationStatus.Approved => Color.Success,
        RegistrationStatus.Refused => Color.Error,
        _ => Color.Secondary,
    };

    public static Color VisitColor(VisitStatus status) => status switch
    {
        VisitStatus.Diagnosed => Color.Success,
        VisitStatus.Failed or VisitStatus.Refused => Color.Error,
        VisitStatus.Interrupted => Color.Warning,
        _ => Color.Info,
    };

    /// <summary>"Dr. Mei Chen" stays as it is; "Mei Chen" becomes "Dr Mei Chen".</summary>
    public static string Doctor(string name) =>
        name.StartsWith("Dr", StringComparison.OrdinalIgnoreCase) ? name : $"Dr {name}";
}
