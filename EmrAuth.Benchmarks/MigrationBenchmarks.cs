using BenchmarkDotNet.Attributes;
using EmrAuth.Domain.Migration;
using EmrAuth.Domain.Parties;
using EmrAuth.Domain.Transcript;

namespace EmrAuth.Benchmarks;

/// <summary>
/// One patient-delegated EHR migration (docs/ehr-migration.md, M1–M9 plus the destination's index registration), all five
/// parties' computation in one thread, events to <see cref="NullEventSink"/>.
/// </summary>
/// <remarks>
/// Like <see cref="PhaseBenchmarks"/>, every invocation migrates a different patient's cardiology record from
/// <see cref="BenchWorld.RecordHospital"/> to <see cref="Destination"/>, taken from a pool built before the iteration,
/// so a proof, nonce or staged transfer is never reused and the setup is never measured. The warm-up migration
/// leaves every party in its steady state: the TTPH anchor, both Cert_H and the directory verified, the peers'
/// public keys cached.
/// </remarks>
[Config(typeof(StableConfig))]
[MemoryDiagnoser]
[InvocationCount(PoolSize)]
public class MigrationBenchmarks
{
    public const int PoolSize = 24;
    public const string Destination = "HPC-South";

    private BenchWorld _world = null!;
    private MigrationDeployment _network = null!;
    private Patient[] _patients = [];
    private int _next;

    [IterationSetup]
    public void Setup()
    {
        (_world, _network) = Create();
        _patients = Enumerable.Range(0, PoolSize).Select(i => _world.AddPatient($"patient-{i:D3}")).ToArray();
        _next = 0;
    }

    [IterationCleanup]
    public void Cleanup()
    {
        _network.Dispose();
        _world.Dispose();
    }

    [Benchmark(Description = "EHR migration (M1-M9 + index)")]
    public MigrationHop Migration() => Migrate(_network, _patients[_next++], NullEventSink.Instance);

    /// <summary>A world with a TTPH certifying both hospitals, warmed up by one visit and one migration.</summary>
    internal static (BenchWorld World, MigrationDeployment Network) Create()
    {
        var world = BenchWorld.Create();
        world.WarmUp();
        var network = new MigrationDeployment(world.Deployment);
        Migrate(network, world.AddPatient("patient-migration-warmup"), NullEventSink.Instance);
        return (world, network);
    }

    internal static MigrationHop Migrate(MigrationDeployment network, Patient patient, IProtocolEventSink sink) =>
        network.Begin(patient.Id, BenchWorld.RecordHospital, Destination, BenchWorld.Cardiology, sink).RunToEnd().Next;
}
