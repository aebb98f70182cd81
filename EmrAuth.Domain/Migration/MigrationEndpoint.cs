using System.Collections.Concurrent;
using EmrAuth.Domain.Crypto;
using EmrAuth.Domain.Messages;
using EmrAuth.Domain.Parties;
using EmrAuth.Domain.Phases;
using EmrAuth.Domain.Transcript;

namespace EmrAuth.Domain.Migration;

/// <summary>The life of a proof's nonce at one hospital.</summary>
public enum ProofUse
{
    /// <summary>Source: accepted in M5, transfer sent, receipt not yet back. Released if the transfer fails.</summary>
    Reserved,

    /// <summary>Destination: record received and staged (not served), waiting for the source's commit.</summary>
    Staged,

    /// <summary>The migration completed under this proof; it can never be used again.</summary>
    Consumed,
}

/// <summary>
/// A hospital's side of the migration, as source or destination: its Cert_H, its view of the TTPH, and the state of
/// every proof it has seen. Every receive runs through <see cref="ReceiveStep"/> on the hospital itself (its clock,
/// replay cache and operation counters), so a refused message changes nothing.
/// </summary>
public sealed partial class MigrationEndpoint
{
    private readonly object _gate = new();
    private readonly HospitalCertificateView _certificates;
    private readonly ConcurrentDictionary<string, Delegation> _delegations = new();
    private readonly ConcurrentDictionary<string, ProofState> _proofs = new();
    private readonly ConcurrentDictionary<string, OutgoingTransfer> _outgoing = new();
    private readonly ConcurrentDictionary<string, OutgoingTransfer> _awaitingCommit = new();
    private readonly ConcurrentDictionary<string, StagedTransfer> _staged = new();

    public MigrationEndpoint(HospitalCloud hospital, HospitalCertificate certificate, MigrationAnchor anchor)
    {
        Hospital = hospital;
        Certificate = certificate;
        Anchor = anchor;
        _certificates = new HospitalCertificateView(anchor, hospital.Crypto);
    }

    public HospitalCloud Hospital { get; }

    public HospitalCertificate Certificate { get; internal set; }

    public MigrationAnchor Anchor { get; }

    public string Id => Hospital.Id;

    public ProofUse? UseOf(byte[] nonce) => _proofs.TryGetValue(Convert.ToHexString(nonce), out var state) ? state.Use : null;

    /// <summary>Records received and verified here but not yet committed: not served, not indexed.</summary>
    public IReadOnlyCollection<MedicalRecord> StagedRecords => _staged.Values.Select(s => s.Record).ToArray();

    private PartyCrypto Crypto => Hospital.Crypto;

    private Phase Phase => Phase.Migration;

    // ───────────── source side ─────────────

    /// <summary>M2 at the source: ΔT, replay, decrypt C_M2, Sig_M2 with PUK_TTPH, PS_P, record held; then M3 with h(EHR).</summary>
    public DigestAnswer ReceiveDigestRequest(DigestRequest message, IProtocolEventSink sink)
    {
        var credentials = Hospital.RequireCredentials();
        using var step = new ReceiveStep(Hospital, sink, Phase, 2, Anchor.Ref, message);
        step.RequireFresh();
        var content = step.Decrypt(null, "PRK_S", (c, aad) => Crypto.Decrypt(Phase, credentials.Key, c, aad), DigestRequestContent.Decode, c => c.T);
        step.Recovered("ID_P", content.PatientId);
        step.Recovered("ID_DE", content.DepartmentId, Sensitivity.Public);
        step.Require(Crypto.Verify(Phase, Anchor.AuthorityKey, MigrationContents.DigestRequestSignature(content.Pseudonym, Id, content.PatientKey, content.Nonce, content.T), message.Fields[1]),
            null, "Verify Sig_M2 with PUK_TTPH", "the request comes from the TTPH", "Sig_M2 does not verify with the TTPH's key");
        Hospital.Operations.Add(Phase, Operation.Hash);
        step.Require(MigrationContents.Pseudonym(content.PatientId, content.DepartmentId).AsSpan().SequenceEqual(content.Pseudonym), null,
            "PS_P = h(ID_P || ID_DE)", "the pseudonym names this patient's record", "PS_P does not hash from ID_P and ID_DE");
        var record = Hospital.FindRecord(content.PatientId, content.DepartmentId);
        step.Require(record is not null, null, "Record held", "the record is served here", $"{Id} serves no record of this patient in {content.DepartmentId}");
        step.Accept();

        _delegations[Convert.ToHexString(content.Pseudonym)] = new Delegation(content.PatientId, content.DepartmentId, content.PatientKey, content.Nonce);
        Hospital.Operations.Add(Phase, Operation.Hash);
        var digest = MigrationContents.RecordDigest(record!);
        var t = Hospital.NewTimestamp();
        var signature = Crypto.Sign(Phase, credentials.Key, MigrationContents.DigestAnswerSignature(content.Pseudonym, digest, content.Nonce, Id, t));
        return new DigestAnswer([content.Pseudonym, digest, content.Nonce, signature, MigrationMessage.Int64(t)]);
    }

