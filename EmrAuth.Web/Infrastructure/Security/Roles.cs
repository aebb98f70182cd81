namespace EmrAuth.Web.Infrastructure.Security;

/// <summary>The four kinds of people who sign in.</summary>
public static class Roles
{
    public const string Patient = nameof(Patient);
    public const string Doctor = nameof(Doctor);
    public const string HospitalAdmin = nameof(HospitalAdmin);
    public const string CloudAdmin = nameof(CloudAdmin);

    public static readonly IReadOnlyList<string> All = [Patient, Doctor, HospitalAdmin, CloudAdmin];

    /// <summary>The claim that names the party an account acts for (a patient, doctor or hospital id).</summary>
    public const string PartyClaim = "emrauth:party";
}
