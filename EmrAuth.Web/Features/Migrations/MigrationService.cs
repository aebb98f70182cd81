using EmrAuth.Domain.Messages;
using EmrAuth.Domain.Migration;
using EmrAuth.Domain.Phases;
using EmrAuth.Domain.Transcript;
using Microsoft.EntityFrameworkCore;

namespace EmrAuth.Web.Features.Migrations;

/// <summary>How a migration went, in words for the patient.</summary>
public sealed record MigrationResult(bool Succeeded, string Message);

/// <summary>
/// Runs patient-delegated EHR migrations (docs/ehr-migration.md) server-side: the patient asks once, the portal delivers M1–M9
/// hop by hop under the protocol gate, and after every hop saves in one transaction the migration's step, its new
/// (sealed) transcript events, the sealed state of the TTPH and both endpoints, the record effects (archive at the
/// source at M7, served copy at the destination at M8, index at the public cloud) and an audit entry for the patient.
/// So a process that stops between two hops restarts from a consistent database (see <c>RecoverAsync</c>).
/// </summary>
public sealed partial class MigrationService(IDbContextFactory<EmrAuthDbContext> dbFactory, ProtocolHost host, MigrationHost migrations, SecretSealer sealer,
    AuditLog audit, VisitHub hub, RecordService records, CurrentUser currentUser)
{
    /// <summary>The signed-in patient moves their record in <paramref name="departmentId"/> from <paramref name="sourceId"/> to <paramref name="destinationId"/>.</summary>
    public Task<(Guid MigrationId, MigrationResult Result)> StartAsync(string sourceId, string departmentId, string destinationId) =>
        StartAsync(sourceId, departmentId, destinationId, MigrationHop.Done);

    /// <summary>As <see cref="StartAsync(string, string, string)"/>, but the process "stops" before delivering <paramref name="stopBefore"/> (tests).</summary>
    internal async Task<(Guid MigrationId, MigrationResult Result)> StartAsync(string sourceId, string departmentId, string destinationId, MigrationHop stopBefore)
    {
        var (_, patientId) = await currentUser.RequirePartyAsync("Start migration", $"{departmentId} record {sourceId} → {destinationId}", Roles.Patient);
        return await host.RunExclusiveAsync(() => RunAsync(patientId, sourceId, departmentId, destinationId, stopBefore));
    }

    private async Task<(Guid MigrationId, MigrationResult Result)> RunAsync(string patientId, string sourceId, string departmentId, string destinationId,
        MigrationHop stopBefore)
    {
        var (patient, source, department, destination) = await ValidateAsync(patientId, sourceId, departmentId, destinationId);
        await CleanUpAsync("start of a migration");
        var record = new MigrationRecord
        {
            Id = Guid.NewGuid(),
            PatientId = patient.Id,
            SourceId = source,
            DestinationId = destination,
            DepartmentId = department,
            Status = MigrationStatus.Running,
            NextStep = nameof(MigrationHop.M1),
            StartedAt = host.Clock.GetUtcNow(),
            UpdatedAt = host.Clock.GetUtcNow(),
            Outcome = "Asking the TTPH for a migration proof.",
        };
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            db.Migrations.Add(record);
            audit.Add(db, patient.Id, "Migration requested", Subject(record), $"{department} record from {source} to {destination}", patient.Id);
            await db.SaveChangesAsync();
        }
        var transcript = new SessionTranscript(record.Id.ToString());
        var run = migrations.Network.Begin(patient, source, destination, department, transcript);
        var result = new MigrationResult(true, record.Outcome);
        while (run.Next != MigrationHop.Done && run.Next != stopBefore)
        {
            result = await DeliverAsync(record.Id, run, transcript);
            if (!result.Succeeded)
            {
                break;
            }
        }
        return (record.Id, result);
    }

    /// <summary>Delivers the next message and saves everything it changed as one transaction, then publishes it.</summary>
    private async Task<MigrationResult> DeliverAsync(Guid id, EhrMigration run, SessionTranscript transcript)
    {
        var hop = run.Next;
        await using var db = await dbFactory.CreateDbContextAsync();
        var record = await db.Migrations.SingleAsync(m => m.Id == id);
        var persisted = await LastSequenceAsync(db, id);
        MigrationResult result;
        try
        {
            var message = run.Pending;
            run.Deliver(message);
            result = Apply(db, run, record, hop, message);
        }
        catch (ProtocolViolationException e)
        {
            result = Refused(run, record, hop, e.FailedCheck);
        }
        catch (ProtocolStateException e)
        {
            record.Status = MigrationStatus.Failed;
            result = new MigrationResult(false, $"{e.Message} The record is still at {run.SourceId}.");
        }
        record.NextStep = run.Next.ToString();
        record.Outcome = result.Message;
        record.UpdatedAt = host.Clock.GetUtcNow();
        if (hop == MigrationHop.Index && result.Succeeded)
        {
            await host.SaveIndexAsync(db);
        }
        await migrations.SaveStatesAsync(db, run.SourceId, run.DestinationId);
        audit.Add(db, ReceiverOf(hop, record), $"Migration {hop}", Subject(record), result.Message, record.PatientId);
        var fresh = StageEvents(db, id, transcript.Events.Skip((int)persisted).Select(EventView.From), 0);
        await db.SaveChangesAsync();
        Publish(record, fresh, hop == MigrationHop.M8 && result.Succeeded);
        return result;
    }

    /// <summary>Stores what the delivered hop changed and says it in the patient's words.</summary>
    private MigrationResult Apply(EmrAuthDbContext db, EhrMigration run, MigrationRecord record, MigrationHop hop, ProtocolMessage message)
    {
        switch (hop)
        {
            case MigrationHop.M4:
                var proof = run.PatientSide!.Proof!;
                record.Proof = proof.Encode();
                record.ProofIssuedAt = DateTimeOffset.FromUnixTimeMilliseconds(proof.NotBefore);
                record.RecordDigest = proof.RecordDigest;
                return new(true, "The TTPH issued the migration proof Π; your device checked it.");
            case MigrationHop.M7:
                var receipt = (TransferReceipt)message;
                record.ReceiptSignature = receipt.Fields[1];
                record.ReceiptSignedAt = DateTimeOffset.FromUnixTimeMilliseconds(receipt.Timestamp);
                record.ReceiptCertificate = migrations.Network.Ttph.Authority.CertificateOf(record.DestinationId)?.Serial;
                ArchiveAtSource(db, run, record);
                return new(true, $"{record.DestinationId} signed the receipt; {record.SourceId} archived its copy (commit point).");
            case MigrationHop.M8:
                foreach (var entry in run.Destination.Hospital.FindRecord(record.PatientId, record.DepartmentId)!.Entries)
                {
                    records.AddFiledEntry(db, record.DestinationId, record.PatientId, record.DepartmentId, entry);
                }
                return new(true, $"{record.DestinationId} now serves the record.");
            case MigrationHop.Index:
                return new(true, $"The public cloud's index now points to {record.DestinationId}.");
            case MigrationHop.M9:
                record.Status = MigrationStatus.Completed;
                return new(true, $"Your {record.DepartmentId} record now lives at {record.DestinationId}; your device verified its signed receipt.");
            default:
                return new(true, $"{hop} accepted by {ReceiverOf(hop, record)}.");
        }
    }

    /// <summary>A check refused a message: before the commit point the source's reservation is released and the record stays there.</summary>
    private MigrationResult Refused(EhrMigration run, MigrationRecord record, MigrationHop hop, VerificationEvent check)
    {
        record.FailedCheck = check.Check;
        var where = $"{check.Verifier.Id} refused {hop} at \u201c{check.Check}\u201d: {check.Reason}.";
        if (hop <= MigrationHop.M7)
        {
            if (run.PatientSide?.Proof is { } proof)
            {
                run.Source.CancelTransfer(proof);
            }
            record.Status = MigrationStatus.Failed;
            return new(false, $"{where} Nothing moved: the record is still served by {record.SourceId}.");
        }
        if (hop == MigrationHop.M9)
        {
            record.Status = MigrationStatus.Failed;
            return new(false, $"{where} The record did move to {record.DestinationId}, but your device could not verify the receipt.");
        }
        // After the commit point the hand-over must finish: the commit is resent at the next start.
        return new(false, $"{where} {record.SourceId} has archived its copy; the portal resends the commit at its next start.");
    }

    private void ArchiveAtSource(EmrAuthDbContext db, EhrMigration run, MigrationRecord record)
    {
        var archived = run.Source.Hospital.FindArchivedRecord(record.PatientId, record.DepartmentId)!;
        var sealedRecord = sealer.SealRecord(record.SourceId, MigrationContents.EncodeRecord(archived.Record));
        var row = db.ArchivedRecords.Find(record.SourceId, record.PatientId, record.DepartmentId);
        if (row is null)
        {
            db.ArchivedRecords.Add(new ArchivedRecordRow
            {
                HospitalId = record.SourceId,
                PatientId = record.PatientId,
                DepartmentId = record.DepartmentId,
                MigratedTo = record.DestinationId,
                ArchivedAt = archived.MigratedAt,
                SealedRecord = sealedRecord,
            });
        }
        else
        {
            (row.MigratedTo, row.ArchivedAt, row.SealedRecord) = (record.DestinationId, archived.MigratedAt, sealedRecord);
        }
        db.EmrEntries.RemoveRange(db.EmrEntries.Where(e => e.HospitalId == record.SourceId && e.PatientId == record.PatientId && e.DepartmentId == record.DepartmentId));
    }

    private async Task<(Domain.Parties.Patient Patient, string Source, string Department, string Destination)> ValidateAsync(
        string patientId, string sourceId, string departmentId, string destinationId)
    {
        if (!host.Patients.TryGetValue(patientId, out var patient))
        {
            throw new PortalValidationException("patientId", "Your registration has not been approved yet.");
        }
        var source = PortalValidation.Identity("record", sourceId);
        var department = PortalValidation.Identity("record", departmentId);
        if (!host.Hospitals.TryGetValue(source, out var hospital) || hospital.FindRecord(patient.Id, department) is null)
        {
            throw new PortalValidationException("record", "Choose one of your records.");
        }
        var destination = PortalValidation.Identity("destinationId", destinationId);
        if (destination == source)
        {
            throw new PortalValidationException("destinationId", "The record is already at this hospital; choose another one.");
        }
        if (!migrations.Network.Endpoints.ContainsKey(destination) || !migrations.Network.Endpoints.ContainsKey(source))
        {
            throw new PortalValidationException("destinationId", "Both hospitals must be certified by the TTPH for migration.");
        }
        await using var db = await dbFactory.CreateDbContextAsync();
        if (!await db.Departments.AnyAsync(d => d.HospitalId == destination && d.DepartmentId == department))
        {
            throw new PortalValidationException("destinationId", $"{destination} has no {department} department to keep this record.");
        }
        return (patient, source, department, destination);
    }

    private static string Subject(MigrationRecord m) => $"migration {m.Id}: {m.DepartmentId} record {m.SourceId} → {m.DestinationId}";

    private static string ReceiverOf(MigrationHop hop, MigrationRecord m) => hop switch
    {
        MigrationHop.M1 or MigrationHop.M3 => MigrationHost.TtphId,
        MigrationHop.M2 or MigrationHop.M5 or MigrationHop.M7 => m.SourceId,
        MigrationHop.M6 or MigrationHop.M8 => m.DestinationId,
        MigrationHop.Index => ProtocolHost.CloudId,
        _ => m.PatientId,
    };
}
