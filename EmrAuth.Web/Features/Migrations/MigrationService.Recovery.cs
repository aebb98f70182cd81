using EmrAuth.Domain.Migration;
using EmrAuth.Domain.Phases;
using EmrAuth.Domain.Transcript;
using Microsoft.EntityFrameworkCore;

namespace EmrAuth.Web.Features.Migrations;

/// <summary>Start-up recovery, clean-up, and the TTPH's certificate actions.</summary>
public sealed partial class MigrationService
{
    /// <summary>
    /// Finishes what a stopped process left: a migration stopped before the commit point (M7 not yet accepted) ends
    /// as interrupted, its reservation released, the record still served at the source; one stopped after it is
    /// rolled forward (M8 resent, index re-registered), since the source has already archived its copy.
    /// </summary>
    public async Task RecoverAsync()
    {
        await currentUser.RequireSystemAsync("Recover migrations", "every running migration");
        await host.RunExclusiveAsync(async () =>
        {
            await using var db = await dbFactory.CreateDbContextAsync();
            foreach (var id in await db.Migrations.Where(m => m.Status == MigrationStatus.Running).OrderBy(m => m.StartedAt).Select(m => m.Id).ToListAsync())
            {
                await RecoverAsync(id);
            }
            await CleanUpAsync("start-up");
        });
    }

    /// <summary>Forgets expired proofs, staged copies of interrupted migrations, delivered commits and stale nonces.</summary>
    public async Task<MigrationCleanup> CleanUpAsync()
    {
        await currentUser.RequireAsync("Clean up migrations", "expired proofs and staged copies", Roles.CloudAdmin);
        return await host.RunExclusiveAsync(() => CleanUpAsync("clean-up"));
    }

    /// <summary>The TTPH certifies a registered hospital's PUK_HPC (first Cert_H, or a new one after a revocation).</summary>
    public async Task<HospitalCertificate> CertifyAsync(string hospitalId)
    {
        var actor = (await currentUser.RequireAsync("Certify hospital", $"Cert_H of {hospitalId}", Roles.CloudAdmin)).UserName;
        return await host.RunExclusiveAsync(async () =>
        {
            if (!host.Hospitals.TryGetValue(hospitalId, out var hospital))
            {
                throw new PortalValidationException("hospitalId", "This hospital is not registered.");
            }
            if (migrations.Network.Endpoints.TryGetValue(hospitalId, out var endpoint)
                && migrations.Network.Ttph.Authority.RevocationList.Find(endpoint.Certificate.Serial) is null)
            {
                throw new PortalValidationException("hospitalId", $"{hospitalId} already holds a valid Cert_H ({endpoint.Certificate.Serial}).");
            }
            await using var db = await dbFactory.CreateDbContextAsync();
            var certificate = migrations.Certify(db, hospital, actor);
            await migrations.SaveStatesAsync(db, hospitalId);
            await db.SaveChangesAsync();
            hub.PublishRegistryChange("hospital-certificates");
            return certificate;
        });
    }

    public async Task RevokeAsync(string serial, string reason)
    {
        var actor = (await currentUser.RequireAsync("Revoke hospital certificate", $"Cert_H {serial}", Roles.CloudAdmin)).UserName;
        var why = PortalValidation.Text("reason", reason, 200);
        await host.RunExclusiveAsync(async () =>
        {
            await using var db = await dbFactory.CreateDbContextAsync();
            var certificate = await db.HospitalCertificates.SingleOrDefaultAsync(c => c.Serial == serial)
                ?? throw new PortalValidationException("serial", "There is no hospital certificate with this serial.");
            if (certificate.RevokedAt is not null)
            {
                throw new PortalValidationException("serial", "This certificate is already revoked.");
            }
            migrations.Revoke(certificate, why, actor, db);
            await db.SaveChangesAsync();
            hub.PublishRegistryChange("hospital-certificates");
        });
    }

