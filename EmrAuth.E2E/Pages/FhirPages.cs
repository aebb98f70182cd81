using Microsoft.Playwright;

namespace EmrAuth.E2E.Pages;

/// <summary>Page object for the hospital administrator's FHIR import and export page ("/hospital/fhir").</summary>
public sealed class HospitalFhirArea(IPage page, Uri baseUrl)
{
    public ILocator Patient => page.GetByTestId("fhir-import-patient");

    public ILocator Department => page.GetByTestId("fhir-import-department");

    /// <summary>The hidden file input behind the "Choose a bundle and import" button (MudFileUpload adds a fresh one after each choice).</summary>
    public ILocator File => page.Locator("input[type=file]").Last;

    public ILocator Result => page.GetByTestId("fhir-import-result");

    public ILocator Errors => page.GetByTestId("fhir-import-errors");

    public async Task OpenAsync()
    {
        await page.GotoAsync(new Uri(baseUrl, "hospital/fhir").ToString());
        await MudUi.WaitInteractiveAsync(page);
    }

    /// <summary>Names the record (patient, and the department's dropdown text, e.g. "Oncology") and uploads <paramref name="path"/>.</summary>
    public async Task ImportAsync(string patientId, string departmentName, string path)
    {
        await MudUi.FillAsync(Patient, patientId);
        await MudUi.SelectAsync(Department, departmentName);
        await File.SetInputFilesAsync(path);
    }
}
