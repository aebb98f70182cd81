using System.Text;
using EmrAuth.Web.Features.Fhir;
using Hl7.Fhir.Serialization;
using Microsoft.EntityFrameworkCore;
using R4 = Hl7.Fhir.Model;
using static EmrAuth.Tests.Web.Support.PortalSteps;

namespace EmrAuth.Tests.Web.Features.Fhir;

/// <summary>
/// A hospital admin imports a FHIR Bundle on a real portal: an export imports into another hospital and exports
/// again with the same clinical content and provenance; invalid, oversized, malformed and mismatched bundles are
/// refused with clear errors, store nothing (in the database or in the hospital's memory) and are audited.
/// </summary>
public sealed class FhirImportTests(FhirImportTests.World world) : IClassFixture<FhirImportTests.World>
{
    public sealed class World : IAsyncLifetime
    {
        public PortalHarness Portal { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Portal = await PortalHarness.StartAsync();
            await CompleteVisitAsync(Portal);
        }

        public async Task DisposeAsync() => await Portal.DisposeAsync();
    }

    private async Task<string> ExportJsonAsync(string userName, string patientId) =>
        FhirIds.ToJson((await world.Portal.As(userName).Get<FhirExport>().EverythingAsync(patientId))!);

    private Task<FhirImportResult> ImportAsync(string patientId, string departmentId, string json) => ImportAsync(patientId, departmentId, Encoding.UTF8.GetBytes(json));

    private async Task<FhirImportResult> ImportAsync(string patientId, string departmentId, byte[] content)
    {
        using var stream = new MemoryStream(content);
        return await world.Portal.As("admin.south").Get<FhirImport>().ImportAsync(patientId, departmentId, stream);
    }

    /// <summary>What a clinician reads: each note and diagnosis with its date, author, text and source system.</summary>
    private static List<string> ClinicalContent(string json) => new FhirJsonDeserializer().Deserialize<R4.Bundle>(json).Entry.Select(e => e.Resource).Select(r => r switch
        {
            R4.DocumentReference d => $"note|{d.Date:O}|{d.Author[0].Display}|{Encoding.UTF8.GetString(d.Content[0].Attachment.Data!)}|{d.Meta!.Source}",
            R4.Condition c => $"diagnosis|{c.RecordedDate}|{c.Asserter!.Display}|{c.Code!.Text}|{c.Meta!.Source}",
            _ => null,
        })
        .OfType<string>().Order().ToList();

    private async Task<(int Rows, int InMemory)> StoredAsync()
    {
        await using var db = world.Portal.OpenDb();
        var inMemory = world.Portal.Host.Hospitals["south-university"].Records.Sum(r => r.Entries.Count);
        return (await db.EmrEntries.CountAsync(), inMemory);
    }

