using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EmrAuth.E2E.Pages;

/// <summary>Page object for a patient's home ("/patient"): choose a doctor, start a visit, list of own visits.</summary>
public sealed partial class PatientArea(IPage page, Uri baseUrl)
{
    public ILocator Home => page.GetByTestId("patient-home");

    public ILocator DoctorSelect => page.GetByTestId("doctor-select");

    public ILocator StartVisitButton => page.GetByTestId("start-visit");

    public ILocator StartError => page.GetByTestId("start-error");

    /// <summary>Shown while the patient's own registration is not approved.</summary>
    public ILocator RegistrationStatus => page.GetByTestId("registration-status");

    public ILocator VisitRows => page.GetByTestId("visit-row");

    public async Task OpenAsync()
    {
        await page.GotoAsync(new Uri(baseUrl, "patient").ToString());
        await RadzenUi.WaitInteractiveAsync(page);
    }

    /// <summary>A visit in the patient's list (data-visit-id, data-status).</summary>
    public ILocator VisitRow(Guid visitId) => page.Locator($"[data-testid='visit-row'][data-visit-id='{visitId}']");

    /// <summary>
    /// Chooses the doctor by the dropdown's text (e.g. "Dr. Mei Chen — cardiology"), starts the visit and waits for the
    /// visit page the portal opens; returns the visit's id.
    /// </summary>
    public async Task<Guid> StartVisitAsync(string doctorLabel)
    {
        await RadzenUi.SelectAsync(DoctorSelect, doctorLabel);
        await Expect(StartVisitButton).ToBeEnabledAsync();
        await StartVisitButton.ClickAsync();
        await Expect(page).ToHaveURLAsync(VisitUrl());
        return Guid.Parse(VisitUrl().Match(page.Url).Groups["id"].Value);
    }

    [GeneratedRegex(@"/visits/(?<id>[0-9a-fA-F-]{36})$")]
    private static partial Regex VisitUrl();
}
