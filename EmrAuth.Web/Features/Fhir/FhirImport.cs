using System.Text;
using System.Text.Json;
using EmrAuth.Domain.Parties;
using Microsoft.EntityFrameworkCore;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Utility;
using R4 = Hl7.Fhir.Model;

namespace EmrAuth.Web.Features.Fhir;

/// <summary>What an import did: how many entries it stored, or the validator's errors (and then nothing was stored).</summary>
public sealed record FhirImportResult(int Stored, IReadOnlyList<FhirIssue> Errors)
{
    public bool Succeeded => Errors.Count == 0;
}

/// <summary>
/// A hospital admin imports a FHIR R4 Bundle into their hospital's record of one patient in one department. The
/// bundle must be at most 1 MB of JSON, valid against R4 (Firely's validator, offline), about exactly that patient,
/// and give each imported entry its source system (meta.source) and date. Its DocumentReferences become record
/// entries, its Conditions diagnoses; each keeps the source system and author as given. Nothing is stored unless all
/// of it passes. Every import, accepted or rejected, is audited.
/// </summary>
public sealed class FhirImport(FhirValidator validator, RecordService records, IDbContextFactory<EmrAuthDbContext> dbFactory, AuditLog audit, CurrentUser currentUser)
{
    public const int MaxBytes = 1024 * 1024;
    public const int MaxSourceLength = 256;
    private const string Action = "FHIR import";

    public async Task<FhirImportResult> ImportAsync(string patientId, string departmentId, Stream content)
    {
        var subject = $"{patientId} / {departmentId}";
        var (user, hospitalId) = await currentUser.RequirePartyAsync(Action, subject, Roles.HospitalAdmin);
        try
        {
            var (bundle, issues) = Parse(await ReadBoundedAsync(content));
            issues.AddRange(validator.Validate(bundle).Where(i => i.IsError));
            if (issues.Count == 0)
            {
                var patient = RequirePatient(bundle, patientId);
                var (entries, problems) = Entries(bundle, patient);
                issues.AddRange(problems);
                if (issues.Count == 0)
                {
                    await records.ImportAsync(hospitalId, patientId, departmentId, entries, user.UserName);
                    return new FhirImportResult(entries.Count, []);
                }
            }
            // Where, not what: a validator message can quote the record's own text, which the audit trail never holds.
            await RejectedAsync(user.UserName, subject, $"{issues.Count} errors against R4, the first at {issues[0].Location ?? "the bundle"}", patientId);
            return new FhirImportResult(0, issues);
        }
        catch (PortalValidationException e)
        {
            await RejectedAsync(user.UserName, subject, e.Message, patientId);
            throw;
        }
    }