    [Fact]
    public async Task Export_import_export_keeps_the_clinical_content_and_its_provenance()
    {
        var exported = await ExportJsonAsync("admin.north", "alice");
        await AdmitAsync(world.Portal, "south-university", "alice");

        var result = await ImportAsync("alice", "oncology", exported);

        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Message)));
        Assert.Equal(2, result.Stored);
        var again = await ExportJsonAsync("admin.south", "alice");
        Assert.Equal(ClinicalContent(exported), ClinicalContent(again));
        Assert.Contains(ClinicalContent(again), c => c.StartsWith("diagnosis|", StringComparison.Ordinal) && c.Contains($"|dr-chen|{Diagnosis}|urn:emrauth:hospital:north-general"));
        await using var db = world.Portal.OpenDb();
        var rows = await db.EmrEntries.Where(e => e.HospitalId == "south-university" && e.PatientId == "alice").ToListAsync();
        Assert.All(rows, r => Assert.Equal("urn:emrauth:hospital:north-general", r.SourceSystem));
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Actor == "admin.south" && a.Action == "FHIR import" && a.Outcome == "2 entries stored in a new record"));
    }

    [Fact]
    public async Task An_import_cannot_plant_a_record_for_a_patient_who_did_not_agree_to_the_hospital()
    {
        var exported = await ExportJsonAsync("admin.north", "bob");
        var before = await StoredAsync();

        var error = await Assert.ThrowsAsync<PortalValidationException>(() => ImportAsync("bob", "cardiology", exported));

        Assert.Equal(RecordService.NoAgreement, error.Message);
        Assert.Equal(before, await StoredAsync());
        Assert.Null(world.Portal.Host.Hospitals["south-university"].FindRecord("bob", "cardiology"));
    }

    [Fact]
    public async Task An_oversized_file_is_refused_before_it_is_read_as_JSON()
    {
        var before = await StoredAsync();

        var error = await Assert.ThrowsAsync<PortalValidationException>(() => ImportAsync("carol", "cardiology", new byte[FhirImport.MaxBytes + 1]));

        Assert.Equal("The file is larger than 1 MB; split the bundle and import the parts.", error.Message);
        Assert.Equal(before, await StoredAsync());
    }

    [Theory]
    [InlineData("{ \"resourceType\": \"Bundle\", ", "The file is not valid JSON")]
    [InlineData("{ \"resourceType\": \"Patient\" }", "The file is JSON but not a FHIR Bundle")]
    public async Task Malformed_files_get_a_clear_error_and_store_nothing(string json, string expected)
    {
        var before = await StoredAsync();

        var error = await Assert.ThrowsAsync<PortalValidationException>(() => ImportAsync("carol", "cardiology", json));

        Assert.StartsWith(expected, error.Message);
        Assert.Equal(before, await StoredAsync());
        await using var db = world.Portal.OpenDb();
        Assert.True(await db.AuditEntries.AnyAsync(a => a.Action == "FHIR import" && a.Outcome.StartsWith("rejected: " + expected)));
    }

    [Theory]
    [InlineData("subject")]
    [InlineData("colour")]
    public async Task A_bundle_invalid_against_R4_shows_each_problem_with_its_location_and_stores_nothing(string problem)
    {
        var bundle = new FhirJsonDeserializer().Deserialize<R4.Bundle>(await ExportJsonAsync("admin.south", "carol"));
        var location = $"Bundle.entry[{bundle.Entry.Count}].resource";
        var condition = new R4.Condition
        {
            Subject = problem == "subject" ? null! : new R4.ResourceReference("Patient/carol"),
            Code = new R4.CodeableConcept { Text = "invalid" },
            RecordedDate = "2026-01-01",
            Meta = new R4.Meta { Source = "urn:x" },
        };
        bundle.Entry.Add(new R4.Bundle.EntryComponent { FullUrl = "urn:uuid:5e0e0f7e-3a59-4a3b-9a43-0f6b7a1c2d3e", Resource = condition });
        var json = FhirIds.ToJson(bundle);
        if (problem == "colour")
        {
            json = json.Replace("\"code\":{\"text\":\"invalid\"}", "\"code\":{\"text\":\"invalid\"},\"colour\":\"blue\"", StringComparison.Ordinal);
        }
        var before = await StoredAsync();

        var result = await ImportAsync("carol", "cardiology", json);

        Assert.False(result.Succeeded);
        Assert.Equal(0, result.Stored);
        Assert.Contains(result.Errors, e => e.Location is { } at && at.StartsWith(location, StringComparison.Ordinal) && $"{e.Message} {at}".Contains(problem, StringComparison.Ordinal));
        Assert.Equal(before, await StoredAsync());
    }

    [Fact]
    public async Task A_bundle_about_another_patient_is_refused_and_stores_nothing()
    {
        var bob = await ExportJsonAsync("admin.north", "bob");
        var before = await StoredAsync();

        var error = await Assert.ThrowsAsync<PortalValidationException>(() => ImportAsync("carol", "cardiology", bob));

        Assert.Equal("The bundle is about patient bob, not carol. Nothing was imported.", error.Message);
        Assert.Equal(before, await StoredAsync());
    }

    [Fact]
    public async Task Only_hospital_admins_import()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes("{}"));
        await Assert.ThrowsAsync<AccessDeniedException>(() => world.Portal.As("alice").Get<FhirImport>().ImportAsync("alice", "cardiology", stream));
    }
}
