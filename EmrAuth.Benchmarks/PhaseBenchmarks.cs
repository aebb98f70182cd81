using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using EmrAuth.Domain.Parties;
using EmrAuth.Domain.Phases;
using EmrAuth.Domain.Transcript;

namespace EmrAuth.Benchmarks;

/// <summary>
/// The phases of a visit and whole visits, all four parties' computation in one thread, events to
/// <see cref="NullEventSink"/> (pure computation) unless the benchmark says otherwise.
/// </summary>
/// <remarks>
/// <para>
/// Every invocation runs fresh sessions. Before each iteration <see cref="IterationSetupAttribute"/> builds a new
/// deployment (so replay caches and the index never grow across iterations), warms its shared parties with one
/// visit of a patient no benchmark uses, and prepares a pool of <see cref="PoolSize"/> visits brought up to just
/// before the measured phase (e.g. consultation done for the EMR search benchmark). Each invocation takes the next
/// visit from the pool, so the prerequisite phases are never measured. <see cref="InvocationCountAttribute"/> fixes an
/// iteration at exactly <see cref="PoolSize"/> invocations (BenchmarkDotNet forces one invocation per iteration when
/// there is an iteration setup unless the count is given), and the reported mean is per visit.
/// </para>
/// <para>
/// "Returning patient" (the default): the patient has already had one visit with this doctor, so each party holds
/// its verified copy of the signed directory and revocation list and has the peers' implicit public keys cached: the
/// steady state the paper's per-visit cost formula describes. "First visit" adds what a party does once: the new
/// patient verifies the directory, the revocation list and Cert_D's authority signature and reconstructs PUK_D; the
/// doctor reconstructs PUK_P.
/// </para>
/// </remarks>
[Config(typeof(StableConfig))]
[MemoryDiagnoser]
[InvocationCount(PoolSize)]
public class PhaseBenchmarks
{
    public const int PoolSize = 24;

    /// <summary>Each benchmark runs in both profiles (the deployment's profile: escrow-free parties and hardened visits for Hardened).</summary>
    [Params(ProtocolProfile.Paper, ProtocolProfile.Hardened)]
    public ProtocolProfile Profile { get; set; }

    private BenchWorld _world = null!;
    private Patient[] _patients = [];
    private Visit[] _visits = [];
    private int _next;

    [IterationSetup(Targets = [nameof(Consultation), nameof(FullVisit), nameof(FullVisitWithoutFiling), nameof(FullVisitWithTranscript)])]
    public void SetupReturningPatients() => Setup(returning: true, prepare: null);

    [IterationSetup(Target = nameof(FullVisitFirstVisit))]
    public void SetupNewPatients() => Setup(returning: false, prepare: null);

    [IterationSetup(Target = nameof(EmrSearch))]
    public void SetupConsulted() => Setup(returning: true, prepare: visit => visit.Consult(BenchWorld.Readings));

    [IterationSetup(Target = nameof(Diagnosis))]
    public void SetupSearched() => Setup(returning: true, prepare: visit =>
    {
        visit.Consult(BenchWorld.Readings);
        visit.SearchRecord(BenchWorld.Cardiology);
    });

    [IterationSetup(Target = nameof(Filing))]
    public void SetupDiagnosed() => Setup(returning: true, prepare: visit =>
    {
        visit.Consult(BenchWorld.Readings);
        visit.SearchRecord(BenchWorld.Cardiology);
        DiagnoseOnly(visit);
    });

    [IterationCleanup]
    public void Cleanup() => _world.Dispose();

    [Benchmark(Description = "Consultation (Eqs. 11-24)")]
    public Visit Consultation()
    {
        var visit = _world.NewVisit(_patients[_next++], NullEventSink.Instance);
        visit.Consult(BenchWorld.Readings);
        return visit;
    }

    [Benchmark(Description = "EMR search (Eqs. 25-48)")]
    public string EmrSearch() => _visits[_next++].SearchRecord(BenchWorld.Cardiology);

    [Benchmark(Description = "Diagnosis (Eqs. 49-50)")]
    public string Diagnosis() => DiagnoseOnly(_visits[_next++]);

    [Benchmark(Description = "Filing (architecture step 4)")]
    public bool Filing()
    {
        var visit = _visits[_next++];
        var deployment = _world.Deployment;
        var route = deployment.Cloud.RelayFiling(visit.DoctorSide!.FileDiagnosis(visit.Search!), _world.Doctor.Ref, NullEventSink.Instance, visit.Profile);
        deployment.Hospitals[route.HospitalId].ReceiveFiling(route.Message, NullEventSink.Instance, visit.Profile);
        return route.HospitalId.Length > 0;
    }

    [Benchmark(Description = "Full visit, no filing (Eqs. 11-50)")]
    public string FullVisitWithoutFiling()
    {
        var visit = _world.NewVisit(_patients[_next++], NullEventSink.Instance);
        visit.Consult(BenchWorld.Readings);
        visit.SearchRecord(BenchWorld.Cardiology);
        return DiagnoseOnly(visit);
    }

    [Benchmark(Description = "Full visit (Eqs. 11-50 + filing)")]
    public string FullVisit() => _world.RunVisit(_patients[_next++], NullEventSink.Instance);

    [Benchmark(Description = "Full visit, first visit of a new patient")]
    public string FullVisitFirstVisit() => _world.RunVisit(_patients[_next++], NullEventSink.Instance);

    [Benchmark(Description = "Full visit into a SessionTranscript")]
    public string FullVisitWithTranscript() => _world.RunVisit(_patients[_next++], new SessionTranscript("visit"));

    /// <summary>Eqs. 49–50 only: C_D5 from the doctor, decrypted and checked by the patient.</summary>
    private static string DiagnoseOnly(Visit visit) =>
        visit.PatientSide!.ReceiveDiagnosis(visit.DoctorSide!.SendDiagnosis(BenchWorld.DiagnosisText));

    private void Setup(bool returning, Action<Visit>? prepare)
    {
        _world = BenchWorld.Create(Profile);
        _world.WarmUp();
        _patients = Enumerable.Range(0, PoolSize).Select(i => _world.AddPatient($"patient-{i:D3}")).ToArray();
        if (returning)
        {
            foreach (var patient in _patients)
            {
                _world.RunVisit(patient, NullEventSink.Instance);
            }
        }
        _visits = _patients.Select(patient =>
        {
            var visit = _world.NewVisit(patient, NullEventSink.Instance);
            prepare?.Invoke(visit);
            return visit;
        }).ToArray();
        _next = 0;
    }
}
