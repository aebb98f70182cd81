using System.Security.Cryptography;

namespace EmrAuth.Domain.Crypto;

/// <summary>
/// A one-session ECDH key of the hardened profile (R_P2, R_D2, R_D3, R_HPC2). The private half lives only inside
/// .NET's <see cref="ECDiffieHellman"/> and is freed by <see cref="Dispose"/>; no scalar of it is ever exposed,
/// so nothing a party stores or sends after the session can rebuild the shared secret.
/// </summary>
public sealed class EphemeralKey : IDisposable
{
    private ECDiffieHellman? _key = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);

    public EphemeralKey()
    {
        var q = _key.ExportParameters(false).Q;
        Point = CurvePoint.FromCoordinates(q.X, q.Y);
    }

    /// <summary>The public half, sent in place of the paper's r_i·P.</summary>
    public CurvePoint Point { get; }

    /// <summary>True once the private half has been freed.</summary>
    public bool IsErased => _key is null;

    /// <summary>Raw ECDH with the peer's ephemeral point: the x-coordinate of own·peer (32 bytes; the caller zeroes it).</summary>
    public byte[] AgreeWith(CurvePoint peer)
    {
        var key = _key ?? throw new ObjectDisposedException(nameof(EphemeralKey), "The ephemeral key was erased after use.");
        using var peerKey = new PublicKey(peer);
        using var agreement = peerKey.AgreementKey;
        return key.DeriveRawSecretAgreement(agreement);
    }

    public override string ToString() => "EphemeralKey(hidden)";

    public void Dispose()
    {
        _key?.Dispose();
        _key = null;
    }
}
