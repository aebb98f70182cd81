using System.Security.Cryptography;
using EmrAuth.Domain.Crypto;

namespace EmrAuth.Tests.Crypto;

public sealed class PublicKeyTests
{
    private static readonly byte[] Message = "evidence"u8.ToArray();

    [Fact]
    public void SubjectPublicKeyInfo_RoundTrips()
    {
        using var key = PrivateKey.Generate();
        var spki = key.PublicKey.ExportSubjectPublicKeyInfo();
        using var imported = PublicKey.FromSubjectPublicKeyInfo(spki);
        Assert.True(imported.Point.SameAs(key.PublicKey.Point));
        Assert.True(imported.Verify(Message, key.Sign(Message)));
    }

    [Fact]
    public void SubjectPublicKeyInfo_RejectsTrailingBytes()
    {
        using var key = PrivateKey.Generate();
        byte[] spki = [.. key.PublicKey.ExportSubjectPublicKeyInfo(), 0x00];
        Assert.ThrowsAny<CryptographicException>(() => PublicKey.FromSubjectPublicKeyInfo(spki));
    }

    [Fact]
    public void SubjectPublicKeyInfo_RejectsOtherCurves()
    {
        using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        Assert.ThrowsAny<CryptographicException>(() => PublicKey.FromSubjectPublicKeyInfo(p384.ExportSubjectPublicKeyInfo()));
    }

    [Fact]
    public void SubjectPublicKeyInfo_ReportsAnUnknownCurveOidAsCryptographicException()
    {
        using var key = PrivateKey.Generate();
        var spki = key.PublicKey.ExportSubjectPublicKeyInfo();
        // The P-256 OID 1.2.840.10045.3.1.7 ends in ...03 01 07; make it 1.2.840.10045.3.1.23, which .NET does not know.
        var oid = Convert.FromHexString("2a8648ce3d030107");
        var at = spki.AsSpan().IndexOf(oid);
        Assert.True(at > 0);
        spki[at + oid.Length - 1] = 23;
        Assert.ThrowsAny<CryptographicException>(() => PublicKey.FromSubjectPublicKeyInfo(spki));
    }

    /// <summary>
    /// Regression for Wycheproof tcId 6 (MissingZero): an s whose top bit is set, DER-encoded without the 00 byte,
    /// is a negative INTEGER and must be refused, although .NET alone would read it as the right magnitude.
    /// </summary>
    [Fact]
    public void Verify_RejectsDerSignatureWithNegativeInteger()
    {
        using var key = PrivateKey.Generate();
        byte[] signature;
        do
        {
            signature = key.Sign(Message);
        }
        while ((signature[32] & 0x80) == 0);
        var r = TrimmedInteger(signature[..32]);
        var s = signature[32..];
        byte[] malformed = [0x30, (byte)(2 + r.Length + 2 + s.Length), 0x02, (byte)r.Length, .. r, 0x02, (byte)s.Length, .. s];
        byte[] canonical = [0x30, (byte)(malformed[1] + 1), 0x02, (byte)r.Length, .. r, 0x02, (byte)(s.Length + 1), 0x00, .. s];
        Assert.True(key.PublicKey.Verify(Message, canonical, DSASignatureFormat.Rfc3279DerSequence));
        Assert.False(key.PublicKey.Verify(Message, malformed, DSASignatureFormat.Rfc3279DerSequence));
    }

    /// <summary>A non-negative DER INTEGER body for a 32-byte magnitude.</summary>
    private static byte[] TrimmedInteger(byte[] magnitude)
    {
        var start = 0;
        while (start < magnitude.Length - 1 && magnitude[start] == 0 && (magnitude[start + 1] & 0x80) == 0)
        {
            start++;
        }
        return (magnitude[start] & 0x80) != 0 ? [0x00, .. magnitude[start..]] : magnitude[start..];
    }
}
