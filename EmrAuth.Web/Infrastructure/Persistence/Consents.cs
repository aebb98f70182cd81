namespace EmrAuth.Web.Infrastructure.Persistence;

/// <summary>
/// A patient's consent grant as the patient's device signed it (Grant_P || Sig_PG), with the fields copied out for
/// lists, and its revocation (Revoke_P || Sig_R1) once the patient revoked it. The signed bytes are what a search
/// carries; the copies are never trusted by a check.
/// </summary>
public sealed class ConsentGrantRecord
{
    /// <summary>ID_G.</summary>
    public required string GrantId { get; set; }

    public required string PatientId { get; set; }

    public required string GranteeKind { get; set; }

    public required string GranteeId { get; set; }

    public required string Purpose { get; set; }

    /// <summary>The departments, comma-separated; empty for every department.</summary>
    public required string Departments { get; set; }

    public bool IncludesRestricted { get; set; }

    public DateTimeOffset NotBefore { get; set; }

    public DateTimeOffset NotAfter { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary><c>SignedGrant.Encode()</c>: public values only (ids, times, the signature).</summary>
    public required byte[] SignedGrant { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    /// <summary>Revoke_P || Sig_R1, as the public cloud accepted it; reloaded into the parties' revocation lists at start.</summary>
    public byte[]? SignedRevocation { get; set; }

    public List<ConsentUseRecord> Uses { get; set; } = [];
}

/// <summary>One search a doctor ran under a grant: who, when, which department, and how it ended (the check that refused it).</summary>
public sealed class ConsentUseRecord
{
    public long Id { get; set; }

    public required string GrantId { get; set; }

    public required string DoctorId { get; set; }

    public DateTimeOffset At { get; set; }

    public required string DepartmentId { get; set; }

    public required string Purpose { get; set; }

    public string? HospitalId { get; set; }

    public bool Succeeded { get; set; }

    /// <summary>In words for the patient: the record's hospital, or where and why a party refused.</summary>
    public required string Outcome { get; set; }

    /// <summary>The refusing check's name (e.g. "Consent grant not revoked"), null when the record was released.</summary>
    public string? FailedCheck { get; set; }
}