    /// <summary>
    /// M5 at the source: ΔT, replay, Sig_TTPH, window, ID_S = self, proof unused, delegation known, Sig_M5 with PUK_P,
    /// Cert_D legal, record held, h(EHR) unchanged. Reserves the proof and sends M6; the record stays served here.
    /// </summary>
    public RecordTransfer ReceiveProofPresentation(ProofPresentation message, PartyRef sender, IProtocolEventSink sink)
    {
        var credentials = Hospital.RequireCredentials();
        using var step = new ReceiveStep(Hospital, sink, Phase, 5, sender, message);
        step.RequireFresh();
        var proof = RequireValidProof(step, message.Fields);
        step.Require(proof.SourceId == Id, null, "ID_S = this hospital", $"Π names {Id} as the source", $"Π names {proof.SourceId} as the source, not {Id}");
        step.Require(UseOf(proof.Nonce) is null, null, "Proof unused", "N_TTPH has not been used here", $"this proof was already used here ({UseOf(proof.Nonce)})");
        var delegation = _delegations.GetValueOrDefault(Convert.ToHexString(proof.Pseudonym));
        step.Require(delegation is not null && delegation.Nonce.AsSpan().SequenceEqual(proof.Nonce) && delegation.DepartmentId == proof.DepartmentId,
            null, "Delegation known for PS_P", "the TTPH announced this migration (M2)", "the TTPH announced no migration with this PS_P and N_TTPH");
        var proofDigest = ProofDigest(proof);
        using (var patientKey = new PublicKey(delegation!.PatientKey))
        {
            step.Require(Crypto.Verify(Phase, patientKey, MigrationContents.PresentationSignature(proofDigest, message.Timestamp), message.Fields[MigrationProof.FieldCount]),
                null, "Verify Sig_M5 with PUK_P", "the patient presents the proof", "Sig_M5 does not verify with the patient's key");
        }
        var destination = Anchor.CertificateOf(proof.DestinationId);
        var status = destination is null ? new Registry.CertificateStatus(false, $"no Cert_H was issued to {proof.DestinationId}") : _certificates.Check(destination, proof.DestinationId, Hospital.Now);
        step.Require(status.IsLegal, null, "Cert_D legal", status.Reason, status.Reason);
        var record = Hospital.FindRecord(delegation.PatientId, delegation.DepartmentId);
        step.Require(record is not null, null, "Record held", "the record is served here", $"{Id} no longer serves this record");
        var encoded = MigrationContents.EncodeRecord(record!);
        var digest = Digest(encoded);
        step.Require(digest.AsSpan().SequenceEqual(proof.RecordDigest), null, "h(EHR) = Π's h(EHR)", "the record is the one the proof covers",
            "the record changed since the TTPH took its digest: request a new proof");
        step.Recovered("ID_P", delegation.PatientId);
        step.Accept();

        var t = Hospital.NewTimestamp();
        var destinationKey = PublicKey.For(destination!.PublicPoint);
        var cipher = Crypto.EncryptFor(Phase, destinationKey,
            new TransferContent(delegation.PatientId, delegation.DepartmentId, encoded, t).Encode(), SignedContents.AssociatedData("C_EHR", t));
        var signature = Crypto.Sign(Phase, credentials.Key, MigrationContents.TransferSignature(proofDigest, Digest(cipher), t));
        lock (_gate)
        {
            // A newer proof for the same record supersedes an unfinished transfer: its reservation is released.
            foreach (var stale in _outgoing.Where(o => o.Value.PatientId == delegation.PatientId && o.Value.DepartmentId == delegation.DepartmentId).ToList())
            {
                _outgoing.TryRemove(stale.Key, out _);
                _proofs.TryRemove(Convert.ToHexString(stale.Value.Proof.Nonce), out _);
            }
            _proofs[proof.NonceHex] = new(ProofUse.Reserved, proof.NotAfter);
            _outgoing[Convert.ToHexString(proofDigest)] = new OutgoingTransfer(proof, delegation.PatientId, delegation.DepartmentId, digest, destination, Certificate);
        }
        return new RecordTransfer([.. message.Fields[..MigrationProof.FieldCount], Certificate.Encode(), cipher, signature, MigrationMessage.Int64(t)]);
    }

