namespace EmrAuth.Web.Infrastructure.Persistence;

/// <summary>Where the hospital's review of a break-glass access stands.</summary>
public enum BreakGlassReview
{
    Pending,
    Justified,
    Unjustified,
}

/// <summary>
/// One break-glass access (issue 14): the doctor's signed BG_D as the hospital accepted it (its public fields), how often
/// the record was opened within the time box, and the hospital administrator's review.
/// </summary>
public sealed class BreakGlassRecord
{
    public Guid Id { get; set; }

    public required string DoctorId { get; set; }

    public required string PatientId { get; set; }

    public required string HospitalId { get; set; }

    public required string DepartmentId { get; set; }

    public required string Reason { get; set; }

    public required string ReasonText { get; set; }

    public required string Profile { get; set; }

    public DateTimeOffset StartsAt { get; set; }

    public DateTimeOffset EndsAt { get; set; }

    /// <summary>The doctor confirmed restricted entries a second time (BG_D's restricted flag); flagged in the review.</summary>
    public bool RestrictedConfirmed { get; set; }

    public int Opens { get; set; }

    public DateTimeOffset LastOpenedAt { get; set; }

    public BreakGlassReview Review { get; set; }

    public string? ReviewedBy { get; set; }

    public DateTimeOffset? ReviewedAt { get; set; }

    public string? ReviewNote { get; set; }

    public List<BreakGlassEventRecord> Events { get; set; } = [];
}

/// <summary>One transcript event of a break-glass access; sealed at rest like a visit's (it can hold M_EMR).</summary>
public sealed class BreakGlassEventRecord
{
    public long Id { get; set; }

    public Guid AccessId { get; set; }

    public long Sequence { get; set; }

    public DateTimeOffset At { get; set; }

    public required byte[] SealedPayload { get; set; }
}
