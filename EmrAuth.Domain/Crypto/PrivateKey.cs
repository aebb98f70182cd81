using System.Security.Cryptography;

namespace EmrAuth.Domain.Crypto;

/// <summary>
/// A P-256 private key (the paper's PRK_X = S_X): signs with ECDSA-SHA256 and opens public-key ciphertexts.
/// The scalar never leaves this object except through <see cref="Scalar"/> for the key-agreement algebra. Signing
/// goes through .NET's ECDsa (OpenSSL), imported once; key agreement is libcrypto's raw multiplication
/// (<see cref="Native.P256"/>), so no peer key is imported and checked again for each agreement.
/// </summary>
public sealed class PrivateKey : IDisposable
{
    private readonly object _gate = new();
    private ECDsa? _signer;

    public PrivateKey(Scalar scalar)
    {
        if (scalar.IsZero)
        {
            throw new CryptographicException("A private key cannot be zero.");
        }
        Scalar = scalar;
        PublicKey = new PublicKey(CurvePoint.MultiplyGenerator(scalar));
    }

    /// <summary>.NET's signing key is built on first use: a key that never signs never pays for the import.</summary>
    private ECParameters Parameters
    {
        get
        {
            var coordinates = PublicKey.Point.Coordinates();
            return new ECParameters
            {
                Curve = ECCurve.NamedCurves.nistP256,
                D = Scalar.ToBytes(),
                Q = new ECPoint { X = coordinates.X, Y = coordinates.Y },
            };
        }
    }

    private static T Import<T>(ECParameters parameters, Func<ECParameters, T> create)
    {
        try
        {
            return create(parameters);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(parameters.D);
        }
    }

    public static PrivateKey Generate() => new(Scalar.Random());

    internal Scalar Scalar { get; }

    public PublicKey PublicKey { get; }

    /// <summary>
    /// ECDSA-SHA256 signature, r||s (64 bytes) by default. Inside a <see cref="DeterministicRandom"/> scope (known-answer
    /// vectors) the nonce k is drawn from that scope and libcrypto signs with it, so the signature is reproducible;
    /// OpenSSL 3.0 has no RFC 6979, and .NET's ECDsa draws k itself.
    /// </summary>
    public byte[] Sign(ReadOnlySpan<byte> data, DSASignatureFormat format = DSASignatureFormat.IeeeP1363FixedFieldConcatenation)
    {
        if (RandomSource.IsDeterministic && format == DSASignatureFormat.IeeeP1363FixedFieldConcatenation)
        {
            var k = Scalar.Random();
            var signature = Native.P256.SignWithNonce(Scalar, k, SHA256.HashData(data));
            DeterministicRandom.Observe("ECDSA k", k.ToBytes());
            DeterministicRandom.Observe("ECDSA signer key", PublicKey.Point.Encode());
            DeterministicRandom.Observe("ECDSA signed content", data);
            DeterministicRandom.Observe("ECDSA signature", signature);
            return signature;
        }
        lock (_gate)
        {
            return (_signer ??= Import(Parameters, ECDsa.Create)).SignData(data, HashAlgorithmName.SHA256, format);
        }
    }

    /// <summary>Raw ECDH: the x-coordinate of this·peer (32 bytes).</summary>
    public byte[] AgreeWith(PublicKey peer) => AgreeWith(peer.Point);

    /// <summary>Raw ECDH with a point that was validated when it was decoded (an ECIES ephemeral key).</summary>
    internal byte[] AgreeWith(CurvePoint peer) => Native.P256.SharedX(peer.Uncompressed, Scalar);

    public override string ToString() => "PrivateKey(hidden)";

    public void Dispose()
    {
        _signer?.Dispose();
        PublicKey.Dispose();
    }
}
