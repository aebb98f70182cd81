using EmrAuth.Domain.Phases;

namespace EmrAuth.Web.Features.Visits;

/// <summary>A doctor of the signed directory, as the patient picks one.</summary>
public sealed record DoctorOption(string Id, string Label)
{
    public static DoctorOption From(DoctorListing doctor) => new(doctor.Id, VisitText.DoctorLabel(doctor));
}

/// <summary>A protocol profile a patient may run a visit under.</summary>
public sealed record ProfileOption(ProtocolProfile Profile, string Label)
{
    public static readonly IReadOnlyList<ProfileOption> All =
    [
        new(ProtocolProfile.Hardened, "Hardened (forward secrecy, unlinkable)"),
        new(ProtocolProfile.Paper, "Paper (as published)"),
    ];
}

/// <summary>
/// What the patient chose on the start-visit form: the doctor to send C_P1 to, the profile of the visit, and the
/// departments whose records the visit may search and whether restricted entries are included (both signed into C_P1).
/// </summary>
public sealed record VisitChoice(string DoctorId, ProtocolProfile Profile, IReadOnlyList<string> Departments, bool IncludeRestricted = false);
