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
