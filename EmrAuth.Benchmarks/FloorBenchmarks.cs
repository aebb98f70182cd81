using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using EmrAuth.Domain.Crypto;

namespace EmrAuth.Benchmarks;

/// <summary>
/// The raw floor: each primitive a visit is made of as the leanest call .NET and libcrypto offer, with every key held
/// and every buffer allocated beforehand. <see cref="FloorReport"/> prices a phase's counted operations with these
/// medians and prints the measured/floor ratio beside each phase.
/// </summary>
/// <remarks>
/// The point operations go through <see cref="CurvePoint"/>: one EC_POINT_mul (or oct2point for the decoding) plus the
/// conversions to and from the encoding, which is as raw as a caller outside libcrypto gets.
/// </remarks>
[Config(typeof(StableConfig))]
[MemoryDiagnoser]
[IterationTime(200)]
public class FloorBenchmarks : IDisposable
{
    private readonly byte[] _message = RandomNumberGenerator.GetBytes(200);
    private readonly byte[] _payload = RandomNumberGenerator.GetBytes(256);
    private readonly byte[] _ciphertext = new byte[256];
    private readonly byte[] _tag = new byte[AeadCipher.TagLength];
    private readonly byte[] _nonce = RandomNumberGenerator.GetBytes(AeadCipher.NonceLength);
    private readonly byte[] _secret = RandomNumberGenerator.GetBytes(64);
    private readonly byte[] _output = new byte[32];
    private readonly ECDsa _signer = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly AesGcm _aes = new(RandomNumberGenerator.GetBytes(AeadCipher.KeyLength), AeadCipher.TagLength);
    private readonly Scalar _scalar = Scalar.Random();
    private readonly CurvePoint _point = CurvePoint.MultiplyGenerator(Scalar.Random());
    private readonly byte[] _encodedPoint;
    private readonly byte[] _signature;

    public FloorBenchmarks()
    {
        _encodedPoint = _point.Encode();
        _signature = _signer.SignData(_message, HashAlgorithmName.SHA256);
    }

    [Benchmark(Description = "ECDSA sign, key held")]
    public byte[] Sign() => _signer.SignData(_message, HashAlgorithmName.SHA256);

    [Benchmark(Description = "ECDSA verify, key held")]
    public bool Verify() => _signer.VerifyData(_message, _signature, HashAlgorithmName.SHA256);

    [Benchmark(Description = "EC_POINT_mul k*G")]
    public CurvePoint MultiplyGenerator() => CurvePoint.MultiplyGenerator(_scalar);

    [Benchmark(Description = "EC_POINT_mul k*Q")]
    public CurvePoint Multiply() => _point.Multiply(_scalar);

    [Benchmark(Description = "Point decode + validate (33 B)")]
    public CurvePoint Decode() => CurvePoint.Decode(_encodedPoint);

    [Benchmark(Description = "AES-256-GCM seal 256 B, key held")]
    public byte[] AesGcm()
    {
        _aes.Encrypt(_nonce, _payload, _ciphertext, _tag);
        return _ciphertext;
    }

    [Benchmark(Description = "HKDF-SHA256, 32 B out")]
    public byte[] Hkdf()
    {
        HKDF.DeriveKey(HashAlgorithmName.SHA256, _secret, _output, [], "floor"u8);
        return _output;
    }

    [Benchmark(Description = "SHA-256, 200 B")]
    public byte[] Sha256()
    {
        SHA256.HashData(_message, _output);
        return _output;
    }

    [Benchmark(Description = "HMAC-SHA256, 200 B")]
    public byte[] Hmac()
    {
        HMACSHA256.HashData(_secret, _message, _output);
        return _output;
    }

    public void Dispose()
    {
        _signer.Dispose();
        _aes.Dispose();
        GC.SuppressFinalize(this);
    }
}
