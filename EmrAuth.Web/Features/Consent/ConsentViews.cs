using EmrAuth.Domain.Messages;

namespace EmrAuth.Web.Features.Consent;

public enum GrantStatus
{
    /// <summary>Signed, but its window has not started.</summary>
    Scheduled,
    Active,
    Expired,
    Revoked,
}

/// <summary>What the patient fills in to grant access (the device signs it with PRK_P).</summary>
public sealed class GrantForm
{
    public GranteeKind GranteeKind { get; set; } = GranteeKind.Doctor;

    /// <summary>ID_D, ID_DE or ID_HPC, by <see cref="GranteeKind"/>.</summary>
    public string? GranteeId { get; set; }

    public PurposeOfUse Purpose { get; set; } = PurposeOfUse.Treatment;

    /// <summary>Empty with <see cref="AllDepartments"/> for every department.</summary>
    public IReadOnlyCollection<string> Departments { get; set; } = [];

    public bool AllDepartments { get; set; }

    public bool IncludesRestricted { get; set; }

    public DateTime? Starts { get; set; }

    public DateTime? Expires { get; set; }
}

/// <summary>One search under a grant, as the patient sees it.</summary>
public sealed record GrantUseView(string DoctorId, DateTimeOffset At, string DepartmentId, string Purpose, string? HospitalId, bool Succeeded, string Outcome,
    string? FailedCheck);

/// <summary>A grant as its patient (and the doctors it covers) see it: what it allows, its status, and every use.</summary>
public sealed record GrantView(string GrantId, string PatientId, GranteeKind GranteeKind, string GranteeId, PurposeOfUse Purpose, IReadOnlyList<string> Departments,
    bool IncludesRestricted, DateTimeOffset NotBefore, DateTimeOffset NotAfter, DateTimeOffset CreatedAt, DateTimeOffset? RevokedAt, GrantStatus Status,
    IReadOnlyList<GrantUseView> Uses)
{
    public string Categories => (Departments.Count == 0 ? "All departments" : string.Join(", ", Departments)) + (IncludesRestricted ? " + restricted" : "");

    public string Grantee => GranteeKind switch
    {
        GranteeKind.Doctor => GranteeId,
        GranteeKind.Department => $"{GranteeId} department",
        _ => $"{GranteeId} (hospital)",
    };

    public static string PurposeLabel(PurposeOfUse purpose) => purpose == PurposeOfUse.SecondOpinion ? "Second opinion" : "Treatment";

    public static GrantStatus StatusOf(DateTimeOffset? revokedAt, DateTimeOffset notBefore, DateTimeOffset notAfter, DateTimeOffset now) =>
        revokedAt is not null ? GrantStatus.Revoked : now < notBefore ? GrantStatus.Scheduled : now >= notAfter ? GrantStatus.Expired : GrantStatus.Active;

    internal static GrantView From(ConsentGrantRecord row, DateTimeOffset now) =>
        new(row.GrantId, row.PatientId, Enum.Parse<GranteeKind>(row.GranteeKind), row.GranteeId, Enum.Parse<PurposeOfUse>(row.Purpose),
            row.Departments.Split(',', StringSplitOptions.RemoveEmptyEntries), row.IncludesRestricted, row.NotBefore, row.NotAfter, row.CreatedAt, row.RevokedAt,
            StatusOf(row.RevokedAt, row.NotBefore, row.NotAfter, now), UsesOf(row.Uses));

    /// <summary>Newest first; uses stored in the same instant keep the order they were stored in.</summary>
    internal static IReadOnlyList<GrantUseView> UsesOf(IEnumerable<ConsentUseRecord> uses) =>
        [.. uses.OrderByDescending(u => u.At).ThenByDescending(u => u.Id).Select(u => new GrantUseView(u.DoctorId, u.At, u.DepartmentId, u.Purpose, u.HospitalId,
            u.Succeeded, u.Outcome, u.FailedCheck))];
}

/// <summary>
/// How a search under a grant ended, for the doctor: the record when released, else the refusing check and its reason;
/// and the session's messages and checks for the protocol view.
/// </summary>
public sealed record GrantSearchOutcome(bool Succeeded, string Message, string? FailedCheck, string? FailedReason, string? Record, string? HospitalId,
    IReadOnlyList<EventView> Events);
