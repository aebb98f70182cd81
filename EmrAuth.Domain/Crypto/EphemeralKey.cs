namespace EmrAuth.Domain.Crypto;

/// <summary>
/// A one-session ECDH key of the hardened profile (R_P2, R_D2, R_D3, R_HPC2), and the ephemeral key of each ECIES
/// message. The private half is a <see cref="Scalar"/> that never leaves this object and is overwritten by
/// <see cref="Dispose"/>, so nothing a party stores or sends after the session can rebuild the shared secret.
/// Both halves are computed by libcrypto in constant time (<see cref="Native.P256"/>).
/// </summary>
public sealed class EphemeralKey : IDisposable
{
    private Scalar? _secret = Scalar.Random();

    public EphemeralKey() => Point = CurvePoint.MultiplyGenerator(_secret!);

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

    public override string ToString() => "EphemeralKey(hidden)";

    public void Dispose()
    {
        _secret?.Erase();
        _secret = null;
    }
}