    /// <summary>The transfer failed (the destination refused M6, or it never arrived): release the proof so a retry works.</summary>
    public bool CancelTransfer(MigrationProof proof)
    {
        lock (_gate)
        {
            if (!_outgoing.TryRemove(Convert.ToHexString(proof.Digest()), out _))
            {
                return false;
            }
            _proofs.TryRemove(proof.NonceHex, out _);
            return true;
        }
    }

    /// <summary>
    /// M7 at the source: ΔT, replay, transfer pending, Sig_M7 with Cert_D's key, record still held. The commit point:
    /// the record is archived (no longer served), the proof consumed; M8 goes to the destination, M9 to the patient.
    /// </summary>
    public (TransferCommit Commit, ReceiptForward Receipt) ReceiveReceipt(TransferReceipt message, IProtocolEventSink sink)
    {
        var credentials = Hospital.RequireCredentials();
        var key = Convert.ToHexString(message.Fields[0]);
        var transfer = _outgoing.GetValueOrDefault(key);
        var sender = new PartyRef(PartyRole.HospitalCloud, transfer?.Proof.DestinationId ?? "?");
        using var step = new ReceiveStep(Hospital, sink, Phase, 7, sender, message);
        step.RequireFresh();
        step.Require(transfer is not null, null, "Transfer pending for h(Π)", "answers a transfer this source sent", "no transfer under this proof is waiting for a receipt");
        var destinationKey = PublicKey.For(transfer!.Destination.PublicPoint);
        step.Require(Crypto.Verify(Phase, destinationKey, MigrationContents.ReceiptSignature(message.Fields[0], transfer.RecordDigest, message.Timestamp), message.Fields[1]),
            null, "Verify Sig_M7 with Cert_D key", "the destination received and verified the record", "Sig_M7 does not verify with the key in Cert_D");
        step.Require(Hospital.FindRecord(transfer.PatientId, transfer.DepartmentId) is not null, null, "Record held",
            "the record is still served here", "the record is no longer served here");
        step.Accept($"{Id} handed the record over to {transfer.Proof.DestinationId}; it is archived here, no longer served.");

        lock (_gate)
        {
            Hospital.ArchiveMigratedRecord(transfer.PatientId, transfer.DepartmentId, transfer.Proof.DestinationId, Hospital.Now);
            _outgoing.TryRemove(key, out _);
            _proofs[transfer.Proof.NonceHex] = new(ProofUse.Consumed, transfer.Proof.NotAfter);
            _awaitingCommit[key] = transfer;
        }
        var forward = new ReceiptForward([transfer.Destination.Encode(), message.Fields[0], message.Fields[1], message.Fields[2]]);
        return (SignCommit(credentials, message.Fields[0]), forward);
    }

