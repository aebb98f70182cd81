using EmrAuth.Domain.Crypto;
using EmrAuth.Domain.Phases;
using EmrAuth.Domain.Transcript;

namespace EmrAuth.Domain.Parties;

/// <summary>A party's access to the primitives, counting each operation against the phase it serves.</summary>
public sealed class PartyCrypto(OperationCounters counters)
{
    public OperationCounters Counters { get; } = counters;

    public byte[] Sign(Phase phase, PrivateKey key, byte[] data)
    {
        Counters.Add(phase, Operation.SignatureMade);
        return key.Sign(data);
    }

    public bool Verify(Phase phase, PublicKey key, byte[] data, byte[] signature)
    {
        Counters.Add(phase, Operation.SignatureVerified);
        return key.Verify(data, signature);
    }

    public bool VerifyAuthoritySignature(Phase phase, PublicKey key, byte[] data, byte[] signature)
    {
        Counters.Add(phase, Operation.CertificateVerification);
        return key.Verify(data, signature);
    }

    public bool VerifyDirectorySignature(Phase phase, PublicKey cloudKey, byte[] data, byte[] signature)
    {
        Counters.Add(phase, Operation.DirectoryVerification);
        return cloudKey.Verify(data, signature);
    }

    // In the hardened profile every plaintext is padded to its bucket before encryption (PlaintextPadding), so no
    // ciphertext's length depends on an identity; the paper's profile sends plaintexts as they are.

    public byte[] EncryptFor(Phase phase, PublicKey recipient, byte[] plaintext, byte[] associatedData, ProtocolProfile profile = ProtocolProfile.Paper)
    {
        Counters.Add(phase, Operation.PublicKeyEncryption);
        return PublicKeyCipher.Encrypt(recipient, Padded(plaintext, profile), associatedData);
    }

    public byte[] Decrypt(Phase phase, PrivateKey key, byte[] ciphertext, byte[] associatedData, ProtocolProfile profile = ProtocolProfile.Paper)
    {
        Counters.Add(phase, Operation.PublicKeyDecryption);
        return Unpadded(PublicKeyCipher.Decrypt(key, ciphertext, associatedData), profile);
    }

    public byte[] SessionEncrypt(Phase phase, SessionKey key, byte[] plaintext, byte[] associatedData, ProtocolProfile profile = ProtocolProfile.Paper)
    {
        Counters.Add(phase, Operation.SymmetricEncryption);
        return SessionCipher.Encrypt(key, Padded(plaintext, profile), associatedData);
    }

    public byte[] SessionDecrypt(Phase phase, SessionKey key, byte[] ciphertext, byte[] associatedData, ProtocolProfile profile = ProtocolProfile.Paper)
    {
        Counters.Add(phase, Operation.SymmetricDecryption);
        return Unpadded(SessionCipher.Decrypt(key, ciphertext, associatedData), profile);
    }

    private static byte[] Padded(byte[] plaintext, ProtocolProfile profile) =>
        profile == ProtocolProfile.Hardened ? PlaintextPadding.Pad(plaintext) : plaintext;

    private static byte[] Unpadded(byte[] plaintext, ProtocolProfile profile) =>
        profile == ProtocolProfile.Hardened ? PlaintextPadding.Unpad(plaintext) : plaintext;

    /// <summary>R = r·P.</summary>
    public CurvePoint MultiplyGenerator(Phase phase, Scalar r)
    {
        Counters.Add(phase, Operation.GeneratorMultiplication);
        return CurvePoint.MultiplyGenerator(r);
    }

    /// <summary>PUK_X = R_X + Hq(ID_X || extra_X || R_X)·PK.</summary>
    public CurvePoint ImplicitPublicPoint(Phase phase, string id, byte[]? extra, CurvePoint r, CurvePoint masterPublicKey)
    {
        Counters.Add(phase, Operation.Hash);
        Counters.Add(phase, Operation.ScalarMultiplication);
        return Registry.ImplicitCertificate.PublicPoint(Registry.ImplicitCertificate.IssuanceHash(id, extra, r), r, masterPublicKey);
    }