    private async Task RecoverAsync(Guid id)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var record = await db.Migrations.SingleAsync(m => m.Id == id);
        var hop = Enum.Parse<MigrationHop>(record.NextStep);
        var proof = record.Proof is null ? null : MigrationProof.Decode(record.Proof);
        var transcript = new SessionTranscript(id.ToString());
        var network = migrations.Network;
        string outcome;
        if (hop <= MigrationHop.M7)
        {
            if (proof is not null)
            {
                network.Endpoints[record.SourceId].CancelTransfer(proof);
            }
            record.Status = MigrationStatus.Interrupted;
            outcome = $"The portal stopped before {hop} was delivered, before the commit point. Nothing moved: the record is still served by " +
                $"{record.SourceId}. Start a new migration.";
        }
        else
        {
            try
            {
                var destination = network.Endpoints[record.DestinationId];
                if (hop == MigrationHop.M8)
                {
                    var registration = destination.ReceiveCommit(network.Endpoints[record.SourceId].ResendCommit(proof!), transcript);
                    foreach (var entry in destination.Hospital.FindRecord(record.PatientId, record.DepartmentId)!.Entries)
                    {
                        records.AddFiledEntry(db, record.DestinationId, record.PatientId, record.DepartmentId, entry);
                    }
                    host.Cloud.AcceptIndexRegistration(registration, transcript);
                }
                else if (hop == MigrationHop.Index)
                {
                    var served = destination.Hospital.FindRecord(record.PatientId, record.DepartmentId)!;
                    host.Cloud.AcceptIndexRegistration(destination.Hospital.StoreRecord(record.PatientId, record.DepartmentId, served.Entries[0]), transcript);
                }
                await host.SaveIndexAsync(db);
                record.Status = MigrationStatus.Completed;
                // M9 was never delivered: the next step stays M9, so no page ticks it.
                record.NextStep = nameof(MigrationHop.M9);
                outcome = $"Completed after a restart: your {record.DepartmentId} record now lives at {record.DestinationId}. {record.SourceId} verified " +
                    "the destination's signed receipt (M7); your device's own check of it (M9) did not run because the portal stopped.";
            }
            catch (ProtocolViolationException e)
            {
                record.FailedCheck = e.FailedCheck.Check;
                outcome = $"Resending the commit after a restart failed at \u201c{e.FailedCheck.Check}\u201d: {e.FailedCheck.Reason}. It is retried at the next start.";
            }
        }
        record.Outcome = outcome;
        record.UpdatedAt = host.Clock.GetUtcNow();
        await migrations.SaveStatesAsync(db, record.SourceId, record.DestinationId);
        audit.Add(db, "portal", $"Migration recovery ({hop})", Subject(record), outcome, record.PatientId);
        var fresh = StageEvents(db, id, transcript.Events.Select(EventView.From), await LastSequenceAsync(db, id));
        await db.SaveChangesAsync();
        Publish(record, fresh, record.Status == MigrationStatus.Completed);
    }

    private async Task<MigrationCleanup> CleanUpAsync(string when)
    {
        var cleanup = migrations.Network.PruneExpired();
        if (cleanup.Total > 0)
        {
            await using var db = await dbFactory.CreateDbContextAsync();
            await migrations.SaveStatesAsync(db);
            audit.Add(db, MigrationHost.TtphId, "Migration clean-up", when,
                $"forgot {cleanup.Proofs} expired proof states, {cleanup.StagedTransfers} staged copies, {cleanup.DeliveredCommits} delivered commits, " +
                $"{cleanup.TtphEntries} TTPH nonces or delegations");
            await db.SaveChangesAsync();
        }
        return cleanup;
    }

    /// <summary>Adds transcript events (renumbered after <paramref name="offset"/>) to the migration's sealed transcript.</summary>
    private List<EventView> StageEvents(EmrAuthDbContext db, Guid id, IEnumerable<EventView> views, long offset)
    {
        var fresh = views.Select(v => v with { Sequence = v.Sequence + offset }).ToList();
        foreach (var view in fresh)
        {
            db.MigrationEvents.Add(new MigrationEventRecord { MigrationId = id, Sequence = view.Sequence, Kind = view.GetType().Name, At = view.At, SealedPayload = sealer.SealEvent(view) });
        }
        return fresh;
    }

    private static async Task<long> LastSequenceAsync(EmrAuthDbContext db, Guid id) =>
        await db.MigrationEvents.Where(e => e.MigrationId == id).MaxAsync(e => (long?)e.Sequence) ?? 0;

    private void Publish(MigrationRecord record, IReadOnlyList<EventView> fresh, bool recordsChanged)
    {
        foreach (var view in fresh.Cast<EventView?>().Append(null))
        {
            hub.Publish(new MigrationChange(record.Id, record.PatientId, record.SourceId, record.DestinationId, record.Status.ToString(), record.NextStep, view));
        }
        if (recordsChanged)
        {
            hub.PublishRegistryChange("records");
        }
    }
}
