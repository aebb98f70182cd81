using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using EmrAuth.Domain.Certificates;
using EmrAuth.Domain.Parties;
using EmrAuth.Domain.Phases;
using EmrAuth.Domain.Transcript;

namespace EmrAuth.Benchmarks;

/// <summary>
/// The three registrations, each the full steps 1–3: the party's request, the public cloud's issuance
/// (Eqs. 2–3, 5–6 or 8–9, with the Cert_D check for a doctor and the re-signed directory for a doctor or hospital)
/// and the party's own check S·P = R + e·PK (Eq. 4, 7 or 10) with building its key pair.
/// </summary>
/// <remarks>
/// Registering needs a party that is not registered yet, so <see cref="IterationSetupAttribute"/> builds a fresh
/// deployment and <see cref="PoolSize"/> unregistered parties before each iteration, and each invocation registers
/// the next one. <see cref="InvocationCountAttribute"/> makes an iteration exactly that many invocations (BenchmarkDotNet
/// would otherwise force one invocation per iteration when there is an iteration setup). A doctor's Cert_D is issued
/// by the medical authority in the setup: it is not part of the registration protocol. The directory the public
/// cloud re-signs after a hospital or doctor registers holds 3 to PoolSize + 2 entries during an iteration.
/// </remarks>
[Config(typeof(StableConfig))]
[MemoryDiagnoser]
[InvocationCount(PoolSize)]
public class RegistrationBenchmarks
{
    public const int PoolSize = 64;

    private Deployment _deployment = null!;
    private Participant[] _pool = [];
    private int _next;

    [IterationSetup(Target = nameof(PatientRegistration))]
    public void SetupPatients() => Setup(i => new Patient($"patient-{i:D3}", Encoding.UTF8.GetBytes($"patient-{i:D3}-fingerprint-template"),
        _deployment.Cloud.Bulletin, _deployment.Clock, _deployment.Options));

    [IterationSetup(Target = nameof(HospitalRegistration))]
    public void SetupHospitals() => Setup(i => new HospitalCloud($"HPC-{i:D3}", _deployment.Cloud.Bulletin, _deployment.Clock, _deployment.Options));

    [IterationSetup(Target = nameof(DoctorRegistration))]
    public void SetupDoctors() => Setup(i =>
    {
        var id = $"dr-{i:D3}";
        DoctorCertificate certificate = _deployment.Authority.Issue(id, BenchWorld.Cardiology, TimeSpan.FromDays(365));
        return new Doctor(id, certificate, _deployment.Cloud.Bulletin, _deployment.Clock, _deployment.Options);
    });

    [IterationCleanup]
    public void Cleanup()
    {
        foreach (var party in _pool)
        {
            party.Dispose();
        }
        _deployment.Dispose();
    }

    [Benchmark(Description = "Patient registration (steps 1-3, Eq. 4)")]
    public bool PatientRegistration() => Register();

    [Benchmark(Description = "Hospital registration (steps 1-3, Eq. 7)")]
    public bool HospitalRegistration() => Register();

    [Benchmark(Description = "Doctor registration (steps 1-3, Eq. 10)")]
    public bool DoctorRegistration() => Register();

    private bool Register()
    {
        var party = _pool[_next++];
        Deployment.Register(_deployment.Cloud, party, NullEventSink.Instance);
        return party.IsRegistered;
    }

    private void Setup(Func<int, Participant> create)
    {
        _deployment = new Deployment(TimeProvider.System);
        // One hospital is already listed, as in any running deployment; the cloud has verified the revocation list.
        _deployment.AddHospital("HPC-North");
        _deployment.AddDoctor("dr-chen", BenchWorld.Cardiology);
        _pool = Enumerable.Range(0, PoolSize).Select(create).ToArray();
        _next = 0;
    }
}
