using EmrAuth.Domain.Messages;
using Microsoft.EntityFrameworkCore;
using R4 = Hl7.Fhir.Model;

namespace EmrAuth.Web.Features.Fhir;

/// <summary>
/// Exports what the portal holds as FHIR R4 Bundles. A patient exports their own record (every served record,
/// every visit with the device's readings, the signatures and their access log); a hospital admin exports one
/// patient's record at their hospital (its records and the visits it served; readings and the access log are the
/// patient's own); the cloud admin exports the audit feed. Each export, and each refusal, is audited.
/// </summary>
public sealed class FhirExport(IDbContextFactory<EmrAuthDbContext> dbFactory, ProtocolHost host, SecretSealer sealer, AuditLog audit, CurrentUser currentUser)
{
    /// <summary>Patient/{id}/$everything: null when there is no such patient; refused when the account may not see it.</summary>
    public async Task<R4.Bundle?> EverythingAsync(string patientId)
    {
        const string action = "FHIR export";
        var subject = $"patient {patientId}";
        var user = await currentUser.RequireAsync(action, subject, Roles.Patient, Roles.HospitalAdmin);
        var known = PortalValidation.IsIdentity(patientId) && host.Patients.ContainsKey(patientId);
        if (user.Role == Roles.Patient && user.PartyId != patientId)
        {
            throw await currentUser.RefuseAsync(user, action, subject, "not the patient's own record", "You can export only your own record.", known ? patientId : null);
        }
        if (!known)
        {
            return null;
        }
        var hospitalId = user.Role == Roles.HospitalAdmin ? user.PartyId ?? "" : null;
        var served = await host.RunSharedAsync(() => Task.FromResult(host.Hospitals.Values
            .Where(h => hospitalId is null || h.Id == hospitalId)
            .SelectMany(h => h.Records.Where(r => r.PatientId == patientId).Select(r => (HospitalId: h.Id, r.DepartmentId)))
            .ToHashSet()));
        await using var db = await dbFactory.CreateDbContextAsync();
        var visits = (await db.Visits.AsNoTracking().Where(v => v.PatientId == patientId && (hospitalId == null || v.HospitalId == hospitalId)).ToListAsync())
            .OrderBy(v => v.StartedAt).Select(VisitSummary.From).ToList();
        if (hospitalId is not null && served.Count == 0 && visits.Count == 0)
        {
            throw await currentUser.RefuseAsync(user, action, subject, "not a patient of this hospital", "This patient has no record at your hospital.", patientId);
        }
        var entries = (await db.EmrEntries.AsNoTracking().Where(e => e.PatientId == patientId).OrderBy(e => e.At).ThenBy(e => e.Id).ToListAsync())
            .Where(e => served.Contains((e.HospitalId, e.DepartmentId)))
            .Select(e => new FhirRecordEntry(e.Id, e.HospitalId, e.DepartmentId, e.At, e.Author, sealer.UnsealRecordText(e.HospitalId, e.SealedText), e.AuthorSignature, e.SourceSystem, e.ImportedAs,
                e.SealedCommitmentKey is { } key ? sealer.UnsealRecord(e.HospitalId, key) : null))
            .ToList();
        var names = await db.Registrations.AsNoTracking().Where(r => r.Status == RegistrationStatus.Approved).ToDictionaryAsync(r => (r.Role, r.PartyId), r => r.DisplayName);

        // The patient's consent grants are the patient's own, like the readings and the access log.
        var grants = hospitalId is null
            ? (await db.ConsentGrants.AsNoTracking().Where(g => g.PatientId == patientId).ToListAsync()).OrderBy(g => g.CreatedAt).ToList()
            : [];
        var resources = new List<R4.Resource> { FhirRecordMapping.Patient(patientId, names.GetValueOrDefault(("Patient", patientId), patientId)) };
        var doctors = visits.Select(v => v.DoctorId).Concat(entries.Where(e => e.Signature is not null).Select(e => e.Author))
            .Concat(grants.Where(g => g.GranteeKind == nameof(GranteeKind.Doctor)).Select(g => g.GranteeId)).Distinct().Order();
        resources.AddRange(doctors.Select(d => FhirRecordMapping.Practitioner(d, names.GetValueOrDefault(("Doctor", d), d))));
        var hospitals = visits.Select(v => v.HospitalId).OfType<string>()
            .Concat(entries.Where(e => e.Signature is null && e.SourceSystem is null).Select(e => e.Author))
            .Concat(grants.Where(g => g.GranteeKind == nameof(GranteeKind.Hospital)).Select(g => g.GranteeId)).Distinct().Order();
        resources.AddRange(hospitals.Select(h => FhirRecordMapping.Organization(h, names.GetValueOrDefault(("HospitalCloud", h), h))));
        resources.AddRange(visits.Select(FhirRecordMapping.Encounter));
        if (hospitalId is null)
        {
            foreach (var visit in visits)
            {
                resources.AddRange((await ReadingsAsync(db, visit.Id)).SelectMany((r, i) => FhirRecordMapping.Readings(visit, i, r.At, r.Value)));
            }
        }
        foreach (var entry in entries)
        {
            if (!entry.IsDiagnosis)
            {
                resources.Add(FhirRecordMapping.Note(patientId, entry));
                continue;
            }
            resources.Add(FhirRecordMapping.Diagnosis(patientId, entry, VisitOf(entry, visits)));
            if (entry.Signature is not null && host.Doctors.GetValueOrDefault(entry.Author)?.Credentials?.PublicKey is { } key)
            {
                resources.Add(FhirRecordMapping.Signature(patientId, entry, key.ExportSubjectPublicKeyInfo()));
            }
        }
        var now = host.Clock.GetUtcNow();
        resources.AddRange(grants.Select(g => FhirConsentMapping.Consent(GrantView.From(g, now), g.SignedGrant)));
        if (hospitalId is null)
        {
            var log = await db.AuditEntries.AsNoTracking().Where(a => a.PatientId == patientId).OrderBy(a => a.Sequence).ToListAsync();
            resources.AddRange(log.Select(FhirAuditMapping.AuditEvent));
        }
        var bundle = FhirIds.Bundle(R4.Bundle.BundleType.Searchset, resources, now);
        audit.Add(db, user.UserName, action, subject, $"{resources.Count} resources", patientId);
        await db.SaveChangesAsync();
        return bundle;
    }

