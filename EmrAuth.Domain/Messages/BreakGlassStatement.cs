using EmrAuth.Domain.Certificates;
using EmrAuth.Domain.Crypto;

namespace EmrAuth.Domain.Messages;

/// <summary>Why a doctor breaks the glass: a fixed list (IHE PCF's emergency reasons), plus free text.</summary>
public enum BreakGlassReason
{
    UnconsciousOrUnresponsive,
    LifeThreatening,
    PatientUnableToConsent,
    Other,
}

/// <summary>
/// BG_D, the doctor's emergency-access statement (issue 14): ID_P || ID_HPC || ID_DE || ID_D || Cert_D || reason ||
/// reason text || T_start || Δ_BG || restricted || T_BG || N_BG. Signed by PRK_D (Sig_BG); the public cloud and the
/// hospital each check Cert_D, Sig_BG and the time box [T_start, T_start + Δ_BG] against their own clock.
/// </summary>
public sealed record BreakGlassStatement(string PatientId, string HospitalId, string DepartmentId, string DoctorId, DoctorCertificate Certificate,
    BreakGlassReason Reason, string ReasonText, long StartsAt, long DurationMs, bool RestrictedConfirmed, long SignedAt, byte[] Nonce)
{
    public const string Tag = "BreakGlass_D";

    public const int NonceLength = 16;

    /// <summary>The longest free text a statement carries, in characters.</summary>
    public const int MaxReasonTextLength = 500;

    /// <summary>The named checks of break-glass (no paper equation numbers them).</summary>
    public const string SignatureCheck = "Break-glass request (doctor-signed)";

    public const string TimeBoxCheck = "Break-glass time box";

    public const string ReasonCheck = "Break-glass reason";

    public const string HospitalCheck = "Break-glass emergency's hospital";

    public const string RecordCheck = "Break-glass record at the emergency's hospital";

    public byte[] Nonce { get; } = Nonce.Length == NonceLength ? Nonce : throw new ArgumentException($"N_BG is {NonceLength} bytes.", nameof(Nonce));

    public DateTimeOffset Starts => DateTimeOffset.FromUnixTimeMilliseconds(StartsAt);

    public DateTimeOffset Ends => DateTimeOffset.FromUnixTimeMilliseconds(StartsAt + DurationMs);

    /// <summary>A first opening: the time box starts when the doctor signs.</summary>
    public static BreakGlassStatement New(string patientId, string hospitalId, string departmentId, string doctorId, DoctorCertificate certificate,
        BreakGlassReason reason, string reasonText, TimeSpan duration, bool restrictedConfirmed, long signedAt, long? startsAt = null) =>
        new(patientId, hospitalId, departmentId, doctorId, certificate, reason, reasonText, startsAt ?? signedAt, (long)duration.TotalMilliseconds,
            restrictedConfirmed, signedAt, RandomSource.GetBytes(NonceLength));

    public byte[] Encode() => new FieldWriter().Add(Tag).Add(PatientId).Add(HospitalId).Add(DepartmentId).Add(DoctorId).Add(Certificate.Encode())
        .Add((long)Reason).Add(ReasonText).Add(StartsAt).Add(DurationMs).Add(RestrictedConfirmed ? 1L : 0L).Add(SignedAt).Add(Nonce).ToArray();

    public static BreakGlassStatement Decode(byte[] data)
    {
        var r = new FieldReader(data);
        if (r.ReadString() != Tag)
        {
            throw new MalformedMessageException($"not a {Tag} statement");
        }
        var (patient, hospital, department, doctor, certificate) = (r.ReadString(), r.ReadString(), r.ReadString(), r.ReadString(), DoctorCertificate.Decode(r.ReadBytes()));
        var reason = r.ReadInt64();
        var (text, starts, duration, restricted, signedAt, nonce) = (r.ReadString(), r.ReadInt64(), r.ReadInt64(), r.ReadInt64(), r.ReadInt64(), r.ReadBytes());
        r.EnsureEnd();
        if (!Enum.IsDefined((BreakGlassReason)reason) || restricted is not (0 or 1) || nonce.Length != NonceLength)
        {
            throw new MalformedMessageException("a reason code, restricted flag or N_BG out of range");
        }
        return new BreakGlassStatement(patient, hospital, department, doctor, certificate, (BreakGlassReason)reason, text, starts, duration, restricted == 1, signedAt, nonce);
    }

    /// <summary>h(BG_D): what the forward and the release name, so each belongs to one statement.</summary>
    public byte[] Digest() => Hashing.Digest(Encode());

    /// <summary>Why the time box does not hold at <paramref name="now"/> under the deployment's <paramref name="limit"/>, or null.</summary>
    public string? TimeBoxFailure(DateTimeOffset now, TimeSpan limit, TimeSpan skew)
    {
        if (DurationMs <= 0 || DurationMs > (long)limit.TotalMilliseconds)
        {
            return $"the time box asks for {TimeSpan.FromMilliseconds(DurationMs).TotalHours:0.##} h; this deployment allows at most {limit.TotalHours:0.##} h";
        }
        if (Starts > now + skew)
        {
            return $"the time box starts at {Starts:u}, in the future";
        }
        return now > Ends ? $"the time box ended at {Ends:u}: break-glass access is over" : null;
    }

    /// <summary>Why the reason is not acceptable, or null: "Other" needs words, and the text has a length limit.</summary>
    public string? ReasonFailure() =>
        ReasonText.Length > MaxReasonTextLength ? $"the reason text is longer than {MaxReasonTextLength} characters"
        : Reason == BreakGlassReason.Other && string.IsNullOrWhiteSpace(ReasonText) ? "the reason \"Other\" needs a stated reason"
        : null;

    public override string ToString() => $"{DoctorId} → {PatientId} ({DepartmentId} at {HospitalId}), {Reason}, {Starts:u}–{Ends:u}";
}
