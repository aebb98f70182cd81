namespace EmrAuth.Domain.Crypto;

/// <summary>
/// A one-session ECDH key of the hardened profile (R_P2, R_D2, R_D3, R_HPC2), and the ephemeral key of each ECIES
/// message. The private half is a <see cref="Scalar"/> that never leaves this object and is overwritten by
/// <see cref="Dispose"/>, so nothing a party stores or sends after the session can rebuild the shared secret.
/// Both halves are computed by libcrypto in constant time (<see cref="Native.P256"/>).
/// </summary>
public sealed class EphemeralKey : IDisposable
{
    private Scalar? _secret;

    public EphemeralKey()
    {
        _secret = Scalar.Random();
        Point = CurvePoint.MultiplyGenerator(_secret);
    }

    private EphemeralKey(Scalar? secret, CurvePoint point) => (_secret, Point) = (secret, point);

    /// <summary>The public half, sent in place of the paper's r_i·P.</summary>
    public CurvePoint Point { get; }

    /// <summary>True once the private half has been erased.</summary>
    public bool IsErased => _secret is null;

    /// <summary>
    /// Raw ECDH with the peer's point, which was validated when it was decoded: the x-coordinate of own·peer
    /// (32 bytes; the caller zeroes it).
    /// </summary>
    public byte[] AgreeWith(CurvePoint peer)
    {
        var secret = _secret ?? throw new ObjectDisposedException(nameof(EphemeralKey), "The ephemeral key was erased after use.");
        return Native.P256.SharedX(peer.Uncompressed, secret);
    }

    /// <summary>The private half, only for a session's sealed state between two steps; null once erased.</summary>
    internal Scalar? SecretForSealedStorage => _secret;

    /// <summary>
    /// A key restored from sealed state: <paramref name="secret"/> must be the private half of <paramref name="point"/>
    /// (checked), or null for a key that was already erased.
    /// </summary>
    internal static EphemeralKey RestoreFromSealedStorage(Scalar? secret, CurvePoint point) =>
        secret is null || CurvePoint.MultiplyGenerator(secret).SameAs(point)
            ? new EphemeralKey(secret, point)
            : throw new MalformedMessageException("the stored ephemeral key does not match its public half");

    public override string ToString() => "EphemeralKey(hidden)";

    public void Dispose()
    {
        _secret?.Erase();
        _secret = null;
    }
}
