using Microsoft.Playwright;

namespace EmrAuth.E2E.Pages;

/// <summary>Page object for the public sign-up page ("/signup"): account, identity and, for patients, the biometric secret.</summary>
public sealed class SignUpPage(IPage page, Uri baseUrl)
{
    public ILocator UserName => page.GetByTestId("signup-username");

    public ILocator DisplayName => page.GetByTestId("signup-displayname");

    public ILocator Password => page.GetByTestId("signup-password");

    public ILocator Confirm => page.GetByTestId("signup-confirm");

    public ILocator Identity => page.GetByTestId("signup-identity");

    public ILocator BiometricSecret => page.GetByTestId("signup-biometric");

    public ILocator Submit => page.GetByTestId("signup-submit");

    /// <summary>The form-level message: data-kind is "success" after a request was sent, "error" otherwise.</summary>
    public ILocator Message => page.GetByTestId("signup-message");

    public ILocator IdentityError => MudUi.FieldError(Identity);

    public ILocator UserNameError => MudUi.FieldError(UserName);

    public async Task OpenAsync()
    {
        await page.GotoAsync(new Uri(baseUrl, "signup").ToString());
        await MudUi.WaitInteractiveAsync(page);
    }

    /// <summary>Fills the patient form (the default kind) without sending it.</summary>
    public async Task FillPatientAsync(string userName, string displayName, string password, string identity, string biometricSecret)
    {
        await MudUi.FillAsync(UserName, userName);
        await MudUi.FillAsync(DisplayName, displayName);
        await MudUi.FillAsync(Password, password);
        await MudUi.FillAsync(Confirm, password);
        await MudUi.FillAsync(Identity, identity);
        await MudUi.FillAsync(BiometricSecret, biometricSecret);
    }

    public Task SubmitAsync() => Submit.ClickAsync();
}
