using System.Security.Cryptography;
using EmrAuth.Domain.Crypto;
using EmrAuth.Domain.Messages;
using EmrAuth.Domain.Parties;
using EmrAuth.Domain.Phases;
using EmrAuth.Domain.Transcript;

namespace EmrAuth.Domain.Migration;

/// <summary>The patient's side of one migration: the delegation (M1), the proof (M4, M5) and the receipt (M9).</summary>
public sealed class PatientMigration
{
    public enum Stage
    {
        Delegated,
        ProofReceived,
        Presented,
        Completed,
    }

    private readonly Patient _patient;
    private readonly MigrationAnchor _anchor;
    private readonly IProtocolEventSink _sink;
    private readonly HospitalCertificateView _certificates;
    private readonly byte[] _pseudonym;

    private PatientMigration(Patient patient, MigrationAnchor anchor, string sourceId, string destinationId, string departmentId, IProtocolEventSink sink)
    {
        _patient = patient;
        _anchor = anchor;
        _sink = sink;
        _certificates = new HospitalCertificateView(anchor, patient.Crypto);
        SourceId = sourceId;
        DestinationId = destinationId;
        DepartmentId = departmentId;
        patient.Operations.Add(Phase.Migration, Operation.Hash);
        _pseudonym = MigrationContents.Pseudonym(patient.Id, departmentId);
    }

    public string SourceId { get; }

    public string DestinationId { get; }

    public string DepartmentId { get; }

    public Stage State { get; private set; }

    public MigrationDelegation Request { get; private set; } = null!;

    public MigrationProof? Proof { get; private set; }

    /// <summary>PS_P, the pseudonym the TTPH, the proof and both hospitals see in clear.</summary>
    public byte[] Pseudonym => (byte[])_pseudonym.Clone();

    /// <summary>
    /// M1: C_M1 = E_PUK_TTPH(ID_P || B_P || R_P1 || PS_P || ID_S || ID_D || ID_DE || N_P || T_M1),
    /// Sig_M1 = Sign_PRK_P(PS_P || ID_S || ID_D || ID_DE || N_P || T_M1).
    /// </summary>
    public static PatientMigration Begin(Patient patient, MigrationAnchor anchor, string sourceId, string destinationId, string departmentId, IProtocolEventSink sink)
    {
        var credentials = patient.RequireCredentials();
        var migration = new PatientMigration(patient, anchor, sourceId, destinationId, departmentId, sink);
        var nonce = RandomSource.GetBytes(MigrationProof.NonceLength);
        var t = patient.NewTimestamp();
        var plain = new DelegationContent(patient.Id, patient.BiometricPasswordValue, credentials.R, migration._pseudonym, sourceId, destinationId, departmentId, nonce, t).Encode();
        var cipher = patient.Crypto.EncryptFor(Phase.Migration, anchor.EncryptionKey, plain, SignedContents.AssociatedData("C_M1", t));
        CryptographicOperations.ZeroMemory(plain);
        var signature = patient.Crypto.Sign(Phase.Migration, credentials.Key,
            MigrationContents.DelegationSignature(migration._pseudonym, sourceId, destinationId, departmentId, nonce, t));
        migration.Request = new MigrationDelegation([cipher, signature, MigrationMessage.Int64(t)]);
        return migration;
    }

    /// <summary>M4 at the patient: ΔT, replay, Sig_TTPH, Π matches the request, window current.</summary>
    public void ReceiveProof(ProofIssue message)
    {
        using var step = new ReceiveStep(_patient, _sink, Phase.Migration, 4, _anchor.Ref, message);
        step.Require(State == Stage.Delegated, null, "Expecting Π", "a delegation is outstanding", $"no proof is expected ({State})");
        step.RequireFresh();
        var proof = step.Open(null, "Parse Π", "Π parsed", "Π is malformed", () => message.Proof);
        step.Require(_patient.Crypto.Verify(Phase.Migration, _anchor.AuthorityKey, proof.SignedContent(), proof.Signature), null, "Verify Sig_TTPH with PUK_TTPH",
            "Π is signed by the TTPH", "Sig_TTPH does not verify: Π was altered or not issued by the TTPH");
        step.Require(proof.Pseudonym.AsSpan().SequenceEqual(_pseudonym) && proof.SourceId == SourceId && proof.DestinationId == DestinationId && proof.DepartmentId == DepartmentId,
            null, "Π matches the request", "PS_P, ID_S, ID_D and ID_DE are the ones delegated", "Π names another record or other hospitals than the patient asked for");
        var now = _patient.Now.ToUnixTimeMilliseconds();
        step.Require(proof.NotBefore <= now && now <= proof.NotAfter, null, "Π validity window", "T_nb ≤ now ≤ T_na", "Π is not valid now");
        step.Accept();
        Proof = proof;
        State = Stage.ProofReceived;
    }

    /// <summary>M5: (Π, Sig_M5 = Sign_PRK_P(h(Π) || T_M5), T_M5), to the source. Can be made again (a retry; the source decides).</summary>
    public ProofPresentation Present()
    {
        var proof = Proof ?? throw new ProtocolStateException("No migration proof has been received.");
        var credentials = _patient.RequireCredentials();
        var t = _patient.NewTimestamp();
        _patient.Operations.Add(Phase.Migration, Operation.Hash);
        var signature = _patient.Crypto.Sign(Phase.Migration, credentials.Key, MigrationContents.PresentationSignature(proof.Digest(), t));
        State = State == Stage.Completed ? State : Stage.Presented;
        return new ProofPresentation([.. proof.Fields(), signature, MigrationMessage.Int64(t)]);
    }

    /// <summary>M9 at the patient: ΔT, replay, Cert_D legal, h(Π) is this proof's, Sig_M7 with Cert_D's key.</summary>
    public void ReceiveReceipt(ReceiptForward message, PartyRef sender)
    {
        var proof = Proof ?? throw new ProtocolStateException("No migration proof has been received.");
        using var step = new ReceiveStep(_patient, _sink, Phase.Migration, 9, sender, message);
        step.RequireFresh();
        var certificate = step.Open(null, "Parse Cert_D", "Cert_D parsed", "Cert_D is malformed", () => HospitalCertificate.Decode(message.Fields[0]));
        var status = _certificates.Check(certificate, DestinationId, _patient.Now);
        step.Require(status.IsLegal, null, "Cert_D legal", status.Reason, status.Reason);
        _patient.Operations.Add(Phase.Migration, Operation.Hash);
        var proofDigest = proof.Digest();
        step.Require(proofDigest.AsSpan().SequenceEqual(message.Fields[1]), null, "h(Π) is this proof's", "the receipt is for this migration", "the receipt names another proof");
        var destinationKey = PublicKey.For(certificate.PublicPoint);
        step.Require(_patient.Crypto.Verify(Phase.Migration, destinationKey, MigrationContents.ReceiptSignature(proofDigest, proof.RecordDigest, message.Timestamp), message.Fields[2]),
            null, "Verify Sig_M7 with Cert_D key", $"{DestinationId} received the record the proof covers", "Sig_M7 does not verify with the key in Cert_D");
        step.Accept($"{DestinationId} confirmed receipt of the record.");
        State = Stage.Completed;
    }
}