    /// <summary>M8 again, freshly timestamped, for a commit the destination may not have received.</summary>
    public TransferCommit ResendCommit(MigrationProof proof)
    {
        var digest = proof.Digest();
        return _awaitingCommit.ContainsKey(Convert.ToHexString(digest))
            ? SignCommit(Hospital.RequireCredentials(), digest)
            : throw new ProtocolStateException($"{Id} owes no commit for this proof.");
    }

    private TransferCommit SignCommit(IssuedCredentials credentials, byte[] proofDigest)
    {
        var t = Hospital.NewTimestamp();
        return new TransferCommit([proofDigest, Crypto.Sign(Phase, credentials.Key, MigrationContents.CommitSignature(proofDigest, t)), MigrationMessage.Int64(t)]);
    }

    // ───────────── destination side ─────────────

    /// <summary>
    /// M6 at the destination: ΔT, replay, Sig_TTPH, window, ID_D = self, proof unused, Cert_S legal, decrypt C_EHR,
    /// Sig_M6 with Cert_S's key, h(EHR), PS_P, no record held. Stages the record (not served) and returns M7.
    /// </summary>
    public TransferReceipt ReceiveTransfer(RecordTransfer message, PartyRef sender, IProtocolEventSink sink)
    {
        var credentials = Hospital.RequireCredentials();
        using var step = new ReceiveStep(Hospital, sink, Phase, 6, sender, message);
        step.RequireFresh();
        var proof = RequireValidProof(step, message.Fields);
        step.Require(proof.DestinationId == Id, null, "ID_D = this hospital", $"Π names {Id} as the destination", $"Π names {proof.DestinationId} as the destination, not {Id}");
        var use = UseOf(proof.Nonce);
        step.Require(use is null or ProofUse.Staged, null, "Proof unused", "N_TTPH has not completed a migration here", $"this proof was already used here ({use})");
        var sourceCertificate = step.Open(null, "Parse Cert_S", "Cert_S parsed", "Cert_S is malformed", () => HospitalCertificate.Decode(message.Fields[9]));
        var status = _certificates.Check(sourceCertificate, proof.SourceId, Hospital.Now);
        step.Require(status.IsLegal, null, "Cert_S legal", status.Reason, status.Reason);
        var content = step.Decrypt(null, "PRK_D", (c, aad) => Crypto.Decrypt(Phase, credentials.Key, c, aad), TransferContent.Decode, c => c.T);
        step.Recovered("ID_P", content.PatientId);
        step.Recovered("ID_DE", content.DepartmentId, Sensitivity.Public);
        var proofDigest = ProofDigest(proof);
        var sourceKey = PublicKey.For(sourceCertificate.PublicPoint);
        step.Require(Crypto.Verify(Phase, sourceKey, MigrationContents.TransferSignature(proofDigest, Digest(message.Fields[10]), message.Timestamp), message.Fields[11]),
            null, "Verify Sig_M6 with Cert_S key", "the transfer is signed by the source Π names", "Sig_M6 does not verify with the key in Cert_S");
        step.Require(Digest(content.Record).AsSpan().SequenceEqual(proof.RecordDigest), null, "h(EHR) = Π's h(EHR)",
            "the record arrived intact", "the record's digest differs from the one the TTPH certified");
        Hospital.Operations.Add(Phase, Operation.Hash);
        step.Require(content.DepartmentId == proof.DepartmentId && MigrationContents.Pseudonym(content.PatientId, content.DepartmentId).AsSpan().SequenceEqual(proof.Pseudonym),
            null, "PS_P = h(ID_P || ID_DE)", "the record belongs to the patient Π names", "the record's patient or department does not match PS_P");
        var record = step.Open(null, "Parse EHR", "EHR parsed", "the EHR is malformed", () => MigrationContents.DecodeRecord(content.Record));
        step.Require(record.PatientId == content.PatientId && record.DepartmentId == content.DepartmentId, null, "EHR names ID_P and ID_DE",
            "the record is the patient's", "the record inside names another patient or department");
        step.Require(Hospital.FindRecord(content.PatientId, content.DepartmentId) is null, null, "No record held here",
            "the destination holds no record for this patient and department", $"{Id} already serves a record of this patient in {content.DepartmentId}");
        step.Accept();

        lock (_gate)
        {
            // One staged copy per record: a newer proof's transfer replaces an older, uncommitted one.
            foreach (var stale in _staged.Where(s => s.Value.Record.PatientId == record.PatientId && s.Value.Record.DepartmentId == record.DepartmentId).ToList())
            {
                _staged.TryRemove(stale.Key, out _);
                _proofs.TryRemove(Convert.ToHexString(stale.Value.Proof.Nonce), out _);
            }
            _staged[Convert.ToHexString(proofDigest)] = new StagedTransfer(proof, record, sourceCertificate);
            _proofs[proof.NonceHex] = new(ProofUse.Staged, proof.NotAfter);
        }
        var t = Hospital.NewTimestamp();
        var signature = Crypto.Sign(Phase, credentials.Key, MigrationContents.ReceiptSignature(proofDigest, proof.RecordDigest, t));
        return new TransferReceipt([proofDigest, signature, MigrationMessage.Int64(t)]);
    }

