using EmrAuth.Domain.Phases;
using EmrAuth.Domain.Registry;

namespace EmrAuth.Web.Infrastructure.Persistence;

public enum RegistrationStatus
{
    Pending,
    Approved,
    Refused,
    Withdrawn,
}

/// <summary>
/// A registration request and, once approved, its result: R_X, how the key was issued, and S_X sealed where its holder
/// keeps it. An escrowed S_X is the public cloud's copy (<see cref="SealedScalar"/>, which the party shares); an
/// escrow-free S_X only the party ever had (<see cref="SealedPartyKey"/>), and the public cloud keeps nothing. For
/// patients the derived B_P is kept sealed; the raw biometric secret is never stored.
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

    /// <summary>The public cloud's escrowed S_X (paper issuance only; null after escrow-free issuance or renewal).</summary>
    public byte[]? SealedScalar { get; set; }

    public byte[]? SealedBiometricPassword { get; set; }

    public string? CertificateSerial { get; set; }

    // Added by the HardenedEscrowFreeKeys migration: declared last, as they are last in the migrated table.

    /// <summary>How the key was issued; rows written before escrow-free issuance are Escrowed.</summary>
    public KeyIssuance Issuance { get; set; } = KeyIssuance.Escrowed;

    /// <summary>The party's own S_X after escrow-free issuance, sealed under the party's purpose (see <c>SecretSealer.SealPartyKey</c>).</summary>
    public byte[]? SealedPartyKey { get; set; }
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

    /// <summary>k of a filed diagnosis (opens the commitment Sig_D6 signs), sealed like the text: with it, Sig_D6 confirms the text.</summary>
    public byte[]? SealedCommitmentKey { get; set; }

    /// <summary>Label_S || Sig_L of a restricted entry, sealed like the text (h(entry) would confirm a guessed text); null when unrestricted.</summary>
    public byte[]? SealedSensitivityLabel { get; set; }
}

/// <summary>The public cloud's index record h(ID_P || ID_DE) → masked or sealed (ID_HPC || ID_D).</summary>
public sealed class IndexRecord
{
    public required string KeyHex { get; set; }

    public required byte[] Masked { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The record's form: Paper (XOR mask) or Hardened (AES-GCM). Rows written before the hardened index are Paper.</summary>
    public ProtocolProfile Form { get; set; } = ProtocolProfile.Paper;
}