    /// <summary>
    /// SEK = h((S_own·R_peerNonce + r_own·PUK_peer) || r_own·R_peerNonce), the shape of Eqs. 17, 22, 39, 44.
    /// </summary>
    public SessionKey SessionKey(Phase phase, Scalar ownSecret, Scalar ownNonce, CurvePoint peerNonce, CurvePoint peerPublic)
    {
        Counters.Add(phase, Operation.ScalarMultiplication, 3);
        Counters.Add(phase, Operation.Hash);
        var k1 = peerNonce.MultiplyAndAdd(ownSecret, peerPublic, ownNonce);
        var k2 = peerNonce.Multiply(ownNonce);
        DeterministicRandom.Observe("K1", k1.Encode());
        DeterministicRandom.Observe("K2", k2.Encode());
        var key = KeyDerivation.SessionKey(k1, k2);
        DeterministicRandom.Observe("SEK", key.Bytes);
        return key;
    }

    /// <summary>The initiator's R_P2 or R_D3: r·P in the paper's profile, the public half of an ephemeral ECDH key in the hardened one.</summary>
    public (Scalar? Nonce, EphemeralKey? Ephemeral, CurvePoint Point) NewSessionNonce(Phase phase, ProtocolProfile profile)
    {
        if (profile == ProtocolProfile.Hardened)
        {
            var ephemeral = NewEphemeralKey(phase);
            return (null, ephemeral, ephemeral.Point);
        }
        var nonce = Scalar.Random();
        return (nonce, null, MultiplyGenerator(phase, nonce));
    }

    /// <summary>
    /// The responder's side of the hardened agreement (R_D2 or R_HPC2): a fresh ephemeral key, SEK over the transcript
    /// that names its public half, and the tag over the same transcript. The ephemeral key is erased before this returns.
    /// </summary>
    public (CurvePoint Ephemeral, SessionKey Key, byte[] Tag) ConfirmedResponse(Phase phase, CurvePoint peerEphemeral, Func<CurvePoint, byte[]> transcriptFor,
        string keyName, string tagName)
    {
        using var ephemeral = NewEphemeralKey(phase);
        var transcript = transcriptFor(ephemeral.Point);
        var key = EphemeralSessionKey(phase, ephemeral, peerEphemeral, transcript, keyName);
        return (ephemeral.Point, key, ConfirmationTag(phase, key, tagName, transcript));
    }

    /// <summary>Hardened profile: a fresh ephemeral ECDH key, whose public half replaces r_i·P.</summary>
    public EphemeralKey NewEphemeralKey(Phase phase)
    {
        Counters.Add(phase, Operation.GeneratorMultiplication);
        return new EphemeralKey();
    }

    /// <summary>Hardened profile: SEK = HKDF(ECDH(own ephemeral, peer ephemeral), salt = h(transcript)); see <see cref="KeyConfirmation"/>.</summary>
    public SessionKey EphemeralSessionKey(Phase phase, EphemeralKey own, CurvePoint peerEphemeral, byte[] transcript, string keyName)
    {
        Counters.Add(phase, Operation.ScalarMultiplication);
        Counters.Add(phase, Operation.Hash);
        return KeyConfirmation.DeriveSessionKey(own.AgreeWith(peerEphemeral), transcript, keyName);
    }

    public byte[] ConfirmationTag(Phase phase, SessionKey key, string tagName, byte[] transcript)
    {
        Counters.Add(phase, Operation.KeyConfirmation);
        return KeyConfirmation.Tag(key, tagName, transcript);
    }

    public bool VerifyConfirmationTag(Phase phase, SessionKey key, string tagName, byte[] transcript, byte[] tag)
    {
        Counters.Add(phase, Operation.KeyConfirmation);
        return KeyConfirmation.Verify(key, tagName, transcript, tag);
    }
}
