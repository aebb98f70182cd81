using EmrAuth.Domain.Messages;
using EmrAuth.Domain.Parties;
using EmrAuth.Domain.Phases;
using EmrAuth.Domain.Transcript;
using Microsoft.EntityFrameworkCore;

namespace EmrAuth.Web.Features.Records;

/// <summary>One entry of a record as the hospital's administrators see it; <paramref name="RestrictedBy"/> names who signed its label.</summary>
public sealed record RecordEntryView(DateTimeOffset At, string Author, string Text, bool Signed, string? RestrictedBy = null)
{
    public bool Restricted => RestrictedBy is not null;

    public static RecordEntryView From(RecordEntry entry) =>
        new(entry.At, entry.Author, entry.Text, entry.AuthorSignature is not null, entry.Label?.Label.SignerId);
}

public sealed record RecordView(string PatientId, string DepartmentId, IReadOnlyList<RecordEntryView> Entries);

/// <summary>
/// The EMRs each hospital keeps (sealed at rest under the hospital's own purpose). A new record registers its
/// index entry h(ID_P || ID_DE) → ID_HPC with the public cloud, signed by the hospital, and needs the patient's
/// signed agreement to be registered at the hospital (<see cref="AdmissionService"/>).
/// Only a hospital's own administrators act on its records: the hospital is the account's party, never a parameter.
/// A refused creation says the same whether or not the patient exists, and nothing about other hospitals.
/// </summary>
public sealed class RecordService(IDbContextFactory<EmrAuthDbContext> dbFactory, ProtocolHost host, SecretSealer sealer, AuditLog audit, VisitHub hub,
    CurrentUser currentUser)
{
    public const int MaxEntryLength = 4000;

    /// <summary>The one answer to a record the hospital may not create: unknown patient, no agreement, record held elsewhere.</summary>
    public const string NoAgreement = AdmissionAgreement.Check + ": no agreement of this patient allows a new record here. Send an admission request; the patient decides.";

    public async Task CreateRecordAsync(string patientId, string departmentId, string text)
    {
        var (user, hospitalId) = await currentUser.RequirePartyAsync("Create record", $"{patientId} / {departmentId}", Roles.HospitalAdmin);
        await host.RunExclusiveAsync(() => CreateRecordAsync(hospitalId, patientId, departmentId, text, user.UserName));
    }

    private async Task CreateRecordAsync(string hospitalId, string patientId, string departmentId, string text, string actor)
    {
        var (hospital, patient, department, body) = await ValidateAsync(hospitalId, patientId, departmentId, text);
        await RequireAdmissionAsync(hospital, patient, department, actor);
        if (hospital.FindRecord(patient, department) is not null)
        {
            throw new PortalValidationException("patientId", "This patient already has a record in this department; add an entry to it instead.");
        }
        var entry = new RecordEntry(host.Clock.GetUtcNow(), hospitalId, body);
        StoreNewRecord(hospital, patient, department, entry);
        await using var db = await dbFactory.CreateDbContextAsync();
        db.EmrEntries.Add(ToRow(hospitalId, patient, department, entry));
        await host.SaveIndexAsync(db);
        audit.Add(db, actor, "Record created", $"{patient} / {department} at {hospitalId}", $"stored and indexed ({AdmissionAgreement.Check} passed)", patient);
        await db.SaveChangesAsync();
        hub.PublishRegistryChange("records");
    }

    public async Task AddEntryAsync(string patientId, string departmentId, string text)
    {
        var (user, hospitalId) = await currentUser.RequirePartyAsync("Add record entry", $"{patientId} / {departmentId}", Roles.HospitalAdmin);
        await host.RunExclusiveAsync(() => AddEntryAsync(hospitalId, patientId, departmentId, text, user.UserName));
    }

    private async Task AddEntryAsync(string hospitalId, string patientId, string departmentId, string text, string actor)
    {
        var (hospital, patient, department, body) = await ValidateAsync(hospitalId, patientId, departmentId, text);
        if (hospital.FindRecord(patient, department) is null)
        {
            throw new PortalValidationException("patientId", "This patient has no record in this department yet; create it first.");
        }
        var entry = new RecordEntry(host.Clock.GetUtcNow(), hospitalId, body);
        await using var db = await dbFactory.CreateDbContextAsync();
        db.EmrEntries.Add(ToRow(hospitalId, patient, department, entry));
        audit.Add(db, actor, "Record entry added", $"{patient} / {department} at {hospitalId}", "stored", patient);
        await db.SaveChangesAsync();
        hospital.AppendEntry(patient, department, entry);
        hub.PublishRegistryChange("records");
    }

    /// <summary>
    /// Marks entry <paramref name="index"/> (oldest first) of a record restricted: the hospital private cloud signs Label_S
    /// with PRK_HPC on its administrator's word and verifies it like any label before storing it (sealed) with the entry.
    /// </summary>
    public async Task RestrictEntryAsync(string patientId, string departmentId, int index)
    {
        var (user, hospitalId) = await currentUser.RequirePartyAsync("Restrict record entry", $"{patientId} / {departmentId}", Roles.HospitalAdmin);
        await host.RunExclusiveAsync(async () =>
        {
            var (hospital, patient, department) = await ValidateRecordAsync(hospitalId, patientId, departmentId);
            var entries = hospital.FindRecord(patient, department)?.Entries
                ?? throw new PortalValidationException("patientId", "This patient has no record in this department.");
            if (index < 0 || index >= entries.Count)
            {
                throw new PortalValidationException("index", "The record has no such entry.");
            }
            await using var db = await dbFactory.CreateDbContextAsync();
            var text = entries[index].Text;
            var row = (await db.EmrEntries.Where(e => e.HospitalId == hospitalId && e.PatientId == patient && e.DepartmentId == department
                    && e.Author == entries[index].Author).ToListAsync())
                .FirstOrDefault(e => e.At == entries[index].At && sealer.UnsealRecordText(hospitalId, e.SealedText) == text)
                ?? throw new PortalValidationException("index", "This entry is not in the hospital's storage.");
            var labeled = hospital.LabelEntry(patient, department, index);
            try
            {
                // The hospital's own signature must verify like anyone's before it is stored.
                if (hospital.CheckLabel(labeled.Label!, patient, department, labeled) is { } failure)
                {
                    throw new PortalValidationException("index", $"{SensitivityLabel.Check}: {failure}");
                }
                row.SealedSensitivityLabel = sealer.SealRecord(hospitalId, labeled.Label!.Encode());
                audit.Add(db, user.UserName, "Record entry restricted", $"{patient} / {department} at {hospitalId}",
                    $"Label_S signed by {hospitalId} ({SensitivityLabel.Check} passed)", patient);
                await db.SaveChangesAsync();
            }
            catch
            {
                hospital.RestoreRecord(hospital.FindRecord(patient, department)!.Replace(index, entries[index]));
                throw;
            }
            hub.PublishRegistryChange("records");
        });
    }

    /// <summary>The records of the administrator's own hospital.</summary>
    public async Task<IReadOnlyList<RecordView>> RecordsAsync()
    {
        var (_, hospitalId) = await currentUser.RequirePartyAsync("Read records", "the hospital's records", Roles.HospitalAdmin);
        return RecordsOf(hospitalId);
    }

    private IReadOnlyList<RecordView> RecordsOf(string hospitalId) =>
        host.Hospitals.TryGetValue(hospitalId, out var hospital)
            ? hospital.Records.OrderBy(r => r.PatientId).ThenBy(r => r.DepartmentId)
                .Select(r => new RecordView(r.PatientId, r.DepartmentId, r.Entries.Select(RecordEntryView.From).ToList()))
                .ToList()
            : [];

    /// <summary>
    /// Stores entries imported from another system (FhirImport checked them) in the hospital's record of the patient
    /// in the department, creating the record and its index entry when there is none. All or nothing.
    /// </summary>
    internal Task ImportAsync(string hospitalId, string patientId, string departmentId, IReadOnlyList<ImportedEntry> entries, string actor) =>
        host.RunExclusiveAsync(async () =>
        {
            var (hospital, patient, department) = await ValidateRecordAsync(hospitalId, patientId, departmentId);
            var created = hospital.FindRecord(patient, department) is null;
            if (created)
            {
                await RequireAdmissionAsync(hospital, patient, department, actor);
                StoreNewRecord(hospital, patient, department, entries[0].Entry);
            }
            await using var db = await dbFactory.CreateDbContextAsync();
            foreach (var imported in entries)
            {
                var row = ToRow(hospitalId, patient, department, imported.Entry);
                row.SourceSystem = imported.SourceSystem;
                row.ImportedAs = imported.ResourceType;
                db.EmrEntries.Add(row);
            }
            audit.Add(db, actor, "FHIR import", $"{patient} / {department} at {hospitalId}",
                $"{entries.Count} entries stored{(created ? " in a new record" : "")}", patient);
            try
            {
                if (created)
                {
                    await host.SaveIndexAsync(db);
                }
                await db.SaveChangesAsync();
            }
            catch when (created)
            {
                hospital.DiscardRecord(patient, department);
                throw;
            }
            foreach (var imported in created ? entries.Skip(1) : entries)
            {
                hospital.AppendEntry(patient, department, imported.Entry);
            }
            hub.PublishRegistryChange("records");
        });

    /// <summary>Holds a new record in memory and registers its index entry with the public cloud; refused when another hospital serves it.</summary>
    private void StoreNewRecord(HospitalCloud hospital, string patient, string department, RecordEntry first)
    {
        if (host.Hospitals.Values.FirstOrDefault(h => h.FindRecord(patient, department) is not null) is { } holder)
        {
            // One served copy per record: a second one would take over the index entry (e.g. at the source after a migration).
            throw new PortalValidationException("patientId", $"{holder.Id} holds this patient's {department} record; the patient can move it here with a migration.");
        }
        var registration = hospital.StoreRecord(patient, department, first);
        try
        {
            host.Cloud.AcceptIndexRegistration(registration, NullEventSink.Instance);
        }
        catch (ProtocolViolationException e)
        {
            hospital.DiscardRecord(patient, department);
            throw new PortalValidationException("patientId", $"The public cloud refused the index registration: {e.FailedCheck.Reason}");
        }
    }

    /// <summary>Adds a diagnosis the hospital accepted through the filing step (already appended in memory).</summary>
    internal void AddFiledEntry(EmrAuthDbContext db, string hospitalId, string patientId, string departmentId, RecordEntry entry) =>
        db.EmrEntries.Add(ToRow(hospitalId, patientId, departmentId, entry));

    private EmrEntry ToRow(string hospitalId, string patientId, string departmentId, RecordEntry entry) => new()
    {
        HospitalId = hospitalId,
        PatientId = patientId,
        DepartmentId = departmentId,
        At = entry.At,
        Author = entry.Author,
        SealedText = sealer.SealRecordText(hospitalId, entry.Text),
        AuthorSignature = entry.AuthorSignature,
        SealedCommitmentKey = entry.CommitmentKey is { } key ? sealer.SealRecord(hospitalId, key) : null,
        SealedSensitivityLabel = entry.Label is { } label ? sealer.SealRecord(hospitalId, label.Encode()) : null,
    };

    /// <summary>
    /// A new record needs the patient's Admission_P for this hospital (finding 3 of issue 11), whether an admin writes
    /// it or a FHIR import creates it. Refused and audited otherwise, with one message that tells nothing about another
    /// hospital.
    /// </summary>
    private async Task RequireAdmissionAsync(HospitalCloud hospital, string patient, string department, string actor)
    {
        var admission = await AgreementAsync(hospital.Id, patient);
        var failure = hospital.CheckAdmission(admission, patient, host.Cloud.PatientKey(patient));
        // One served copy per record: a second one would take over the index entry.
        if (failure is null && host.Hospitals.Values.Any(h => h != hospital && h.FindRecord(patient, department) is not null))
        {
            failure = "another hospital serves this record";
        }
        if (failure is not null)
        {
            await using var refusal = await dbFactory.CreateDbContextAsync();
            audit.Add(refusal, actor, "Record refused", $"{patient} / {department} at {hospital.Id}", $"{AdmissionAgreement.Check}: {failure}");
            await refusal.SaveChangesAsync();
            throw new PortalValidationException("patientId", NoAgreement);
        }
    }

    /// <summary>The patient's latest approved Admission_P for this hospital, as the hospital stored it.</summary>
    private async Task<SignedAdmission?> AgreementAsync(string hospitalId, string patientId)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var stored = await db.Admissions.Where(a => a.HospitalId == hospitalId && a.PatientId == patientId && a.Status == AdmissionStatus.Approved)
            .OrderByDescending(a => a.Id).Select(a => a.SignedAgreement).FirstOrDefaultAsync();
        return stored is null ? null : SignedAdmission.Decode(stored);
    }

    private async Task<(HospitalCloud Hospital, string Patient, string Department, string Text)> ValidateAsync(string hospitalId, string patientId, string departmentId, string text)
    {
        var (hospital, patient, department) = await ValidateRecordAsync(hospitalId, patientId, departmentId);
        return (hospital, patient, department, PortalValidation.Text("text", text, MaxEntryLength));
    }

    private async Task<(HospitalCloud Hospital, string Patient, string Department)> ValidateRecordAsync(string hospitalId, string patientId, string departmentId)
    {
        if (!host.Hospitals.TryGetValue(hospitalId, out var hospital))
        {
            throw new PortalValidationException("hospitalId", "This hospital is not registered.");
        }
        var patient = PortalValidation.Identity("patientId", patientId);
        var department = PortalValidation.Identity("departmentId", departmentId);
        await using var db = await dbFactory.CreateDbContextAsync();
        if (!await db.Departments.AnyAsync(d => d.HospitalId == hospitalId && d.DepartmentId == department))
        {
            throw new PortalValidationException("departmentId", "This hospital has no such department.");
        }
        return (hospital, patient, department);
    }
}
