using System.Text.Json;
using EmrAuth.E2E.Infrastructure;
using EmrAuth.E2E.Pages;
using static Microsoft.Playwright.Assertions;

namespace EmrAuth.E2E;

/// <summary>
/// FHIR in the browser: a patient downloads their record as a FHIR R4 Bundle, and their hospital's administrator
/// uploads it into the patient's record (a bundle about someone else is refused with its reason). dan is used by no
/// other journey, so the shared app's other tests see no change.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class FhirJourneyTests(WebAppFixture app, BrowserFixture browser) : BrowserJourney(app, browser)
{
    [Fact]
    public async Task A_patient_downloads_the_record_and_the_hospital_admin_imports_it()
    {
        var patientPage = await Sessions.SignedInPageAsync("dan", DemoPassword, "patient");
        await MudUi.WaitInteractiveAsync(patientPage);
        var download = await patientPage.RunAndWaitForDownloadAsync(() => patientPage.GetByTestId("fhir-download").ClickAsync());
        Assert.Equal("dan-record.fhir.json", download.SuggestedFilename);
        Directory.CreateDirectory(RepoPaths.Artifacts);
        var file = Path.Combine(RepoPaths.Artifacts, download.SuggestedFilename);
        await download.SaveAsAsync(file);
        using (var bundle = JsonDocument.Parse(await File.ReadAllTextAsync(file)))
        {
            Assert.Equal("Bundle", bundle.RootElement.GetProperty("resourceType").GetString());
            var types = bundle.RootElement.GetProperty("entry").EnumerateArray().Select(e => e.GetProperty("resource").GetProperty("resourceType").GetString()).ToList();
            Assert.Contains("Patient", types);
            Assert.Contains("DocumentReference", types);
            Assert.Contains("AuditEvent", types);
        }

        var adminPage = await Sessions.SignedInPageAsync("admin.south", DemoPassword, "hospital");
        var fhir = new HospitalFhirArea(adminPage, App.BaseUrl);
        await fhir.OpenAsync();

        await fhir.ImportAsync("carol", "Oncology", file);
        // The first import loads the R4 specification into the validator: minutes on a busy machine.
        await Expect(fhir.Result).ToContainTextAsync("The bundle is about patient dan, not carol. Nothing was imported.", new() { Timeout = 300_000 });

        await fhir.ImportAsync("dan", "Oncology", file);
        await Expect(fhir.Result).ToContainTextAsync("Imported 1 entries from dan-record.fhir.json into dan's oncology record.");
        await Screenshots.SaveAsync(adminPage, "hospital-fhir-import.png");
        AssertNoBrowserProblems();
    }
}
