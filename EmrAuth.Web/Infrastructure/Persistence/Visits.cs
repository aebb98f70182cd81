namespace EmrAuth.Web.Infrastructure.Persistence;

public enum VisitStatus
{
    Requested,
    Refused,
    Consulting,
    Searching,
    RecordRead,
    Diagnosed,
    Failed,
    Interrupted,
}

/// <summary>A visit of a patient to a doctor, and where it stands.</summary>
public sealed class VisitRecord
{
    public Guid Id { get; set; }

    public required string PatientId { get; set; }

    public required string DoctorId { get; set; }

    public string? DepartmentId { get; set; }

    public string? HospitalId { get; set; }

    public VisitStatus Status { get; set; }

    public required string Profile { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>In words a clinician understands: why it ended as it did.</summary>
    public string? Outcome { get; set; }

    public byte[]? SealedDiagnosis { get; set; }

    /// <summary>
    /// Scope_P: the departments the patient allowed this visit to search, comma-separated, as signed in C_P1 (what the
    /// public cloud keeps with the session). Null for visits started before the scope existed: they can no longer run.
    /// Declared last because the migration that added it appends the column.
    /// </summary>
    public string? SearchScope { get; set; }

    public List<VisitEventRecord> Events { get; set; } = [];
}

/// <summary>One transcript event of a visit; its JSON (which can hold M_SD or M_EMR) is sealed at rest.</summary>
public sealed class VisitEventRecord
{
    public long Id { get; set; }

    public Guid VisitId { get; set; }

    public long Sequence { get; set; }

    public required string Kind { get; set; }

    public DateTimeOffset At { get; set; }

    public required byte[] SealedPayload { get; set; }
}

/// <summary>
/// A running visit's protocol sessions between two steps (docs/hardened-profile.md#sealed-visit-state): their export,
/// with r_i or the ephemeral keys and SEK_1/SEK_2, sealed under the visit's own purpose. Written in the same save as
/// each step's results and deleted in the save that ends the visit.
/// </summary>
public sealed class VisitSessionState
{
    public Guid VisitId { get; set; }

    public required byte[] SealedState { get; set; }

    /// <summary>Raised by every save: the concurrency token, so a step another instance already saved is never applied twice.</summary>
    public long Version { get; set; }

    /// <summary>When the last step sealed it; a state older than Visits:SealedStateLifetime is erased.</summary>
    public DateTimeOffset UpdatedAt { get; set; }
}
