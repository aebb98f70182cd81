using EmrAuth.Domain.Messages;
using EmrAuth.Domain.Parties;
using EmrAuth.Domain.Phases;
using EmrAuth.Domain.Transcript;

namespace EmrAuth.Domain.Migration;

/// <summary>One received message of a migration, in protocol order (Index: the destination's index registration at the public cloud).</summary>
public enum MigrationHop
{
    M1,
    M2,
    M3,
    M4,
    M5,
    M6,
    M7,
    M8,
    Index,
    M9,
    Done,
}

/// <summary>
/// One patient-delegated EHR migration, driven hop by hop in process (like <see cref="Visit"/>): each message is
/// produced by its sender and held until delivered, so a caller can deliver it unchanged, alter it, replay it, send it
/// elsewhere, or stop. <see cref="RunToEnd"/> is the honest run.
/// </summary>
public sealed class EhrMigration
{
    private ProtocolMessage? _pending;
    private ReceiptForward? _receipt;
    private PartyRef? _patientRef;

    internal EhrMigration(MigrationDeployment world, Patient patient, string sourceId, string destinationId, string departmentId, IProtocolEventSink sink)
    {
        World = world;
        Patient = patient;
        SourceId = sourceId;
        DestinationId = destinationId;
        DepartmentId = departmentId;
        Sink = sink;
    }

    public MigrationDeployment World { get; }

    public Patient Patient { get; }

    public string SourceId { get; }

    public string DestinationId { get; }

    public string DepartmentId { get; }

    public IProtocolEventSink Sink { get; }

    public MigrationEndpoint Source => World.Endpoints[SourceId];

    public MigrationEndpoint Destination => World.Endpoints[DestinationId];

    public PatientMigration? PatientSide { get; private set; }

    public MigrationHop Next { get; private set; } = MigrationHop.M1;

    /// <summary>The genuine message for <see cref="Next"/>, produced on first access and held until delivered.</summary>
    public ProtocolMessage Pending => _pending ??= Next switch
    {
        MigrationHop.M1 => (PatientSide = PatientMigration.Begin(Patient, World.Ttph.Anchor, SourceId, DestinationId, DepartmentId, Sink)).Request,
        MigrationHop.M5 => PatientSide!.Present(),
        MigrationHop.Done => throw new InvalidOperationException("The migration is over."),
        _ => throw new InvalidOperationException($"The message for {Next} is produced when the previous one is delivered."),
    };

    /// <summary>Hands <paramref name="message"/> to the receiver of <see cref="Next"/>; on success the run advances.</summary>
    public void Deliver(ProtocolMessage message)
    {
        _ = Pending;
        ProtocolMessage? onward = Next switch
        {
            MigrationHop.M1 => World.Ttph.ReceiveDelegation((MigrationDelegation)message, Patient.Ref, Sink),
            MigrationHop.M2 => Source.ReceiveDigestRequest((DigestRequest)message, Sink),
            MigrationHop.M3 => ReceiveM3((DigestAnswer)message),
            MigrationHop.M4 => ReceiveM4((ProofIssue)message),
            MigrationHop.M5 => Source.ReceiveProofPresentation((ProofPresentation)message, Patient.Ref, Sink),
            MigrationHop.M6 => Destination.ReceiveTransfer((RecordTransfer)message, Source.Hospital.Ref, Sink),
            MigrationHop.M7 => ReceiveM7((TransferReceipt)message),
            MigrationHop.M8 => Destination.ReceiveCommit((TransferCommit)message, Sink),
            MigrationHop.Index => ReceiveIndex((IndexRegistration)message),
            MigrationHop.M9 => ReceiveM9((ReceiptForward)message),
            _ => throw new InvalidOperationException("The migration is over."),
        };
        Next++;
        _pending = onward;
    }

    public EhrMigration RunUntil(MigrationHop hop)
    {
        while (Next != hop)
        {
            Deliver(Pending);
        }
        return this;
    }

    public EhrMigration RunToEnd() => RunUntil(MigrationHop.Done);

    private ProtocolMessage ReceiveM3(DigestAnswer message)
    {
        var (patient, issue) = World.Ttph.ReceiveDigestAnswer(message, Source.Hospital.Ref, Sink);
        _patientRef = patient;
        return issue;
    }

    private ProtocolMessage? ReceiveM4(ProofIssue message)
    {
        PatientSide!.ReceiveProof(message);
        return null;
    }

    private ProtocolMessage ReceiveM7(TransferReceipt message)
    {
        var (commit, receipt) = Source.ReceiveReceipt(message, Sink);
        _receipt = receipt;
        return commit;
    }

    private ProtocolMessage? ReceiveIndex(IndexRegistration message)
    {
        World.Cloud.AcceptIndexRegistration(message, Sink);
        return _receipt;
    }

    private ProtocolMessage? ReceiveM9(ReceiptForward message)
    {
        PatientSide!.ReceiveReceipt(message, Source.Hospital.Ref);
        return null;
    }
}
