using System.Formats.Asn1;
using System.Numerics;
using System.Security.Cryptography;
using EmrAuth.Domain.Certificates;
using EmrAuth.Domain.Crypto;
using EmrAuth.Domain.Registry;
using EmrAuth.Domain.Transcript;

namespace EmrAuth.Domain.Evidence;

/// <summary>
/// What a third party needs to check one signature again, reduced to public material: the signer's key as
/// SubjectPublicKeyInfo, the signature (r||s as sent), and the signed bytes or only their SHA-256, as
/// <see cref="SignedStatements"/> allows. Kept with the verification that accepted the signature.
/// </summary>
public sealed record SignatureEvidence(string Name, PartyRef Signer, byte[] SignerKey, byte[] Signature, byte[]? SignedContent, byte[]? SignedDigest)
{
    public SignedStatement Statement() => SignedStatements.Of(Name);

    /// <summary>The signature name is the first field of every signed content, so it cannot be mislabelled.</summary>
    public static SignatureEvidence Of(PartyRef signer, PublicKey key, byte[] signedContent, byte[] signature) =>
        Of(new FieldReader(signedContent).ReadString(), signer, key, signedContent, signature);

    /// <summary>Cert_D as the medical authority signed it.</summary>
    public static SignatureEvidence Of(DoctorCertificate certificate, PartyRef authority, PublicKey authorityKey) =>
        Of("Cert_D", authority, authorityKey, certificate.SignedContent(), certificate.AuthoritySignature);

    /// <summary>The public cloud's signed directory, where a patient finds PUK_D and a doctor PUK_HPC.</summary>
    public static SignatureEvidence Of(SignedDirectory directory, PartyRef cloud, PublicKey cloudKey) =>
        Of("Directory", cloud, cloudKey, directory.SignedContent(), directory.Signature);

    /// <summary>The medical authority's signed revocation list.</summary>
    public static SignatureEvidence Of(RevocationList revocations, PartyRef authority, PublicKey authorityKey) =>
        Of("Revocations", authority, authorityKey, revocations.SignedContent(), revocations.Signature);

    private static SignatureEvidence Of(string name, PartyRef signer, PublicKey key, byte[] signedContent, byte[] signature)
    {
        var disclosure = SignedStatements.Of(name).Disclosure;
        return new SignatureEvidence(name, signer, key.ExportSubjectPublicKeyInfo(), (byte[])signature.Clone(),
            disclosure == Disclosure.Full ? (byte[])signedContent.Clone() : null,
            disclosure == Disclosure.DigestOnly ? SHA256.HashData(signedContent) : null);
    }

    public string SignerKeyPem() => PemEncoding.WriteString("PUBLIC KEY", SignerKey);

    /// <summary>The signature as DER SEQUENCE { INTEGER r, INTEGER s } (RFC 3279), the form OpenSSL reads.</summary>
    public byte[] SignatureDer()
    {
        if (Signature.Length != 64)
        {
            throw new CryptographicException($"{Name} is {Signature.Length} bytes, not the 64 bytes of a P-256 r||s signature.");
        }
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteInteger(new BigInteger(Signature.AsSpan(0, 32), isUnsigned: true, isBigEndian: true));
            writer.WriteInteger(new BigInteger(Signature.AsSpan(32, 32), isUnsigned: true, isBigEndian: true));
        }
        return writer.Encode();
    }
}
