using System.Collections.Concurrent;
using System.Security.Cryptography;
using EmrAuth.Domain.Crypto;
using EmrAuth.Domain.Messages;
using EmrAuth.Domain.Parties;
using EmrAuth.Domain.Phases;
using EmrAuth.Domain.Registry;
using EmrAuth.Domain.Transcript;

namespace EmrAuth.Domain.Migration;

/// <summary>
/// TTPH: the trusted third-party hospital. Holds the migration CA (<see cref="MigrationAuthority"/>), an ECIES key
/// PRK_TTPH for delegations, the delegations waiting for a source's digest, and every nonce it has used.
/// </summary>
public sealed class TrustedThirdPartyHospital : Party, IDisposable
{
    private readonly PrivateKey _encryptionKey;
    private readonly ConcurrentDictionary<string, PendingDelegation> _pending = new();
    private readonly ConcurrentDictionary<string, DateTimeOffset> _usedNonces = new();
    private readonly HospitalCertificateView _certificates;

    public TrustedThirdPartyHospital(string id, PublicBulletin bulletin, TimeProvider clock, ProtocolOptions options,
        PrivateKey? authorityKey = null, PrivateKey? encryptionKey = null)
        : base(PartyRole.HospitalCloud, id, clock, options)
    {
        Bulletin = bulletin;
        Authority = new MigrationAuthority(id, clock, authorityKey);
        _encryptionKey = encryptionKey ?? PrivateKey.Generate();
        Anchor = new MigrationAnchor(id, Authority.PublicKey, _encryptionKey.PublicKey, () => Authority.RevocationList, Authority.CertificateOf);
        _certificates = new HospitalCertificateView(Anchor, Crypto);
    }

    public PublicBulletin Bulletin { get; }

    public MigrationAuthority Authority { get; }

    public MigrationAnchor Anchor { get; }

