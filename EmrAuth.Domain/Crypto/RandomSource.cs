using System.Buffers.Binary;
using System.Security.Cryptography;

namespace EmrAuth.Domain.Crypto;

/// <summary>
/// Every random draw of the domain (scalars r_i and keys, ephemeral ECIES and ECDH keys, AES-GCM and protocol nonces)
/// comes from here: the operating system's generator (<see cref="RandomNumberGenerator"/>), unless a
/// <see cref="DeterministicRandom"/> scope is open on this async flow. Only tests and the known-answer vector
/// generator can open one (the type is internal to the Domain and visible to EmrAuth.Tests only).
/// </summary>
public static class RandomSource
{
    public static void Fill(Span<byte> destination)
    {
        if (DeterministicRandom.Current is { } deterministic)
        {
            deterministic.Fill(destination);
            return;
        }
        RandomNumberGenerator.Fill(destination);
    }

    public static byte[] GetBytes(int length)
    {
        var bytes = new byte[length];
        Fill(bytes);
        DeterministicRandom.Observe("random nonce", bytes);
        return bytes;
    }

    /// <summary>True while a deterministic scope is open: signing then takes its ECDSA nonce from this source too.</summary>
    internal static bool IsDeterministic => DeterministicRandom.Current is not null;
}

/// <summary>
/// A reproducible byte stream for known-answer vectors: block i = HMAC-SHA256(SHA-256(seed label), BE64(i)), the
/// blocks concatenated and consumed in order. Open with <see cref="Open"/>, close with Dispose; the scope follows the
/// async flow (AsyncLocal), so concurrent tests do not share a stream. Named values the domain computes while the
/// scope is open (e_X, K points, SEK...) are handed to <see cref="Observe"/> so a vector can list them; outside a scope
/// nothing is recorded.
/// </summary>
internal sealed class DeterministicRandom : IDisposable
{
    private static readonly AsyncLocal<DeterministicRandom?> Scope = new();

    private readonly byte[] _key;
    private readonly DeterministicRandom? _outer;
    private readonly Action<string, byte[]>? _observer;
    private readonly byte[] _block = new byte[32];
    private ulong _counter;
    private int _used = 32;

    private DeterministicRandom(string seedLabel, Action<string, byte[]>? observer, DeterministicRandom? outer)
    {
        _key = SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(seedLabel));
        _observer = observer;
        _outer = outer;
    }

    internal static DeterministicRandom? Current => Scope.Value;

    /// <summary>Opens a scope on the current async flow; disposing it restores the previous one.</summary>
    internal static DeterministicRandom Open(string seedLabel, Action<string, byte[]>? observer = null)
    {
        var scope = new DeterministicRandom(seedLabel, observer, Scope.Value);
        Scope.Value = scope;
        return scope;
    }

    /// <summary>Reports an intermediate value to the open scope's observer, if any (vector generation only).</summary>
    internal static void Observe(string name, ReadOnlySpan<byte> value)
    {
        if (Scope.Value?._observer is { } observer)
        {
            observer(name, value.ToArray());
        }
    }

    internal void Fill(Span<byte> destination)
    {
        Span<byte> counter = stackalloc byte[8];
        while (!destination.IsEmpty)
        {
            if (_used == _block.Length)
            {
                BinaryPrimitives.WriteUInt64BigEndian(counter, _counter++);
                HMACSHA256.HashData(_key, counter, _block);
                _used = 0;
            }
            var take = Math.Min(destination.Length, _block.Length - _used);
            _block.AsSpan(_used, take).CopyTo(destination);
            _used += take;
            destination = destination[take..];
        }
    }

    public void Dispose() => Scope.Value = _outer;
}
