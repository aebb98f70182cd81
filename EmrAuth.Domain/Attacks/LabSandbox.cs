using EmrAuth.Domain.Crypto;
using EmrAuth.Domain.Migration;
using EmrAuth.Domain.Parties;
using EmrAuth.Domain.Phases;
using EmrAuth.Domain.Transcript;

namespace EmrAuth.Domain.Attacks;

/// <summary>The visit an attack is aimed at: its patient, doctor, department and the hospital that holds the record.</summary>
public sealed record LabTarget(string PatientId, string DoctorId, string DepartmentId, string HospitalId)
{
    public static LabTarget Default { get; } = new("patient-alice", "dr-chen", "cardiology", "HPC-North");

    public override string ToString() => $"{PatientId} → {DoctorId} ({DepartmentId} at {HospitalId})";
}

/// <summary>
/// A throw-away deployment for one attack: the target visit's identities with keys of its own, a second patient and
/// doctor for concurrent sessions, an attacker who registered like anyone else (a patient, a doctor, a hospital), and
/// a hand-moved clock. Nothing an attack does here reaches a real party or its replay cache.
/// </summary>
public sealed class LabSandbox : IDisposable
{
    public const string OtherPatient = "patient-zoe-other";
    public const string OtherDoctor = "dr-other";
    public const string OtherHospital = "HPC-Other";
    public const string AttackerPatient = "patient-mallory";
    public const string AttackerDoctor = "dr-mallory";
    public const string AttackerHospital = "HPC-Mallory";
    public const string Readings = InterceptedVisit.Readings;
    public const string RecordText = "Sandbox record: 2024 stent placed; on aspirin.";

    /// <summary>A department where the target patient also has a record, which the target visit's scope leaves out.</summary>
    public const string OutOfScopeDepartment = "psychiatry";

    private static readonly string[] Reserved = [OtherPatient, OtherDoctor, OtherHospital, AttackerPatient, AttackerDoctor, AttackerHospital];

    private MigrationDeployment? _migration;

    public LabSandbox(LabTarget target, ProtocolProfile profile, DateTimeOffset start)
    {
        if (new[] { target.PatientId, target.DoctorId, target.HospitalId }.Intersect(Reserved).Any() || target.DepartmentId == OutOfScopeDepartment)
        {
            throw new ArgumentException($"The target uses an identity the lab reserves for its own parties ({string.Join(", ", [.. Reserved, OutOfScopeDepartment])}).", nameof(target));
        }
        Target = target;
        Clock = new ManualClock(start);
        Deployment = new Deployment(Clock, new ProtocolOptions { Profile = profile });
        Deployment.AddHospital(target.HospitalId);
        Deployment.AddHospital(OtherHospital);
        Deployment.AddHospital(AttackerHospital);
        Deployment.AddDoctor(target.DoctorId, target.DepartmentId);
        Deployment.AddDoctor(OtherDoctor, target.DepartmentId);
        Deployment.AddDoctor(AttackerDoctor, target.DepartmentId);
        Deployment.AddPatient(target.PatientId, $"{target.PatientId} sandbox biometric");
        Deployment.AddPatient(OtherPatient, "other sandbox biometric");
        Deployment.AddPatient(AttackerPatient, "mallory sandbox biometric");
        Deployment.AddRecord(target.HospitalId, target.PatientId, target.DepartmentId, RecordText);
        Deployment.AddRecord(target.HospitalId, OtherPatient, target.DepartmentId, "Sandbox record of another patient.");
        Deployment.AddRecord(target.HospitalId, target.PatientId, OutOfScopeDepartment, "Sandbox record the visit's scope leaves out.");
        Clock.Advance(TimeSpan.FromMinutes(5));
    }

    public LabTarget Target { get; }

    public ManualClock Clock { get; }

    public Deployment Deployment { get; }

    public ProtocolProfile Profile => Deployment.Options.Profile;

    public TimeSpan FreshnessWindow => Deployment.Options.FreshnessWindow;

    /// <summary>The plaintext as an honest sender of the lab's profile sends it: the attacker knows the format, padding included.</summary>
    internal byte[] AsSent(byte[] plaintext) => Profile == ProtocolProfile.Hardened ? PlaintextPadding.Pad(plaintext) : plaintext;

    /// <summary>A plaintext the attacker opened, without the profile's padding.</summary>
    internal byte[] AsReceived(byte[] plaintext) => Profile == ProtocolProfile.Hardened ? PlaintextPadding.Unpad(plaintext) : plaintext;

    /// <summary>Every event of the attack: the honest steps, the attacker's deliveries and where a party stopped them.</summary>
    public SessionTranscript Transcript { get; } = new("attack-lab");

    public Patient Patient => Deployment.Patients[Target.PatientId];

    public Doctor Doctor => Deployment.Doctors[Target.DoctorId];

    /// <summary>A fresh visit of the target patient with the target doctor, held message by message.</summary>
    public InterceptedVisit Visit() => Visit(Target.PatientId, Target.DoctorId);

    public InterceptedVisit Visit(string patientId, string doctorId) =>
        new(Deployment, Transcript, patientId, doctorId, Target.DepartmentId);

    /// <summary>The target patient's record moving from the target hospital to <see cref="OtherHospital"/>, held message by message.</summary>
    public EhrMigration Migration() => Migration(Target.PatientId, Target.HospitalId, OtherHospital);

    public EhrMigration Migration(string patientId, string sourceId, string destinationId) =>
        (_migration ??= new MigrationDeployment(Deployment)).Begin(patientId, sourceId, destinationId, Target.DepartmentId, Transcript);

    public void Dispose()
    {
        _migration?.Dispose();
        Deployment.Dispose();
    }
}
