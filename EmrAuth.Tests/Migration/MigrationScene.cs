using EmrAuth.Domain.Messages;
using EmrAuth.Domain.Migration;
using EmrAuth.Domain.Parties;
using EmrAuth.Domain.Phases;
using EmrAuth.Domain.Transcript;
using EmrAuth.Tests.Support;

namespace EmrAuth.Tests.RecordMigration;

/// <summary>The seeded world plus a third hospital, a TTPH certifying all three, one shared transcript.</summary>
public sealed class MigrationScene : IDisposable
{
    public const string East = "HPC-East";

    public MigrationScene()
    {
        Deployment = World.Build(Clock);
        Deployment.AddHospital(East);
        Network = new MigrationDeployment(Deployment);
        Clock.Advance(TimeSpan.FromMinutes(5));
    }

    public ManualClock Clock { get; } = ManualClock.StartingNow();

    public Deployment Deployment { get; }

    public MigrationDeployment Network { get; }

    public SessionTranscript Transcript { get; } = new("migration");

    public EhrMigration Begin(string patientId, string sourceId, string destinationId, string departmentId) =>
        Network.Begin(patientId, sourceId, destinationId, departmentId, Transcript);

    public HospitalCloud Hospital(string id) => Deployment.Hospitals[id];

    public string? IndexedHospital(string patientId, string departmentId) => Deployment.Cloud.Index.FindHospital(EmrIndex.KeyOf(patientId, departmentId));

    /// <summary>Hands a message to the receiver of <paramref name="hop"/> (or to another hospital) without advancing the run.</summary>
    public void Receive(EhrMigration run, MigrationHop hop, ProtocolMessage message, string? hospitalId = null)
    {
        var source = hospitalId is null ? run.Source : Network.Endpoints[hospitalId];
        var destination = hospitalId is null ? run.Destination : Network.Endpoints[hospitalId];
        switch (hop)
        {
            case MigrationHop.M1: Network.Ttph.ReceiveDelegation((MigrationDelegation)message, run.Patient.Ref, Transcript); break;
            case MigrationHop.M2: source.ReceiveDigestRequest((DigestRequest)message, Transcript); break;
            case MigrationHop.M3: Network.Ttph.ReceiveDigestAnswer((DigestAnswer)message, run.Source.Hospital.Ref, Transcript); break;
            case MigrationHop.M4: run.PatientSide!.ReceiveProof((ProofIssue)message); break;
            case MigrationHop.M5: source.ReceiveProofPresentation((ProofPresentation)message, run.Patient.Ref, Transcript); break;
            case MigrationHop.M6: destination.ReceiveTransfer((RecordTransfer)message, run.Source.Hospital.Ref, Transcript); break;
            case MigrationHop.M7: source.ReceiveReceipt((TransferReceipt)message, Transcript); break;
            case MigrationHop.M8: destination.ReceiveCommit((TransferCommit)message, Transcript); break;
            case MigrationHop.M9: run.PatientSide!.ReceiveReceipt((ReceiptForward)message, run.Source.Hospital.Ref); break;
            default: throw new ArgumentOutOfRangeException(nameof(hop));
        }
    }

    /// <summary>The action fails at the named check, made by the named party, and publishes that failed check.</summary>
    public static void AssertRefused(Action action, string check, string verifierId)
    {
        var refusal = Assert.Throws<ProtocolViolationException>(action);
        Assert.Equal((check, verifierId, Phase.Migration), (refusal.FailedCheck.Check, refusal.FailedCheck.Verifier.Id, refusal.FailedCheck.Phase));
        Assert.False(refusal.FailedCheck.Passed);
        Assert.Null(refusal.FailedCheck.Equation);
    }

    public void Dispose()
    {
        Network.Dispose();
        Deployment.Dispose();
    }
}
