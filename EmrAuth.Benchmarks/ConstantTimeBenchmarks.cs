using BenchmarkDotNet.Attributes;
using EmrAuth.Domain.Crypto;
using Org.BouncyCastle.Crypto.EC;
using BcBigInteger = Org.BouncyCastle.Math.BigInteger;
using BcPoint = Org.BouncyCastle.Math.EC.ECPoint;

namespace EmrAuth.Benchmarks;

/// <summary>The three kinds of secret scalar whose timings must agree.</summary>
public enum ScalarKind
{
    /// <summary>Uniform in [1, q): about 256 bits, Hamming weight about 128.</summary>
    Random,

    /// <summary>Below 2^128: half the length of a random scalar.</summary>
    Bits128,

    /// <summary>Exactly two bits set: the lowest Hamming weight a non-power-of-two has.</summary>
    Weight2,
}

/// <summary>
/// Timing dispersion of the secret-scalar operations: each operation's time for random, 128-bit and weight-2 scalars.
/// Constant-time code shows the same time for every kind (within the noise of the error column); BouncyCastle's
/// default variable-base multiplier (wNAF), which the domain used before, is the control that shows the method sees a
/// dependence where there is one. Each invocation takes the next of <see cref="PoolSize"/> scalars of the kind, so no
/// single lucky value decides a row.
/// </summary>
[Config(typeof(StableConfig))]
[IterationTime(200)]
public class ConstantTimeBenchmarks
{
    public const int PoolSize = 64;

    [Params(ScalarKind.Random, ScalarKind.Bits128, ScalarKind.Weight2)]
    public ScalarKind Kind { get; set; }

    private Scalar[] _scalars = [];
    private BcBigInteger[] _bcScalars = [];
    private CurvePoint _point = null!;
    private CurvePoint _other = null!;
    private BcPoint _bcPoint = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        _scalars = Enumerable.Range(0, PoolSize).Select(_ => Scalar.FromBytes(Draw(Kind))).ToArray();
        _bcScalars = _scalars.Select(s => new BcBigInteger(1, s.ToBytes())).ToArray();
        _point = CurvePoint.MultiplyGenerator(Scalar.Random());
        _other = CurvePoint.MultiplyGenerator(Scalar.Random());
        _bcPoint = CustomNamedCurves.GetByName("secp256r1").Curve.DecodePoint(_point.Encode());
    }

    [Benchmark(Description = "k*G (libcrypto)")]
    public CurvePoint MultiplyGenerator() => CurvePoint.MultiplyGenerator(Next());

    [Benchmark(Description = "k*Q (libcrypto)")]
    public CurvePoint Multiply() => _point.Multiply(Next());

    [Benchmark(Description = "a*P + b*Q (libcrypto)")]
    public CurvePoint MultiplyAndAdd() => _point.MultiplyAndAdd(Next(), _other, Next());

    [Benchmark(Description = "a*b mod q (limbs)")]
    public Scalar ScalarMultiply() => Next().Multiply(Next());

    [Benchmark(Description = "a + b mod q (limbs)")]
    public Scalar ScalarAdd() => Next().Add(Next());

    [Benchmark(Description = "control: k*Q (BouncyCastle wNAF)")]
    public BcPoint BouncyCastleMultiply() => _bcPoint.Multiply(_bcScalars[_next++ % PoolSize]).Normalize();

    private Scalar Next() => _scalars[_next++ % PoolSize];

    /// <summary>A scalar of the kind, as 32 big-endian bytes; every kind is below q (the top 32 bits of q are ones).</summary>
    private static byte[] Draw(ScalarKind kind)
    {
        if (kind == ScalarKind.Random)
        {
            return Scalar.Random().ToBytes();
        }
        var bytes = new byte[32];
        if (kind == ScalarKind.Bits128)
        {
            System.Security.Cryptography.RandomNumberGenerator.Fill(bytes.AsSpan(16));
            bytes[16] |= 0x80;
            return bytes;
        }
        var first = System.Security.Cryptography.RandomNumberGenerator.GetInt32(256);
        int second;
        do
        {
            second = System.Security.Cryptography.RandomNumberGenerator.GetInt32(256);
        }
        while (second == first);
        foreach (var bit in new[] { first, second })
        {
            bytes[31 - bit / 8] |= (byte)(1 << (bit % 8));
        }
        return bytes;
    }
}
