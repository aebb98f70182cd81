using EmrAuth.Domain.Certificates;
using EmrAuth.Domain.Crypto;
using EmrAuth.Domain.Migration;
using EmrAuth.Domain.Parties;
using Microsoft.EntityFrameworkCore;

namespace EmrAuth.Web.Features.Migrations;

/// <summary>
/// The migration network of the deployment: the TTPH (hosted by the public cloud's operator) and an endpoint for
/// every certified hospital, rebuilt from storage at start after <see cref="ProtocolHost"/>. The first start creates
/// the TTPH's keys and certifies every registered hospital. Changes run under <see cref="ProtocolHost.RunAsync{T}"/>.
/// </summary>
public sealed class MigrationHost(IDbContextFactory<EmrAuthDbContext> dbFactory, ProtocolHost host, SecretSealer sealer, AuditLog audit) : IDisposable
{
    /// <summary>Upper case, so no hospital identity (lower case only) can collide with it.</summary>
    public const string TtphId = "TTPH";

    private MigrationDeployment? _network;

    public MigrationDeployment Network => _network ?? throw new InvalidOperationException("The migration network has not been loaded yet.");

    public bool IsLoaded => _network is not null;

    public async Task LoadAsync()
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var secrets = await db.TtphSecrets.SingleOrDefaultAsync();
        var firstStart = secrets is null;
        if (secrets is null)
        {
            secrets = new TtphSecrets
            {
                TtphId = TtphId,
                SealedAuthorityKey = sealer.SealKey(Scalar.Random().ToBytes()),
                SealedEncryptionKey = sealer.SealKey(Scalar.Random().ToBytes()),
            };
            db.TtphSecrets.Add(secrets);
        }
        var ttph = new TrustedThirdPartyHospital(secrets.TtphId, host.Bulletin, host.Clock, host.Options,
            new PrivateKey(Scalar.FromBytes(sealer.UnsealKey(secrets.SealedAuthorityKey))),
            new PrivateKey(Scalar.FromBytes(sealer.UnsealKey(secrets.SealedEncryptionKey))));
        var certificates = (await db.HospitalCertificates.ToListAsync()).OrderBy(c => c.NotBefore).ThenBy(c => c.Serial, StringComparer.Ordinal).ToList();
        ttph.Authority.Restore(certificates.Select(c => HospitalCertificate.Decode(c.Encoded)).ToList(),
            certificates.Where(c => c.RevokedAt is not null).Select(c => new Revocation(c.Serial, c.RevokedAt!.Value, c.RevocationReason ?? "")));
        var network = new MigrationDeployment(host.Cloud, ttph);
        foreach (var hospital in host.Hospitals.Values)
        {
            if (ttph.Authority.CertificateOf(hospital.Id) is { } certificate)
            {
                network.Attach(hospital, certificate);
            }
        }
        foreach (var state in await db.MigrationPartyStates.ToListAsync())
        {
            var exported = sealer.UnsealMigrationState(state.SealedState);
            if (state.PartyId == ttph.Id)
            {
                ttph.RestoreUsedNonces(exported);
            }
            else if (network.Endpoints.TryGetValue(state.PartyId, out var endpoint))
            {
                endpoint.RestoreState(exported);
            }
        }
        foreach (var archived in await db.ArchivedRecords.ToListAsync())
        {
            if (host.Hospitals.TryGetValue(archived.HospitalId, out var hospital))
            {
                var record = MigrationContents.DecodeRecord(sealer.UnsealRecord(archived.HospitalId, archived.SealedRecord));
                hospital.RestoreArchivedRecord(new ArchivedRecord(record, archived.MigratedTo, archived.ArchivedAt));
            }
        }
        if (firstStart)
        {
            foreach (var hospital in host.Hospitals.Values.OrderBy(h => h.Id, StringComparer.Ordinal))
            {
                Certify(db, network, hospital, "seed");
            }
        }
        await db.SaveChangesAsync();
        _network = network;
    }

    /// <summary>The TTPH issues a Cert_H for a registered hospital (first one, or a new one after a revocation).</summary>
    internal HospitalCertificate Certify(EmrAuthDbContext db, HospitalCloud hospital, string actor) => Certify(db, Network, hospital, actor);

    /// <summary>
    /// After a hospital renewed its keys: its Cert_H names the old PUK_HPC, so the TTPH revokes it and certifies the new
    /// key (the endpoint keeps its state). A hospital outside the migration network is left as it is.
    /// </summary>
    internal async Task RecertifyAsync(EmrAuthDbContext db, HospitalCloud hospital, string actor)
    {
        if (!Network.Endpoints.TryGetValue(hospital.Id, out var endpoint))
        {
            return;
        }
        if (Network.Ttph.Authority.RevocationList.Find(endpoint.Certificate.Serial) is null
            && await db.HospitalCertificates.FindAsync(endpoint.Certificate.Serial) is { } current)
        {
            Revoke(current, "the hospital renewed its keys without escrow", actor, db);
        }
        Certify(db, hospital, actor);
        await SaveStatesAsync(db, hospital.Id);
    }

    /// <summary>The TTPH revokes a Cert_H: every later Cert_S / Cert_D check of it fails.</summary>
    internal void Revoke(HospitalCertificateRecord certificate, string reason, string actor, EmrAuthDbContext db)
    {
        Network.Ttph.Authority.Revoke(certificate.Serial, reason);
        certificate.RevokedAt = Network.Ttph.Authority.RevocationList.Find(certificate.Serial)!.RevokedAt;
        certificate.RevocationReason = reason;
        audit.Add(db, actor, "Hospital certificate revoked", $"Cert_H {certificate.Serial} ({certificate.HospitalId})", reason);
    }

    /// <summary>Writes the sealed state of the TTPH and of the given endpoints (all when none is named).</summary>
    public async Task SaveStatesAsync(EmrAuthDbContext db, params string[] hospitalIds)
    {
        var ids = hospitalIds.Length == 0 ? Network.Endpoints.Keys.ToArray() : hospitalIds;
        await SaveStateAsync(db, Network.Ttph.Id, Network.Ttph.ExportUsedNonces());
        foreach (var id in ids.Distinct())
        {
            await SaveStateAsync(db, id, Network.Endpoints[id].ExportState());
        }
    }

    private async Task SaveStateAsync(EmrAuthDbContext db, string partyId, byte[] exported)
    {
        var row = await db.MigrationPartyStates.FindAsync(partyId);
        if (row is null)
        {
            db.MigrationPartyStates.Add(new MigrationPartyState { PartyId = partyId, SealedState = sealer.SealMigrationState(exported), UpdatedAt = host.Clock.GetUtcNow() });
            return;
        }
        row.SealedState = sealer.SealMigrationState(exported);
        row.UpdatedAt = host.Clock.GetUtcNow();
    }

    private HospitalCertificate Certify(EmrAuthDbContext db, MigrationDeployment network, HospitalCloud hospital, string actor)
    {
        var certificate = network.Enroll(hospital).Certificate;
        db.HospitalCertificates.Add(new HospitalCertificateRecord
        {
            Serial = certificate.Serial,
            HospitalId = certificate.HospitalId,
            NotBefore = certificate.NotBefore,
            NotAfter = certificate.NotAfter,
            Encoded = certificate.Encode(),
        });
        audit.Add(db, actor, "Hospital certified", $"Cert_H {certificate.Serial} ({hospital.Id})", "issued by the TTPH");
        return certificate;
    }

    public void Dispose() => _network?.Dispose();
}
