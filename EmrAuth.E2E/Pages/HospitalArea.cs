using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EmrAuth.E2E.Pages;

/// <summary>Page object for a hospital administrator's records page ("/hospital") and its "New record" form.</summary>
public sealed class HospitalArea(IPage page, Uri baseUrl)
{
    public ILocator HospitalName => page.GetByTestId("hospital-name");

    public ILocator RecordRows => page.GetByTestId("record-row");

    public ILocator NewRecordPatient => page.GetByTestId("new-record-patient");

    public ILocator NewRecordDepartment => page.GetByTestId("new-record-department");

    public ILocator NewRecordText => page.GetByTestId("new-record-text");

    public ILocator CreateRecordButton => page.GetByTestId("create-record");

    public ILocator Created => page.GetByTestId("new-record-created");

    public ILocator NewRecordError => page.GetByTestId("new-record-error");

    public ILocator NewRecordPatientError => page.GetByTestId("new-record-patient-error");

    public async Task OpenAsync()
    {
        await page.GotoAsync(new Uri(baseUrl, "hospital").ToString());
        await MudUi.WaitInteractiveAsync(page);
    }

    /// <summary>Fills and sends the "New record" form; <paramref name="departmentName"/> is the dropdown's text, e.g. "Cardiology".</summary>
    public async Task CreateRecordAsync(string patientId, string departmentName, string text)
    {
        await NewRecordPatient.FillAsync(patientId);
        await MudUi.SelectAsync(NewRecordDepartment, departmentName);
        await NewRecordText.FillAsync(text);
        await CreateRecordButton.ClickAsync();
    }

    /// <summary>Sends an admission request for <paramref name="patientId"/> from the "Admission requests" card.</summary>
    public async Task RequestAdmissionAsync(string patientId)
    {
        await page.GetByTestId("admission-patient").FillAsync(patientId);
        await page.GetByTestId("request-admission").ClickAsync();
        await Expect(AdmissionRow(patientId)).ToBeVisibleAsync();
    }

    public ILocator AdmissionSent => page.GetByTestId("admission-sent");

    public ILocator AdmissionRow(string patientId) => page.GetByTestId($"admission-{patientId}");

    /// <summary>A patient's record in one department (data-patient, data-department).</summary>
    public ILocator RecordRow(string patientId, string departmentId) =>
        page.Locator($"[data-testid='record-row'][data-patient='{patientId}'][data-department='{departmentId}']");

    public ILocator Entries(string patientId, string departmentId) => RecordRow(patientId, departmentId).GetByTestId("record-entry");

    /// <summary>Entries restricted by a signed sensitivity label (their badge).</summary>
    public ILocator RestrictedBadges(string patientId, string departmentId) => RecordRow(patientId, departmentId).GetByTestId("restricted-badge");

    /// <summary>Entries filed with a doctor's signature (the diagnoses).</summary>
    public ILocator SignedEntries(string patientId, string departmentId) =>
        RecordRow(patientId, departmentId).Locator("[data-testid='record-entry'].signed");
}
