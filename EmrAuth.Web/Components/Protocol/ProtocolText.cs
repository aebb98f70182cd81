using System.Globalization;

namespace EmrAuth.Web.Components.Protocol;

/// <summary>Wording shared by the protocol components: party and phase names, plain-language failures, short hex.</summary>
public static class ProtocolText
{
    public const string HiddenPersonal = "hidden (you are not a party to this visit)";
    public const string SecretPart = "secret, not shown";

    /// <summary>The four lifelines of the sequence diagram, left to right, keyed by <see cref="PartyView.Role"/>.</summary>
    public static IReadOnlyList<string> LaneRoles { get; } = ["Patient", "Doctor", "HospitalCloud", "PublicCloud"];

    public static string RoleName(string role) => role switch
    {
        "Patient" => "Patient",
        "Doctor" => "Doctor",
        "HospitalCloud" => "Hospital cloud",
        "PublicCloud" => "Public cloud",
        "MedicalAuthority" => "Medical authority",
        _ => role,
    };

    /// <summary>"the patient's device", as the subject of a sentence about who checked something.</summary>
    public static string PartyInWords(PartyView party) => party.Role switch
    {
        "Patient" => "the patient's device",
        "Doctor" => "the doctor's system",
        "HospitalCloud" => $"the hospital cloud ({party.Id})",
        "PublicCloud" => "the public cloud",
        "MedicalAuthority" => "the medical authority",
        _ => party.Id,
    };

    public static string Party(PartyView party) => $"{RoleName(party.Role)} {party.Id}";

    public static string PhaseName(string phase) => phase switch
    {
        "EmrSearch" => "EMR search",
        "Filing" => "Filing",
        "Consent" => "Search under a consent grant",
        _ => phase,
    };

    /// <summary>"the consultation", for a sentence such as "at step 2 of the consultation".</summary>
    public static string PhaseInWords(string phase) => phase switch
    {
        "Registration" => "registration",
        "Indexing" => "record indexing",
        "Consultation" => "the consultation",
        "EmrSearch" => "the medical-record search",
        "Diagnosis" => "the diagnosis",
        "Filing" => "filing the diagnosis",
        "Consent" => "the search under a consent grant",
        _ => phase,
    };

    public static string Time(DateTimeOffset at) => at.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture);

    public static string Bytes(int size) => size == 1 ? "1 byte" : $"{size.ToString("N0", CultureInfo.InvariantCulture)} bytes";

    /// <summary>First 16 and last 8 hex digits; short values whole.</summary>
    public static string ShortHex(string hex) => hex.Length <= 28 ? hex : $"{hex[..16]}…{hex[^8..]}";

    public static bool IsSecret(PartView part) => part.Hex is null || part.Kind == "Secret";

    /// <summary>What a viewer may read of a recovered value.</summary>
    public static string Shown(RecoveredView value, bool showPersonalData) => value.Sensitivity switch
    {
        "Public" => value.Value,
        "Secret" => value.Value,
        _ => showPersonalData ? value.Value : HiddenPersonal,
    };

    /// <summary>A failed check in words a clinician understands, without the paper's notation.</summary>
    public static string Plain(VerificationView check)
    {
        var name = check.Check;
        if (name.StartsWith("Cert_D legal", StringComparison.Ordinal))
        {
            return "the doctor's licence certificate could not be confirmed" + CertificateDetail(check.Reason);
        }
        if (name.StartsWith("Freshness of", StringComparison.Ordinal))
        {
            return "a message arrived too late or was replayed";
        }
        if (name.StartsWith("Replay cache", StringComparison.Ordinal))
        {
            return "a message was received twice (possible replay)";
        }
        if (name.StartsWith("Decrypt", StringComparison.Ordinal) || name.Contains(" inside ", StringComparison.Ordinal))
        {
            return "a message was altered in transit or not meant for this party";
        }
        if (name.StartsWith("Verify ", StringComparison.Ordinal))
        {
            return "a signature did not match: the sender could not be authenticated";
        }
        if (name.StartsWith("SEK", StringComparison.Ordinal))
        {
            return "the two sides did not agree on a session key";
        }
        if (name.StartsWith("Index record", StringComparison.Ordinal))
        {
            return "no hospital holds a record for this patient in that department";
        }
        return check.Reason;
    }

    private static string CertificateDetail(string reason)
    {
        if (reason.Contains("revoked", StringComparison.OrdinalIgnoreCase))
        {
            var why = reason.LastIndexOf(": ", StringComparison.Ordinal) is var i and >= 0 ? reason[(i + 2)..].Trim() : "";
            return why.Length > 0 ? $" (it has been revoked: {why})" : " (it has been revoked)";
        }
        if (reason.Contains("not signed", StringComparison.OrdinalIgnoreCase))
        {
            return " (it was not issued by the medical authority)";
        }
        if (reason.Contains("issued to", StringComparison.OrdinalIgnoreCase))
        {
            return " (it belongs to a different doctor)";
        }
        if (reason.Contains(" valid ", StringComparison.OrdinalIgnoreCase))
        {
            return " (it has expired or is not yet valid)";
        }
        return "";
    }
}
