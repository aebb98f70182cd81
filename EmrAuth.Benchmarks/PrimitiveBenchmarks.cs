using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using EmrAuth.Domain.Certificates;
using EmrAuth.Domain.Crypto;
using EmrAuth.Domain.Registry;
using PrivateKey = EmrAuth.Domain.Crypto.PrivateKey;
using PublicKey = EmrAuth.Domain.Crypto.PublicKey;

namespace EmrAuth.Benchmarks;

/// <summary>
/// The primitives a visit is made of, through the domain's own wrappers, and (category "Alternative") the .NET/OpenSSL
/// operations a leaner implementation of the same primitive would use, to show where the time of a visit goes.
/// </summary>
/// <remarks>No iteration setup: BenchmarkDotNet's pilot stage picks the invocation count.</remarks>
[Config(typeof(StableConfig))]
[MemoryDiagnoser]
[IterationTime(150)]
[CategoriesColumn]
public class PrimitiveBenchmarks : IDisposable
{
    private readonly byte[] _message = new byte[200];
    private readonly byte[] _payload = new byte[256];
    private readonly byte[] _associatedData = Encoding.UTF8.GetBytes("C_X||T_X");
    private PrivateKey _key = null!;
    private PrivateKey _peer = null!;
    private byte[] _signature = [];
    private byte[] _eciesCiphertext = [];
    private byte[] _encodedPoint = [];
    private Scalar _scalar = null!;
    private Scalar _nonce = null!;
    private CurvePoint _point = null!;
    private CurvePoint _otherPoint = null!;
    private SessionKey _sessionKey = null!;
    private byte[] _sessionCiphertext = [];
    private MedicalAuthority _authority = null!;
    private DoctorCertificate _certificate = null!;
    private ECDiffieHellman _opensslKey = null!;
    private ECDiffieHellmanPublicKey _opensslPeer = null!;
    private ECParameters _opensslPeerParameters;
    private byte[] _leanCiphertext = [];

    [GlobalSetup]
    public void Setup()
    {
        RandomNumberGenerator.Fill(_message);
        RandomNumberGenerator.Fill(_payload);
        _key = PrivateKey.Generate();
        _peer = PrivateKey.Generate();
        _signature = _key.Sign(_message);
        _eciesCiphertext = PublicKeyCipher.Encrypt(_key.PublicKey, _payload, _associatedData);
        _encodedPoint = _peer.PublicKey.Point.Encode();
        _scalar = Scalar.Random();
        _nonce = Scalar.Random();
        _point = _peer.PublicKey.Point;
        _otherPoint = CurvePoint.MultiplyGenerator(Scalar.Random());
        _sessionKey = SessionKey.FromBytes(RandomNumberGenerator.GetBytes(32));
        _sessionCiphertext = SessionCipher.Encrypt(_sessionKey, _payload, _associatedData);
        _authority = new MedicalAuthority("MA", TimeProvider.System);
        _certificate = _authority.Issue("dr-chen", BenchWorld.Cardiology, TimeSpan.FromDays(365));
        _opensslKey = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        using var peer = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        _opensslPeer = peer.PublicKey;
        _opensslPeerParameters = peer.ExportParameters(false);
        // A lean-ECIES ciphertext for _opensslKey with peer as the ephemeral key, for LeanEciesDecrypt.
        using var own = _opensslKey.PublicKey;
        var (key, nonce) = LeanKeyAndNonce(peer.DeriveRawSecretAgreement(own), _opensslPeerParameters.Q);
        _leanCiphertext = AeadCipher.Seal(key, nonce, _payload, _associatedData);
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _key.Dispose();
        _peer.Dispose();
        _authority.Dispose();
        _opensslKey.Dispose();
        _opensslPeer.Dispose();
        GC.SuppressFinalize(this);
    }

    [Benchmark(Description = "ECDSA sign (T_Sign, PrivateKey.Sign)"), BenchmarkCategory("Domain")]
    public byte[] EcdsaSign() => _key.Sign(_message);

    [Benchmark(Description = "ECDSA verify (T_Sign, PublicKey.Verify)"), BenchmarkCategory("Domain")]
    public bool EcdsaVerify() => _key.PublicKey.Verify(_message, _signature);

    [Benchmark(Description = "ECIES encrypt 256 B (T_A, E_PUK)"), BenchmarkCategory("Domain")]
    public byte[] EciesEncrypt() => PublicKeyCipher.Encrypt(_key.PublicKey, _payload, _associatedData);

    [Benchmark(Description = "ECIES decrypt 256 B (T_A, D_PRK)"), BenchmarkCategory("Domain")]
    public byte[] EciesDecrypt() => PublicKeyCipher.Decrypt(_key, _eciesCiphertext, _associatedData);

    [Benchmark(Description = "AES-GCM encrypt 256 B (T_S, E_SEK)"), BenchmarkCategory("Domain")]
    public byte[] SessionEncrypt() => SessionCipher.Encrypt(_sessionKey, _payload, _associatedData);

    [Benchmark(Description = "AES-GCM decrypt 256 B (T_S, D_SEK)"), BenchmarkCategory("Domain")]
    public byte[] SessionDecrypt() => SessionCipher.Decrypt(_sessionKey, _sessionCiphertext, _associatedData);

    [Benchmark(Description = "Hash to scalar Hq (T_H)"), BenchmarkCategory("Domain")]
    public Scalar HashToScalar() => Hashing.ToScalar(_message);