    /// <summary>
    /// M8 at the destination: ΔT, replay, transfer staged, Sig_M8 with Cert_S's key. The record becomes served here and
    /// the index registration for the public cloud is returned.
    /// </summary>
    public IndexRegistration ReceiveCommit(TransferCommit message, IProtocolEventSink sink)
    {
        var key = Convert.ToHexString(message.Fields[0]);
        var staged = _staged.GetValueOrDefault(key);
        var sender = new PartyRef(PartyRole.HospitalCloud, staged?.Proof.SourceId ?? "?");
        using var step = new ReceiveStep(Hospital, sink, Phase, 8, sender, message);
        step.RequireFresh();
        step.Require(staged is not null, null, "Transfer staged for h(Π)", "a verified record waits for this commit", "no staged transfer under this proof");
        var sourceKey = PublicKey.For(staged!.SourceCertificate.PublicPoint);
        step.Require(Crypto.Verify(Phase, sourceKey, MigrationContents.CommitSignature(message.Fields[0], message.Timestamp), message.Fields[1]),
            null, "Verify Sig_M8 with Cert_S key", "the source committed the hand-over", "Sig_M8 does not verify with the key in Cert_S");
        step.Accept($"The record is now served by {Id}.");

        lock (_gate)
        {
            _staged.TryRemove(key, out _);
            _proofs[staged.Proof.NonceHex] = new(ProofUse.Consumed, staged.Proof.NotAfter);
            Hospital.RestoreRecord(staged.Record);
        }
        return Hospital.StoreRecord(staged.Record.PatientId, staged.Record.DepartmentId, staged.Record.Entries[0]);
    }

    // ───────────── shared ─────────────

    /// <summary>Parses Π from the first nine parts and checks Sig_TTPH and the validity window.</summary>
    private MigrationProof RequireValidProof(ReceiveStep step, byte[][] fields)
    {
        var proof = step.Open(null, "Parse Π", "Π parsed", "Π is malformed", () => MigrationProof.FromFields(fields, 0));
        step.Require(Crypto.Verify(Phase, Anchor.AuthorityKey, proof.SignedContent(), proof.Signature), null, "Verify Sig_TTPH with PUK_TTPH",
            "Π is signed by the TTPH", "Sig_TTPH does not verify: Π was altered or not issued by the TTPH");
        var now = Hospital.Now.ToUnixTimeMilliseconds();
        step.Require(proof.NotBefore <= now && now <= proof.NotAfter, null, "Π validity window",
            "T_nb ≤ now ≤ T_na", $"Π is valid {DateTimeOffset.FromUnixTimeMilliseconds(proof.NotBefore):u} to {DateTimeOffset.FromUnixTimeMilliseconds(proof.NotAfter):u} only");
        return proof;
    }

    private byte[] ProofDigest(MigrationProof proof)
    {
        Hospital.Operations.Add(Phase, Operation.Hash);
        return proof.Digest();
    }

    private byte[] Digest(byte[] data)
    {
        Hospital.Operations.Add(Phase, Operation.Hash);
        return Hashing.Digest(data);
    }
}
