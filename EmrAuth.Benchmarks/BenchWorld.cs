using EmrAuth.Domain.Parties;
using EmrAuth.Domain.Phases;
using EmrAuth.Domain.Transcript;

namespace EmrAuth.Benchmarks;

/// <summary>
/// The deployment every protocol benchmark and report runs against: the medical authority and public cloud,
/// two hospitals, three doctors, and as many patients (each with a cardiology record at HPC-North) as asked for.
/// The inputs are those of the honest-run tests, so message sizes match what the tests exchange.
/// </summary>
internal sealed class BenchWorld : IDisposable
{
    public const string Cardiology = "cardiology";
    public const string Neurology = "neurology";
    public const string RecordHospital = "HPC-North";
    public const string DoctorId = "dr-chen";
    public const string RecordText = "2024 stent placed; on aspirin.";
    public const string Readings = "HR 72 bpm; BP 121/79 mmHg; SpO2 98 %; ECG sinus rhythm";
    public const string DiagnosisText = "Stable. Continue current medication; review in 3 months.";

    private BenchWorld(Deployment deployment) => Deployment = deployment;

    public Deployment Deployment { get; }

    public Doctor Doctor => Deployment.Doctors[DoctorId];

    /// <summary>A deployment in the given profile: in Hardened, escrow-free parties, a sealed index and hardened visits.</summary>
    public static BenchWorld Create(ProtocolProfile profile = ProtocolProfile.Paper)
    {
        var deployment = new Deployment(TimeProvider.System, new ProtocolOptions { Profile = profile });
        deployment.AddHospital(RecordHospital);
        deployment.AddHospital("HPC-South");
        deployment.AddDoctor(DoctorId, Cardiology);
        deployment.AddDoctor("dr-huang", Neurology);
        deployment.AddDoctor("dr-deng", Cardiology);
        return new BenchWorld(deployment);
    }

    /// <summary>Registers a patient (not measured by the caller) and stores the patient's cardiology record.</summary>
    public Patient AddPatient(string id)
    {
        var patient = Deployment.AddPatient(id, $"{id}-fingerprint-template");
        Deployment.AddRecord(RecordHospital, id, Cardiology, RecordText);
        return patient;
    }

    public Visit NewVisit(Patient patient, IProtocolEventSink sink) => new(Deployment, patient, Doctor, sink);

    /// <summary>One whole visit: consultation, EMR search, diagnosis and filing.</summary>
    public string RunVisit(Patient patient, IProtocolEventSink sink)
    {
        var visit = NewVisit(patient, sink);
        visit.Consult(Readings);
        visit.SearchRecord(Cardiology);
        return visit.Diagnose(DiagnosisText);
    }

    /// <summary>
    /// Puts the shared parties in their steady state: every party has verified the signed directory and the
    /// revocation list, the public cloud and the hospital know PUK_D. Done with a patient no benchmark uses.
    /// </summary>
    public void WarmUp() => RunVisit(AddPatient("patient-warmup"), NullEventSink.Instance);

    public void Dispose() => Deployment.Dispose();
}
