namespace EmrAuth.Web.Infrastructure.Persistence;

public enum MigrationStatus
{
    Running,
    Completed,
    Failed,
    Interrupted,
}

/// <summary>One patient-delegated EHR migration (M1–M9): where it stands, why it ended, and the receipt.</summary>
public sealed class MigrationRecord
{
    public Guid Id { get; set; }

    public required string PatientId { get; set; }

    public required string SourceId { get; set; }

    public required string DestinationId { get; set; }

    public required string DepartmentId { get; set; }

    public MigrationStatus Status { get; set; }

    /// <summary>The next message to be delivered (MigrationHop name): M1 before anything, Done at the end.</summary>
    public required string NextStep { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>In words for the patient and the administrators: why it ended as it did.</summary>
    public string? Outcome { get; set; }

    /// <summary>The named check that refused a message, if one did.</summary>
    public string? FailedCheck { get; set; }

    /// <summary>Π as issued at M4 (carries PS_P, never ID_P).</summary>
    public byte[]? Proof { get; set; }

    public DateTimeOffset? ProofIssuedAt { get; set; }

    /// <summary>h(EHR) the proof certifies and the receipt signs.</summary>
    public byte[]? RecordDigest { get; set; }

    /// <summary>The destination's Cert_H serial whose key verified Sig_M7.</summary>
    public string? ReceiptCertificate { get; set; }

    public byte[]? ReceiptSignature { get; set; }

    /// <summary>T_M7: when the destination signed the receipt.</summary>
    public DateTimeOffset? ReceiptSignedAt { get; set; }

    public List<MigrationEventRecord> Events { get; set; } = [];
}

/// <summary>One transcript event of a migration, sealed at rest like a visit's (it can hold recovered identities).</summary>
public sealed class MigrationEventRecord
{
    public long Id { get; set; }

    public Guid MigrationId { get; set; }

    public long Sequence { get; set; }

    public required string Kind { get; set; }

    public DateTimeOffset At { get; set; }

    public required byte[] SealedPayload { get; set; }
}

/// <summary>The TTPH's long-term keys: the CA key (Cert_H, revocation list, Π) and the ECIES key PRK_TTPH, sealed.</summary>
public sealed class TtphSecrets
{
    public int Id { get; set; }

    public required string TtphId { get; set; }

    public required byte[] SealedAuthorityKey { get; set; }

    public required byte[] SealedEncryptionKey { get; set; }
}

/// <summary>A Cert_H the TTPH issued to a hospital, and its revocation if any.</summary>
public sealed class HospitalCertificateRecord
{
    public required string Serial { get; set; }

    public required string HospitalId { get; set; }

    public DateTimeOffset NotBefore { get; set; }

    public DateTimeOffset NotAfter { get; set; }

    public required byte[] Encoded { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public string? RevocationReason { get; set; }
}

/// <summary>
/// A migration party's state between messages (a hospital endpoint's proof uses, reservations, owed commits and
/// staged copies; the TTPH's used N_P), sealed because staged copies hold EHRs.
/// </summary>
public sealed class MigrationPartyState
{
    public required string PartyId { get; set; }

    public required byte[] SealedState { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>A record that migrated away: the source keeps it (retention law), sealed under its own purpose, never served.</summary>
public sealed class ArchivedRecordRow
{
    public required string HospitalId { get; set; }

    public required string PatientId { get; set; }

    public required string DepartmentId { get; set; }

    public required string MigratedTo { get; set; }

    public DateTimeOffset ArchivedAt { get; set; }

    public required byte[] SealedRecord { get; set; }
}
