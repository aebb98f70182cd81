namespace EmrAuth.Web.Infrastructure.Persistence;

public enum AdmissionStatus
{
    /// <summary>Sent by the hospital; the patient has not answered (or the id names nobody: it looks the same).</summary>
    Pending,
    Approved,
    Declined,

    /// <summary>A record that existed before agreements were required (upgrade): kept and served, but no new record follows from it.</summary>
    Grandfathered,
}

/// <summary>
/// A hospital's request to register a patient there, and the patient's answer (issue 11, finding 3). An approved
/// request holds the patient-signed Admission_P || Sig_PA || PUK_P the hospital verified.
/// </summary>
public sealed class AdmissionRecord
{
    public long Id { get; set; }

    public required string HospitalId { get; set; }

    /// <summary>The id the hospital's administrator typed: possibly nobody's, which nobody but the patient finds out.</summary>
    public required string PatientId { get; set; }

    public AdmissionStatus Status { get; set; }

    public required string RequestedBy { get; set; }

    public DateTimeOffset RequestedAt { get; set; }

    public DateTimeOffset? DecidedAt { get; set; }

    /// <summary><c>SignedAdmission.Encode()</c> once approved; public values only (ids, time, nonce, signature, PUK_P).</summary>
    public byte[]? SignedAgreement { get; set; }
}