    private static async Task<byte[]> ReadBoundedAsync(Stream content)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await content.ReadAsync(chunk)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > MaxBytes)
            {
                throw new PortalValidationException("file", $"The file is larger than {MaxBytes / 1024 / 1024} MB; split the bundle and import the parts.");
            }
        }
        return buffer.ToArray();
    }

    /// <summary>
    /// The bundle, and what the SDK's R4 parser found wrong in it (cardinality, unknown elements, bad values) with each
    /// problem's place; only a file that is not JSON, or not a Bundle at all, is refused outright.
    /// </summary>
    private static (R4.Bundle Bundle, List<FhirIssue> Issues) Parse(byte[] content)
    {
        string json;
        try
        {
            json = new UTF8Encoding(false, true).GetString(content);
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("resourceType", out var type) || type.GetString() != "Bundle")
            {
                throw new PortalValidationException("file", "The file is JSON but not a FHIR Bundle: its resourceType must be \"Bundle\".");
            }
        }
        catch (Exception e) when (e is JsonException or DecoderFallbackException)
        {
            throw new PortalValidationException("file", $"The file is not valid JSON: {e.Message}");
        }
        try
        {
            return (new FhirJsonDeserializer().Deserialize<R4.Bundle>(json), []);
        }
        catch (DeserializationFailedException e) when (e.PartialResult is R4.Bundle partial)
        {
            return (partial, e.Exceptions.Select(x => x is ExtendedCodedException coded
                    ? new FhirIssue("error", coded.BaseErrorMessage, coded.InstancePath)
                    : new FhirIssue("error", x.Message, null))
                .ToList());
        }
        catch (Exception e) when (e is DeserializationFailedException or FormatException)
        {
            throw new PortalValidationException("file", $"The bundle is not FHIR R4 JSON: {e.Message}");
        }
    }

    /// <summary>The bundle's one Patient, identified as <paramref name="patientId"/> in the portal's patient system.</summary>
    private static (R4.Patient Patient, string? FullUrl) RequirePatient(R4.Bundle bundle, string patientId)
    {
        var patients = bundle.Entry.Where(e => e.Resource is R4.Patient).ToList();
        if (patients.Count != 1)
        {
            throw new PortalValidationException("file", $"The bundle must hold exactly one Patient; it holds {patients.Count}. Nothing was imported.");
        }
        var patient = (R4.Patient)patients[0].Resource!;
        var ids = patient.Identifier.Where(i => i.System == FhirTerms.PatientSystem).Select(i => i.Value).ToList();
        return ids.Contains(patientId)
            ? (patient, patients[0].FullUrl)
            : throw new PortalValidationException("file", ids.Count == 0
                ? $"The bundle's Patient has no identifier in {FhirTerms.PatientSystem}, so it cannot be matched to {patientId}. Nothing was imported."
                : $"The bundle is about patient {string.Join(", ", ids)}, not {patientId}. Nothing was imported.");
    }

    /// <summary>The entries to store, or what is wrong with each that cannot be (with its place in the bundle).</summary>
    private static (List<ImportedEntry> Entries, List<FhirIssue> Problems) Entries(R4.Bundle bundle, (R4.Patient Patient, string? FullUrl) patient)
    {
        var entries = new List<ImportedEntry>();
        var problems = new List<FhirIssue>();
        var subjects = new[] { $"Patient/{patient.Patient.Id}", patient.FullUrl };
        for (var i = 0; i < bundle.Entry.Count; i++)
        {
            if (bundle.Entry[i].Resource is not { } resource || resource is not (R4.DocumentReference or R4.Condition))
            {
                continue;
            }
            var location = $"Bundle.entry[{i}].resource";
            var (subject, at, author, text) = resource switch
            {
                R4.DocumentReference d => (d.Subject, d.Date, d.Author.FirstOrDefault() is { } a ? a.Display ?? a.Reference : null, NoteText(d)),
                R4.Condition c => (c.Subject, c.RecordedDateElement?.TryToDateTimeOffset(out var recorded) == true ? recorded : (DateTimeOffset?)null,
                    c.Asserter?.Display ?? c.Asserter?.Reference ?? c.Recorder?.Display ?? c.Recorder?.Reference, c.Code?.Text ?? c.Code?.Coding.FirstOrDefault()?.Display),
                _ => default,
            };
            var source = resource.Meta?.Source ?? bundle.Meta?.Source;
            string? problem = subject?.Reference is not { } reference || !subjects.Contains(reference) ? $"is about {subject?.Reference ?? "no one"}, not the bundle's Patient"
                : at is null ? "has no date (DocumentReference.date or Condition.recordedDate)"
                : string.IsNullOrWhiteSpace(author) ? "names no author (DocumentReference.author or Condition.asserter)"
                : string.IsNullOrWhiteSpace(text) ? "has no text (a text/plain attachment, or Condition.code.text)"
                : text.Trim().Length > RecordService.MaxEntryLength ? $"has more than {RecordService.MaxEntryLength} characters of text"
                : string.IsNullOrWhiteSpace(source) ? "names no source system (meta.source on it or on the Bundle)"
                : source.Length > MaxSourceLength ? $"has a source system longer than {MaxSourceLength} characters"
                : null;
            if (problem is not null)
            {
                problems.Add(new FhirIssue("error", $"This {resource.TypeName} {problem}.", location));
                continue;
            }
            entries.Add(new ImportedEntry(new RecordEntry(at!.Value, author!.Trim(), text!.Trim()), source!, resource.TypeName));
        }
        if (entries.Count == 0 && problems.Count == 0)
        {
            problems.Add(new FhirIssue("error", "The bundle holds no DocumentReference or Condition to import.", "Bundle.entry"));
        }
        return (entries, problems);
    }

    private static string? NoteText(R4.DocumentReference document) =>
        document.Content.Select(c => c.Attachment).FirstOrDefault(a => a?.Data is not null && (a.ContentType ?? "").StartsWith("text/plain", StringComparison.Ordinal))?.Data is { } data
            ? Encoding.UTF8.GetString(data)
            : null;

    private async Task RejectedAsync(string actor, string subject, string why, string patientId)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        audit.Add(db, actor, Action, subject, $"rejected: {why}", PortalValidation.IsIdentity(patientId) ? patientId : null);
        await db.SaveChangesAsync();
    }
}
