namespace EmrAuth.Web.Infrastructure.Persistence;

public enum RegistrationStatus
{
    Pending,
    Approved,
    Refused,
    Withdrawn,
}

/// <summary>
/// A registration request and, once approved, its result (R_X and the sealed S_X). For patients the derived B_P
/// is kept sealed; the raw biometric secret is never stored.
/// </summary>
public sealed class PartyRegistration
{
    public int Id { get; set; }

    public required string PartyId { get; set; }

    /// <summary>The domain's PartyRole name: Patient, Doctor or HospitalCloud.</summary>
    public required string Role { get; set; }

    public required string DisplayName { get; set; }

    /// <summary>For doctors, the department of the requested Cert_D.</summary>
    public string? DepartmentId { get; set; }

    public RegistrationStatus Status { get; set; }

    public DateTimeOffset RequestedAt { get; set; }

    public DateTimeOffset? DecidedAt { get; set; }

    public string? DecisionNote { get; set; }

    public byte[]? R { get; set; }

    public byte[]? SealedScalar { get; set; }

    public byte[]? SealedBiometricPassword { get; set; }

    public string? CertificateSerial { get; set; }
}

/// <summary>The public cloud's and the medical authority's long-term secrets, sealed with Data Protection.</summary>
public sealed class CloudSecrets
{
    public int Id { get; set; }

    public required byte[] SealedMasterSecret { get; set; }

    public required byte[] SealedCloudKey { get; set; }

    public required byte[] SealedAuthorityKey { get; set; }
}

/// <summary>A Cert_D the medical authority issued, and its revocation if any.</summary>
public sealed class CertificateRecord
{
    public required string Serial { get; set; }

    public required string DoctorId { get; set; }

    public required string DepartmentId { get; set; }

    public DateTimeOffset NotBefore { get; set; }

    public DateTimeOffset NotAfter { get; set; }

    public required byte[] Encoded { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public string? RevocationReason { get; set; }
}

/// <summary>A department of a hospital.</summary>
public sealed class Department
{
    public int Id { get; set; }

    public required string HospitalId { get; set; }

    public required string DepartmentId { get; set; }

    public required string Name { get; set; }
}

/// <summary>One entry of an EMR, its text sealed with the holding hospital's key (encrypted at rest).</summary>
public sealed class EmrEntry
{
    public int Id { get; set; }

    public required string HospitalId { get; set; }

    public required string PatientId { get; set; }

    public required string DepartmentId { get; set; }

    public DateTimeOffset At { get; set; }

    public required string Author { get; set; }

    public required byte[] SealedText { get; set; }

    public byte[]? AuthorSignature { get; set; }

    /// <summary>For an imported entry: the FHIR resource type it came as (Condition or DocumentReference).</summary>
    public string? ImportedAs { get; set; }

    /// <summary>For an entry imported from another system: that system as the FHIR resource named it (meta.source); null when written here.</summary>
    public string? SourceSystem { get; set; }
}

/// <summary>The public cloud's index record h(ID_P || ID_DE) → masked (ID_HPC || ID_D).</summary>
public sealed class IndexRecord
{
    public required string KeyHex { get; set; }

    public required byte[] Masked { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
