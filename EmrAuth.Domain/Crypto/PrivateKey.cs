using System.Security.Cryptography;

namespace EmrAuth.Domain.Crypto;

/// <summary>
/// A P-256 private key (the paper's PRK_X = S_X): signs with ECDSA-SHA256 and opens public-key ciphertexts.
/// The scalar never leaves this object except through <see cref="Scalar"/> for the key-agreement algebra.
/// </summary>
public sealed class PrivateKey : IDisposable
{
    private readonly object _gate = new();
    private readonly ECDsa _signer;
    private readonly ECDiffieHellman _agreement;

    public PrivateKey(Scalar scalar)
    {
        if (scalar.IsZero)
        {
            throw new CryptographicException("A private key cannot be zero.");
        }
        Scalar = scalar;
        PublicKey = new PublicKey(CurvePoint.MultiplyGenerator(scalar));
        var coordinates = PublicKey.Point.Coordinates();
        var parameters = new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            D = scalar.ToBytes(),
            Q = new ECPoint { X = coordinates.X, Y = coordinates.Y },
        };
        _signer = ECDsa.Create(parameters);
        _agreement = ECDiffieHellman.Create(parameters);
        CryptographicOperations.ZeroMemory(parameters.D);
    }

    public static PrivateKey Generate() => new(Scalar.Random());

    internal Scalar Scalar { get; }

    public PublicKey PublicKey { get; }

    /// <summary>ECDSA-SHA256 signature, r||s (64 bytes) by default.</summary>
    public byte[] Sign(ReadOnlySpan<byte> data, DSASignatureFormat format = DSASignatureFormat.IeeeP1363FixedFieldConcatenation)
    {
        lock (_gate)
        {
            return _signer.SignData(data, HashAlgorithmName.SHA256, format);
        }
    }

    /// <summary>Raw ECDH: the x-coordinate of this·peer (32 bytes).</summary>
    public byte[] AgreeWith(PublicKey peer)
    {
        var peerKey = peer.AgreementKey;
        lock (_gate)
        {
            return _agreement.DeriveRawSecretAgreement(peerKey);
        }
    }

    public override string ToString() => "PrivateKey(hidden)";

    public void Dispose()
    {
        _signer.Dispose();
        _agreement.Dispose();
        PublicKey.Dispose();
    }
}
