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

    public ILocator VisitRows => page.Locator("tr.visit-row");

    /// <summary>The message under the doctor field (e.g. "Choose a doctor from the directory.").</summary>
    public ILocator DoctorError => MudUi.FieldError(DoctorSelect);

    /// <summary>The rows of "Who read my records" (/patient/records-access).</summary>
    public ILocator AccessRows => page.Locator("tr.access-row");

    public async Task OpenRecordsAccessAsync()
    {
        await page.GotoAsync(new Uri(baseUrl, "patient/records-access").ToString());
        await MudUi.WaitInteractiveAsync(page);
    }

    public async Task OpenAsync()
    {
        await page.GotoAsync(new Uri(baseUrl, "patient").ToString());
        await MudUi.WaitInteractiveAsync(page);
    }

    /// <summary>A visit in the patient's list: the row whose doctor link carries data-visit-id; its status badge has data-status.</summary>
    public ILocator VisitRow(Guid visitId) => VisitRows.Filter(new() { Has = page.Locator($"[data-visit-id='{visitId}']") });

    /// <summary>The status badge of a visit in the list; data-status is the machine-readable status.</summary>
    public ILocator VisitStatus(Guid visitId) => VisitRow(visitId).GetByTestId("visit-row-status");

    /// <summary>The message under the search-scope checkboxes ("Choose at least one department …").</summary>
    public ILocator ScopeError => page.GetByTestId("scope-error");

    /// <summary>The checkbox that allows the visit to search <paramref name="departmentId"/>'s records.</summary>
    public ILocator ScopeCheckbox(string departmentId) =>
        page.Locator($"[data-testid='scope-{departmentId}'] input, input[data-testid='scope-{departmentId}']").First;

    /// <summary>"Include restricted entries": signs the restricted flag into Scope_P.</summary>
    public ILocator IncludeRestricted => page.Locator("[data-testid='scope-restricted'] input, input[data-testid='scope-restricted']").First;

    /// <summary>The "Hospital requests" card: one row per hospital that asked to register this patient.</summary>
    public ILocator HospitalRequest(string hospitalId) => page.GetByTestId($"hospital-request-{hospitalId}");

    public async Task ApproveAdmissionAsync(string hospitalId)
    {
        await HospitalRequest(hospitalId).GetByTestId("approve-admission").ClickAsync();
        await Expect(HospitalRequest(hospitalId).GetByTestId("hospital-request-status")).ToHaveTextAsync("Approved");
    }

    /// <summary>
    /// Chooses the doctor by the select's text (e.g. "Dr. Mei Chen — cardiology"), allows the visit to search the given
    /// departments (by default the one the label names), starts the visit and waits for the visit page the portal
    /// opens; returns the visit's id.
    /// </summary>
    public async Task<Guid> StartVisitAsync(string doctorLabel, params string[] departments)
    {
        await MudUi.SelectAsync(DoctorSelect, doctorLabel);
        foreach (var department in departments.Length > 0 ? departments : [doctorLabel.Split(" — ")[^1]])
        {
            await ScopeCheckbox(department).CheckAsync();
        }
        await Expect(StartVisitButton).ToBeEnabledAsync();
        await StartVisitButton.ClickAsync();
        await Expect(page).ToHaveURLAsync(VisitUrl());
        return Guid.Parse(VisitUrl().Match(page.Url).Groups["id"].Value);
    }

    [GeneratedRegex(@"/visits/(?<id>[0-9a-fA-F-]{36})$")]
    private static partial Regex VisitUrl();
}
