using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EmrAuth.E2E.Pages;

/// <summary>
/// Page object for one visit ("/visits/{id}") as its patient or doctor sees it: the status, the role's panel (accept,
/// readings, EMR search, diagnosis), the recovered values, the live protocol view and every check.
/// </summary>
public sealed class VisitPage(IPage page, Uri baseUrl)
{
    public ILocator Root => page.GetByTestId("visit-page");

    /// <summary>The header's status badge; data-status carries the machine-readable status.</summary>
    public ILocator Status => page.GetByTestId("visit-status");

    public ILocator Latest => page.GetByTestId("visit-latest");

    /// <summary>The link that downloads the visit's evidence file (a tar that openssl checks).</summary>
    public ILocator EvidenceDownload => page.GetByTestId("evidence-download");

    // Doctor: accept the request.
    public ILocator AcceptButton => page.GetByTestId("doctor-panel").GetByTestId("accept-visit");

    // Patient: readings.
    public ILocator SimulateDevice => page.GetByTestId("simulate-device");

    public ILocator HeartRate => page.GetByTestId("reading-heart-rate");

    public ILocator Systolic => page.GetByTestId("reading-systolic");

    public ILocator Diastolic => page.GetByTestId("reading-diastolic");

    public ILocator SpO2 => page.GetByTestId("reading-spo2");

    public ILocator Ecg => page.GetByTestId("reading-ecg");

    public ILocator SendReadingsButton => page.GetByTestId("send-readings");

    public ILocator ReadingsError => page.GetByTestId("readings-error");

    // Doctor: EMR search and diagnosis.
    public ILocator DepartmentSelect => page.GetByTestId("department-select");

    public ILocator RunSearchButton => page.GetByTestId("run-search");

    public ILocator SearchError => page.GetByTestId("search-error");

    public ILocator DiagnosisInput => page.GetByTestId("diagnosis-input");

    public ILocator SendDiagnosisButton => page.GetByTestId("send-diagnosis");

    public ILocator DiagnosisError => page.GetByTestId("diagnosis-error");

    /// <summary>"Restricted": the doctor signs a Label_S for the diagnosis it files.</summary>
    public ILocator DiagnosisRestricted => page.Locator("[data-testid='diagnosis-restricted'] input, input[data-testid='diagnosis-restricted']").First;

    // What this viewer's side decrypted.
    public ILocator ReadingsText => page.GetByTestId("readings-text");

    public ILocator EmrText => page.GetByTestId("emr-text");

    public ILocator DiagnosisText => page.GetByTestId("diagnosis-text");

    // The protocol, live.
    public ILocator Outcome => page.GetByTestId("visit-outcome");

    public ILocator ProtocolView => page.GetByTestId("protocol-view");

    public ILocator MessageArrows => page.GetByTestId("message-arrow");

    public ILocator VerificationRows => page.GetByTestId("verification-row");

    public ILocator FailedChecks => page.Locator("[data-testid='verification-row'][data-passed='false']");

    /// <summary>A message of the sequence diagram by its paper name, e.g. "C_P1, Sig_P1, T_P1".</summary>
    public ILocator MessageArrow(string name) => page.Locator($"[data-testid='message-arrow'][data-name='{name}']");

    public async Task OpenAsync(Guid visitId)
    {
        await page.GotoAsync(new Uri(baseUrl, $"visits/{visitId}").ToString());
        await WaitLoadedAsync();
    }

    /// <summary>Waits for the interactive page with the visit loaded.</summary>
    public async Task WaitLoadedAsync()
    {
        await Expect(Root).ToHaveAttributeAsync("data-interactive", "true");
        await Status.WaitForAsync();
    }

    public Task ExpectStatusAsync(string status) => Expect(Status).ToHaveAttributeAsync("data-status", status);

    public Task AcceptAsync() => AcceptButton.ClickAsync();


    /// <summary>Types the readings into the form and sends them under SEK_1 (Eq. 23).</summary>
    public async Task SendReadingsAsync(int heartRate, int systolic, int diastolic, int spO2, string ecg)
    {
        await MudUi.FillAsync(HeartRate, heartRate.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await MudUi.FillAsync(Systolic, systolic.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await MudUi.FillAsync(Diastolic, diastolic.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await MudUi.FillAsync(SpO2, spO2.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await MudUi.FillAsync(Ecg, ecg);
        await SendReadingsButton.ClickAsync();
    }

    /// <summary>Runs the EMR search (Eqs. 25–48) for the department with this option text, e.g. "Cardiology (cardiology)".</summary>
    public async Task RunSearchAsync(string departmentLabel)
    {
        await MudUi.SelectAsync(DepartmentSelect, departmentLabel);
        await Expect(RunSearchButton).ToBeEnabledAsync();
        await RunSearchButton.ClickAsync();
    }

    /// <summary>Writes the diagnosis and sends it (Eqs. 49–50; filed at the hospital).</summary>
    public async Task SendDiagnosisAsync(string text)
    {
        await MudUi.FillAsync(DiagnosisInput, text);
        await Expect(MudUi.InputOf(DiagnosisInput)).ToHaveValueAsync(text);
        await SendDiagnosisButton.ClickAsync();
    }
}