    /// <summary>How long a proof Π stays usable after issue (T_na − T_nb).</summary>
    public TimeSpan ProofValidity { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Delegations accepted (M1) whose source has not yet answered (M3).</summary>
    public int PendingDelegations => _pending.Count;

    /// <summary>M1 at the TTPH: ΔT, replay, decrypt C_M1, PS_P, Sig_M1 with the patient's implicit key, N_P, Cert_S, Cert_D, S ≠ D; then M2.</summary>
    public DigestRequest ReceiveDelegation(MigrationDelegation message, PartyRef sender, IProtocolEventSink sink)
    {
        using var step = new ReceiveStep(this, sink, Phase.Migration, 1, sender, message);
        step.RequireFresh();
        var content = step.Decrypt(null, "PRK_TTPH", (c, aad) => Crypto.Decrypt(Phase.Migration, _encryptionKey, c, aad), DelegationContent.Decode, c => c.T);
        step.Recovered("ID_P", content.PatientId);
        step.Recovered("ID_S", content.SourceId, Sensitivity.Public);
        step.Recovered("ID_D", content.DestinationId, Sensitivity.Public);
        step.Recovered("ID_DE", content.DepartmentId, Sensitivity.Public);
        step.RecoveredSecret("B_P", content.BiometricPassword.Length);
        Operations.Add(Phase.Migration, Operation.Hash);
        var pseudonym = MigrationContents.Pseudonym(content.PatientId, content.DepartmentId);
        step.Require(pseudonym.AsSpan().SequenceEqual(content.Pseudonym), null, "PS_P = h(ID_P || ID_DE)",
            "the pseudonym is the patient's", "PS_P does not hash from ID_P and ID_DE");
        var patientPoint = Crypto.ImplicitPublicPoint(Phase.Migration, content.PatientId, content.BiometricPassword, content.R, Bulletin.MasterPublicKey);
        using var patientKey = new PublicKey(patientPoint);
        step.Require(Crypto.Verify(Phase.Migration, patientKey,
                MigrationContents.DelegationSignature(pseudonym, content.SourceId, content.DestinationId, content.DepartmentId, content.Nonce, content.T),
                message.Fields[1]),
            null, "Verify Sig_M1 with PUK_P", "signed by the patient's issued key (PUK_P = R_P1 + Hq(ID_P || B_P || R_P1)·PK, as in Eq. 15)",
            "Sig_M1 does not verify with PUK_P: not the registered patient, or the request was altered");
        step.Require(!_usedNonces.ContainsKey(Convert.ToHexString(content.Nonce)), null, "N_P unused", "a fresh nonce", "N_P was used in an earlier delegation");
        var source = Authority.CertificateOf(content.SourceId);
        var sourceStatus = source is null ? new CertificateStatus(false, $"no Cert_H was issued to {content.SourceId}") : _certificates.Check(source, content.SourceId, Now);
        step.Require(sourceStatus.IsLegal, null, "Cert_S legal", sourceStatus.Reason, sourceStatus.Reason);
        var destination = Authority.CertificateOf(content.DestinationId);
        var destinationStatus = destination is null ? new CertificateStatus(false, $"no Cert_H was issued to {content.DestinationId}") : _certificates.Check(destination, content.DestinationId, Now);
        step.Require(destinationStatus.IsLegal, null, "Cert_D legal", destinationStatus.Reason, destinationStatus.Reason);
        step.Require(content.SourceId != content.DestinationId, null, "ID_S ≠ ID_D", "two different hospitals", "the source and the destination are the same hospital");
        step.Accept();

        _usedNonces[Convert.ToHexString(content.Nonce)] = Now;
        var nonce = RandomSource.GetBytes(MigrationProof.NonceLength);
        _pending[Convert.ToHexString(nonce)] = new PendingDelegation(sender, pseudonym, content.SourceId, content.DestinationId, content.DepartmentId, source!, Now);
        var t = NewTimestamp();
        var plain = new DigestRequestContent(content.PatientId, patientPoint, content.DepartmentId, pseudonym, nonce, t).Encode();
        var sourceKey = PublicKey.For(source!.PublicPoint);
        var cipher = Crypto.EncryptFor(Phase.Migration, sourceKey, plain, SignedContents.AssociatedData("C_M2", t));
        var signature = Crypto.Sign(Phase.Migration, Authority.SigningKey, MigrationContents.DigestRequestSignature(pseudonym, content.SourceId, patientPoint, nonce, t));
        return new DigestRequest([cipher, signature, MigrationMessage.Int64(t)]);
    }

    /// <summary>M3 at the TTPH: ΔT, replay, delegation pending for N_TTPH, Sig_M3 with Cert_S's key; then issues Π (M4).</summary>
    public (PartyRef Patient, ProofIssue Message) ReceiveDigestAnswer(DigestAnswer message, PartyRef sender, IProtocolEventSink sink)
    {
        using var step = new ReceiveStep(this, sink, Phase.Migration, 3, sender, message);
        step.RequireFresh();
        var nonceHex = Convert.ToHexString(message.Fields[2]);
        var pending = _pending.GetValueOrDefault(nonceHex);
        step.Require(pending is not null && pending.Pseudonym.AsSpan().SequenceEqual(message.Fields[0]) && sender.Id == pending.SourceId,
            null, "Delegation pending for N_TTPH", "answers a digest request this TTPH sent to this source",
            "no digest request with this N_TTPH and PS_P is waiting for this source");
        var sourceKey = PublicKey.For(pending!.SourceCertificate.PublicPoint);
        var recordDigest = message.Fields[1];
        step.Require(Crypto.Verify(Phase.Migration, sourceKey, MigrationContents.DigestAnswerSignature(message.Fields[0], recordDigest, message.Fields[2], pending.SourceId, message.Timestamp), message.Fields[3]),
            null, "Verify Sig_M3 with Cert_S key", "the digest is signed by the source", "Sig_M3 does not verify with the key in Cert_S");
        step.Require(recordDigest.Length == 32, null, "h(EHR)", "a SHA-256 digest", "h(EHR) is not 32 bytes");
        step.Accept();

        _pending.TryRemove(nonceHex, out _);
        var now = Now;
        var unsigned = new MigrationProof(pending.Pseudonym, pending.SourceId, pending.DestinationId, pending.DepartmentId, recordDigest,
            now.ToUnixTimeMilliseconds(), (now + ProofValidity).ToUnixTimeMilliseconds(), message.Fields[2], []);
        var proof = unsigned with { Signature = Crypto.Sign(Phase.Migration, Authority.SigningKey, unsigned.SignedContent()) };
        return (pending.Patient, new ProofIssue([.. proof.Fields(), MigrationMessage.Int64(NewTimestamp())]));
    }

    /// <summary>The N_P this TTPH has accepted and when: kept across a restart so a delegation cannot be replayed.</summary>
    public byte[] ExportUsedNonces()
    {
        var writer = new FieldWriter().Add("TTPH nonces v1").Add(_usedNonces.Count);
        foreach (var (nonce, at) in _usedNonces)
        {
            writer.Add(nonce).Add(at.ToUnixTimeMilliseconds());
        }
        return writer.ToArray();
    }

    public void RestoreUsedNonces(byte[] exported)
    {
        var reader = new FieldReader(exported);
        if (reader.ReadString() != "TTPH nonces v1")
        {
            throw new MalformedMessageException("the TTPH state has an unknown version");
        }
        var count = reader.ReadInt64();
        var nonces = new Dictionary<string, DateTimeOffset>();
        for (var i = 0L; i < count; i++)
        {
            nonces[reader.ReadString()] = reader.ReadTime();
        }
        reader.EnsureEnd();
        _usedNonces.Clear();
        foreach (var (nonce, at) in nonces)
        {
            _usedNonces[nonce] = at;
        }
    }

    /// <summary>
    /// Forgets N_P used more than 2·ΔT ago (any M1 carrying it now fails freshness) and delegations whose source has
    /// not answered within the proof validity. Returns how many entries went.
    /// </summary>
    public int PruneExpired()
    {
        var now = Now;
        var nonces = _usedNonces.Where(n => now - n.Value > 2 * Options.FreshnessWindow).Select(n => n.Key).ToList();
        var pending = _pending.Where(p => now - p.Value.At > ProofValidity).Select(p => p.Key).ToList();
        nonces.ForEach(n => _usedNonces.TryRemove(n, out _));
        pending.ForEach(p => _pending.TryRemove(p, out _));
        return nonces.Count + pending.Count;
    }

    public void Dispose()
    {
        _encryptionKey.Dispose();
        Authority.Dispose();
    }

    private sealed record PendingDelegation(PartyRef Patient, byte[] Pseudonym, string SourceId, string DestinationId, string DepartmentId,
        HospitalCertificate SourceCertificate, DateTimeOffset At);
}

/// <summary>Inside C_M1: ID_P || B_P || R_P1 || PS_P || ID_S || ID_D || ID_DE || N_P || T_M1.</summary>
internal sealed record DelegationContent(string PatientId, byte[] BiometricPassword, CurvePoint R, byte[] Pseudonym, string SourceId,
    string DestinationId, string DepartmentId, byte[] Nonce, long T)
{
    public byte[] Encode() => new FieldWriter().Add(PatientId).Add(BiometricPassword).Add(R).Add(Pseudonym).Add(SourceId)
        .Add(DestinationId).Add(DepartmentId).Add(Nonce).Add(T).ToArray();

    public static DelegationContent Decode(byte[] data)
    {
        var r = new FieldReader(data);
        var content = new DelegationContent(r.ReadString(), r.ReadBytes(), r.ReadPoint(), r.ReadBytes(), r.ReadString(), r.ReadString(),
            r.ReadString(), r.ReadBytes(), r.ReadInt64());
        r.EnsureEnd();
        return content;
    }
}

/// <summary>Inside C_M2: ID_P || PUK_P || ID_DE || PS_P || N_TTPH || T_M2.</summary>
internal sealed record DigestRequestContent(string PatientId, CurvePoint PatientKey, string DepartmentId, byte[] Pseudonym, byte[] Nonce, long T)
{
    public byte[] Encode() => new FieldWriter().Add(PatientId).Add(PatientKey).Add(DepartmentId).Add(Pseudonym).Add(Nonce).Add(T).ToArray();

    public static DigestRequestContent Decode(byte[] data)
    {
        var r = new FieldReader(data);
        var content = new DigestRequestContent(r.ReadString(), r.ReadPoint(), r.ReadString(), r.ReadBytes(), r.ReadBytes(), r.ReadInt64());
        r.EnsureEnd();
        return content;
    }
}

/// <summary>Inside C_EHR: ID_P || ID_DE || EHR || T_M6.</summary>
internal sealed record TransferContent(string PatientId, string DepartmentId, byte[] Record, long T)
{
    public byte[] Encode() => new FieldWriter().Add(PatientId).Add(DepartmentId).Add(Record).Add(T).ToArray();

    public static TransferContent Decode(byte[] data)
    {
        var r = new FieldReader(data);
        var content = new TransferContent(r.ReadString(), r.ReadString(), r.ReadBytes(), r.ReadInt64());
        r.EnsureEnd();
        return content;
    }
}