    /// <summary>AuditEvent?patient={id}: the patient's own access log, or any patient's for the cloud admin; null when there is no such patient.</summary>
    public async Task<R4.Bundle?> AuditEventsAsync(string patientId)
    {
        const string action = "FHIR audit export";
        var subject = $"access log of {patientId}";
        var user = await currentUser.RequireAsync(action, subject, Roles.Patient, Roles.CloudAdmin);
        var known = PortalValidation.IsIdentity(patientId) && host.Patients.ContainsKey(patientId);
        if (user.Role == Roles.Patient && user.PartyId != patientId)
        {
            throw await currentUser.RefuseAsync(user, action, subject, "not the patient's own log", "You can read only your own access log.", known ? patientId : null);
        }
        if (!known)
        {
            return null;
        }
        await using var db = await dbFactory.CreateDbContextAsync();
        var log = await db.AuditEntries.AsNoTracking().Where(a => a.PatientId == patientId).OrderBy(a => a.Sequence).ToListAsync();
        audit.Add(db, user.UserName, action, subject, $"{log.Count} events", patientId);
        await db.SaveChangesAsync();
        return FhirIds.Bundle(R4.Bundle.BundleType.Searchset, log.Select(FhirAuditMapping.AuditEvent), host.Clock.GetUtcNow());
    }

    /// <summary>The audit trail recorded in [from, to) as a collection of AuditEvents in chain order, for a SIEM. Cloud admins only.</summary>
    public async Task<R4.Bundle> AuditFeedAsync(DateTimeOffset from, DateTimeOffset to)
    {
        const string action = "FHIR audit feed export";
        var user = await currentUser.RequireAsync(action, "the audit trail", Roles.CloudAdmin);
        if (to <= from)
        {
            throw new PortalValidationException("to", "The end of the range must come after its start.");
        }
        await using var db = await dbFactory.CreateDbContextAsync();
        var rows = await db.AuditEntries.AsNoTracking().Where(a => a.At >= from && a.At < to).OrderBy(a => a.Sequence).ToListAsync();
        audit.Add(db, user.UserName, action, $"the audit trail from {from:O} to {to:O}", $"{rows.Count} events");
        await db.SaveChangesAsync();
        return FhirIds.Bundle(R4.Bundle.BundleType.Collection, rows.Select(FhirAuditMapping.AuditEvent), host.Clock.GetUtcNow());
    }

    /// <summary>Every M_SD the patient's device sent in the visit, as the doctor recovered it.</summary>
    private async Task<List<(DateTimeOffset At, string Value)>> ReadingsAsync(EmrAuthDbContext db, Guid visitId)
    {
        var rows = await db.VisitEvents.AsNoTracking().Where(e => e.VisitId == visitId).OrderBy(e => e.Sequence).ToListAsync();
        return rows.Select(r => sealer.UnsealEvent(r.SealedPayload)).OfType<MessageView>()
            .SelectMany(m => m.Recovered.Where(r => r.Name == "M_SD").Select(r => (m.At, r.Value)))
            .ToList();
    }

    /// <summary>The visit a filed diagnosis came from: the same doctor's latest visit to this record's hospital and department before it.</summary>
    private static Guid? VisitOf(FhirRecordEntry entry, IReadOnlyList<VisitSummary> visits) =>
        entry.Signature is null ? null
            : visits.Where(v => v.DoctorId == entry.Author && v.HospitalId == entry.HospitalId && v.DepartmentId == entry.DepartmentId && v.StartedAt <= entry.At)
                .OrderByDescending(v => v.StartedAt).FirstOrDefault()?.Id;
}
