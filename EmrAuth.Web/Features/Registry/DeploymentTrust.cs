using EmrAuth.Domain.Registry;

namespace EmrAuth.Web.Features.Registry;

/// <summary>
/// The portal's trust document (PK, PUK_C, PUK_MA and the TTPH's keys): public material, the same for every caller,
/// shown with its fingerprint on the login page and the cloud administrator's directory page and carried by every
/// evidence bundle. Not a service acting for a user: nothing here is personal or refused.
/// </summary>
public sealed class DeploymentTrust(ProtocolHost host, MigrationHost migrations)
{
    /// <summary>The deployment's name in the document; version 1 until an operator rotates a key.</summary>
    public const string DeploymentName = "EmrAuth portal";

    public const int Version = 1;

    /// <summary>The document, or null while the protocol host is still loading.</summary>
    public TrustDocument? Document()
    {
        if (!host.IsLoaded)
        {
            return null;
        }
        var ttph = migrations.IsLoaded
            ? new TtphKeys(migrations.Network.Ttph.Id, migrations.Network.Ttph.Anchor.AuthorityKey.Point, migrations.Network.Ttph.Anchor.EncryptionKey.Point)
            : null;
        return TrustDocument.Of(DeploymentName, Version, host.Bulletin, ProtocolHost.AuthorityName, ttph);
    }
}
