using System.Text;
using EmrAuth.Domain.Certificates;
using EmrAuth.Domain.Parties;
using EmrAuth.Domain.Transcript;

namespace EmrAuth.Domain.Phases;

/// <summary>
/// A whole deployment in one process: the medical authority, the public cloud, and the hospitals, doctors and
/// patients registered with it. Tests, benchmarks and the portal's demo world are built with it.
/// </summary>
public sealed class Deployment : IDisposable
{
    private readonly List<IDisposable> _owned = [];

    public Deployment(TimeProvider clock, ProtocolOptions? options = null, string cloudId = "PC", string authorityName = "MA")
    {
        Clock = clock;
        Options = options ?? ProtocolOptions.Default;
        Authority = new MedicalAuthority(authorityName, clock);
        Cloud = new PublicCloud(cloudId, Authority, clock, Options);
        _owned.Add(Authority);
        _owned.Add(Cloud);
    }

    public TimeProvider Clock { get; }

    public ProtocolOptions Options { get; }

    public MedicalAuthority Authority { get; }

    public PublicCloud Cloud { get; }

    public Dictionary<string, HospitalCloud> Hospitals { get; } = [];

    public Dictionary<string, Doctor> Doctors { get; } = [];

    public Dictionary<string, Patient> Patients { get; } = [];

    /// <summary>
    /// Runs one registration (steps 1–3) into the given transcript: escrow-free when the party's deployment runs the
    /// hardened profile, as the paper does otherwise.
    /// </summary>
    public static void Register(PublicCloud cloud, Participant party, IProtocolEventSink sink)
    {
        var request = party.Options.Profile == ProtocolProfile.Hardened ? party.RequestEscrowFreeRegistration() : party.RequestRegistration();
        party.CompleteRegistration(cloud.Register(request, sink), sink);
    }

    /// <summary>
    /// Renews a registered party's escrowed keys without escrow, in place: the escrow-free registration runs again for
    /// the same identity (same B_P or Cert_D), and the party then holds an S_X the public cloud never had.
    /// </summary>
    public static void RenewWithoutEscrow(PublicCloud cloud, Participant party, IProtocolEventSink sink) =>
        party.CompleteRegistration(cloud.RenewWithoutEscrow(party.RequestRenewalWithoutEscrow(), sink), sink);

    public HospitalCloud AddHospital(string id, IProtocolEventSink? sink = null)
    {
        var hospital = new HospitalCloud(id, Cloud.Bulletin, Clock, Options);
        Register(Cloud, hospital, sink ?? NullEventSink.Instance);
        _owned.Add(hospital);
        Hospitals.Add(id, hospital);
        return hospital;
    }

    public Doctor AddDoctor(string id, string departmentId, IProtocolEventSink? sink = null)
    {
        var certificate = Authority.Issue(id, departmentId, TimeSpan.FromDays(365));
        var doctor = new Doctor(id, certificate, Cloud.Bulletin, Clock, Options);
        Register(Cloud, doctor, sink ?? NullEventSink.Instance);
        _owned.Add(doctor);
        Doctors.Add(id, doctor);
        return doctor;
    }

    public Patient AddPatient(string id, string biometricSecret, IProtocolEventSink? sink = null)
    {
        var patient = new Patient(id, Encoding.UTF8.GetBytes(biometricSecret), Cloud.Bulletin, Clock, Options);
        Register(Cloud, patient, sink ?? NullEventSink.Instance);
        _owned.Add(patient);
        Patients.Add(id, patient);
        return patient;
    }

    /// <summary>Stores a record at a hospital and registers its index entry with the public cloud.</summary>
    public void AddRecord(string hospitalId, string patientId, string departmentId, string text, IProtocolEventSink? sink = null)
    {
        var hospital = Hospitals[hospitalId];
        var registration = hospital.StoreRecord(patientId, departmentId, new RecordEntry(Clock.GetUtcNow(), hospitalId, text));
        Cloud.AcceptIndexRegistration(registration, sink ?? NullEventSink.Instance);
    }

    public void Dispose()
    {
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }
    }
}
