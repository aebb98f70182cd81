using System.Formats.Asn1;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using EmrAuth.Domain.Crypto.Native;

namespace EmrAuth.Domain.Crypto;

/// <summary>
/// A P-256 public key (the paper's PUK_X): verifies ECDSA signatures and is the recipient of public-key
/// encryption. The protocol's r||s signatures are verified by libcrypto on <see cref="Point"/> (thread-safe, no key
/// object); DER signatures and the SubjectPublicKeyInfo export use .NET's ECDsa, which is not thread-safe, behind a
/// lock, built on first use. Encryption to it needs only <see cref="Point"/>.
/// </summary>
public sealed class PublicKey : IDisposable
{
    private readonly object _gate = new();
    private ECDsa? _verifier;
    private byte[]? _subjectPublicKeyInfo;

    /// <summary>Keys shared by <see cref="For"/>, each alive exactly as long as its point object.</summary>
    private static readonly ConditionalWeakTable<CurvePoint, PublicKey> Shared = new();

    public PublicKey(CurvePoint point) => Point = point;

    /// <summary>
    /// A ready key for a point that outlives one message (a hospital's certified key): its .NET key object is imported,
    /// and checked, once per point object instead of once per signature. Shared, so callers do not dispose it; it is
    /// released with its point.
    /// </summary>
    public static PublicKey For(CurvePoint point) => Shared.GetValue(point, p => new PublicKey(p));

    /// <summary>.NET's key object is built on first use and kept: each import costs as much as a verification.</summary>
    private ECParameters Parameters
    {
        get
        {
            var coordinates = Point.Coordinates();
            return new ECParameters
            {
                Curve = ECCurve.NamedCurves.nistP256,
                Q = new ECPoint { X = coordinates.X, Y = coordinates.Y },
            };
        }
    }

    private ECDsa Verifier => _verifier ??= ECDsa.Create(Parameters);

    public CurvePoint Point { get; }

    /// <summary>Verifies an ECDSA-SHA256 signature: r||s (64 bytes) by default, or DER.</summary>
    public bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature, DSASignatureFormat format = DSASignatureFormat.IeeeP1363FixedFieldConcatenation)
    {
        if (format == DSASignatureFormat.IeeeP1363FixedFieldConcatenation)
        {
            // The protocol's format: straight to libcrypto, so a key seen once (a patient's, per migration) is never imported into .NET.
            return P256.Verify(Point.Uncompressed, SHA256.HashData(data), signature);
        }
        if (!IsNonNegativeDerSequence(signature))
        {
            return false;
        }
        lock (_gate)
        {
            return Verifier.VerifyData(data, signature, HashAlgorithmName.SHA256, format);
        }
    }

    /// <summary>
    /// .NET reads r and s as unsigned magnitudes, so it accepts a DER INTEGER that is negative (a missing 00 byte,
    /// Wycheproof "MissingZero"). Require SEQUENCE { INTEGER r, INTEGER s } in DER with both integers non-negative.
    /// </summary>
    private static bool IsNonNegativeDerSequence(ReadOnlySpan<byte> signature)
    {
        try
        {
            var reader = new AsnReader(signature.ToArray(), AsnEncodingRules.DER);
            var sequence = reader.ReadSequence();
            reader.ThrowIfNotEmpty();
            var r = sequence.ReadIntegerBytes();
            var s = sequence.ReadIntegerBytes();
            sequence.ThrowIfNotEmpty();
            return (r.Span[0] & 0x80) == 0 && (s.Span[0] & 0x80) == 0;
        }
        catch (AsnContentException)
        {
            return false;
        }
    }

    /// <summary>
    /// SubjectPublicKeyInfo (DER), for exporting evidence that other tools can check. Every accepted signature keeps
    /// one as evidence, so the encoding is made once per key and copied.
    /// </summary>
    public byte[] ExportSubjectPublicKeyInfo()
    {
        lock (_gate)
        {
            _subjectPublicKeyInfo ??= Verifier.ExportSubjectPublicKeyInfo();
        }
        return (byte[])_subjectPublicKeyInfo.Clone();
    }

    /// <summary>Reads a SubjectPublicKeyInfo; only P-256 keys are accepted.</summary>
    public static PublicKey FromSubjectPublicKeyInfo(ReadOnlySpan<byte> spki)
    {
        using var key = ECDiffieHellman.Create();
        int read;
        try
        {
            key.ImportSubjectPublicKeyInfo(spki, out read);
        }
        catch (PlatformNotSupportedException e)
        {
            // .NET reports an unknown curve OID this way; to callers it is just an unacceptable key.
            throw new CryptographicException("Only P-256 public keys are accepted.", e);
        }
        if (read != spki.Length)
        {
            throw new CryptographicException("Trailing bytes after the SubjectPublicKeyInfo.");
        }
        var parameters = key.ExportParameters(false);
        if (!parameters.Curve.IsNamed || parameters.Curve.Oid.Value != ECCurve.NamedCurves.nistP256.Oid.Value)
        {
            throw new CryptographicException("Only P-256 public keys are accepted.");
        }
        return new PublicKey(CurvePoint.FromCoordinates(parameters.Q.X, parameters.Q.Y));
    }

    public void Dispose()
    {
        _verifier?.Dispose();
    }
}