    [Benchmark(Description = "HKDF session key h(K1||K2) (T_H)"), BenchmarkCategory("Domain")]
    public SessionKey HkdfSessionKey() => KeyDerivation.SessionKey(_point, _otherPoint);

    [Benchmark(Description = "k*P, libcrypto (R = r*P)"), BenchmarkCategory("Domain")]
    public CurvePoint BcMultiplyGenerator() => CurvePoint.MultiplyGenerator(_scalar);

    [Benchmark(Description = "k*Q, libcrypto"), BenchmarkCategory("Domain")]
    public CurvePoint BcMultiply() => _point.Multiply(_scalar);

    [Benchmark(Description = "a*Q + b*R, libcrypto (2 mul + add)"), BenchmarkCategory("Domain")]
    public CurvePoint BcMultiplyAndAdd() => _point.MultiplyAndAdd(_scalar, _otherPoint, _nonce);

    [Benchmark(Description = "point decode + validate (33 B)"), BenchmarkCategory("Domain")]
    public CurvePoint PointDecode() => CurvePoint.Decode(_encodedPoint);

    [Benchmark(Description = "Session key SEK (Eqs. 17/22/39/44)"), BenchmarkCategory("Domain")]
    public SessionKey SessionKeyAgreement() =>
        KeyDerivation.SessionKey(_point.MultiplyAndAdd(_scalar, _otherPoint, _nonce), _point.Multiply(_nonce));

    [Benchmark(Description = "new PrivateKey (k*P)"), BenchmarkCategory("Domain")]
    public PublicKey NewPrivateKey()
    {
        using var key = PrivateKey.Generate();
        return key.PublicKey;
    }

    [Benchmark(Description = "new PublicKey (2 OpenSSL imports)"), BenchmarkCategory("Domain")]
    public CurvePoint NewPublicKey()
    {
        using var key = new PublicKey(_point);
        return key.Point;
    }

    [Benchmark(Description = "ECDH raw agreement (PrivateKey.AgreeWith)"), BenchmarkCategory("Domain")]
    public byte[] EcdhAgree() => _key.AgreeWith(_peer.PublicKey);

    [Benchmark(Description = "PUK_X reconstruction (Hq + k*Q + add + PublicKey)"), BenchmarkCategory("Domain")]
    public CurvePoint ImplicitPublicKey()
    {
        var e = ImplicitCertificate.IssuanceHash("dr-chen", _certificate.Encode(), _otherPoint);
        using var key = new PublicKey(ImplicitCertificate.PublicPoint(e, _otherPoint, _point));
        return key.Point;
    }

    [Benchmark(Description = "Cert_D check (authority signature)"), BenchmarkCategory("Domain")]
    public bool CertificateCheck() =>
        Hashing.Digest(_certificate.Encode()).Length == 32 && _authority.PublicKey.Verify(_certificate.SignedContent(), _certificate.AuthoritySignature);

    [Benchmark(Description = "OpenSSL P-256 key generation (ECDH)"), BenchmarkCategory("Alternative")]
    public byte[] OpensslKeyGeneration()
    {
        using var key = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        return key.ExportParameters(false).Q.X!;
    }

    [Benchmark(Description = "OpenSSL ECDH derive, peer key held"), BenchmarkCategory("Alternative")]
    public byte[] OpensslDerive() => _opensslKey.DeriveRawSecretAgreement(_opensslPeer);

    [Benchmark(Description = "OpenSSL public key import (1 object)"), BenchmarkCategory("Alternative")]
    public int OpensslImportPublicKey()
    {
        using var key = ECDiffieHellman.Create(_opensslPeerParameters);
        return key.KeySize;
    }

    [Benchmark(Description = "Lean ECIES encrypt (OpenSSL keygen + derive)"), BenchmarkCategory("Alternative")]
    public byte[] LeanEciesEncrypt()
    {
        using var ephemeral = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var (key, nonce) = LeanKeyAndNonce(ephemeral.DeriveRawSecretAgreement(_opensslPeer), ephemeral.ExportParameters(false).Q);
        return AeadCipher.Seal(key, nonce, _payload, _associatedData);
    }

    [Benchmark(Description = "Lean ECIES decrypt (1 import + derive)"), BenchmarkCategory("Alternative")]
    public byte[] LeanEciesDecrypt()
    {
        using var ephemeral = ECDiffieHellman.Create(_opensslPeerParameters);
        using var ephemeralKey = ephemeral.PublicKey;
        var (key, nonce) = LeanKeyAndNonce(_opensslKey.DeriveRawSecretAgreement(ephemeralKey), _opensslPeerParameters.Q);
        return AeadCipher.Open(key, nonce, _leanCiphertext, _associatedData);
    }

    /// <summary>HKDF-SHA256 over the shared x-coordinate, bound to the ephemeral point, to an AES-256-GCM key and nonce.</summary>
    private static (byte[] Key, byte[] Nonce) LeanKeyAndNonce(byte[] shared, System.Security.Cryptography.ECPoint ephemeral)
    {
        var okm = KeyDerivation.Derive(shared, [], [.. ephemeral.X!, .. ephemeral.Y!], AeadCipher.KeyLength + AeadCipher.NonceLength);
        return (okm[..AeadCipher.KeyLength], okm[AeadCipher.KeyLength..]);
    }
}
