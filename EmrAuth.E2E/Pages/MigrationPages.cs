using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EmrAuth.E2E.Pages;

/// <summary>Page object for a patient's "Move my records" ("/patient/migrations"): choose record and destination, one button.</summary>
public sealed partial class PatientMigrationsArea(IPage page, Uri baseUrl)
{
    public ILocator RecordSelect => page.GetByTestId("migration-record");

    public ILocator DestinationSelect => page.GetByTestId("migration-destination");

    public ILocator MoveButton => page.GetByTestId("start-migration");

    /// <summary>A row of "Your migrations" (data-status).</summary>
    public ILocator Migration(Guid migrationId) => page.Locator($"[data-testid='migration-list'] [data-testid='migration-row'][data-id='{migrationId}']");

    public async Task OpenAsync()
    {
        await page.GotoAsync(new Uri(baseUrl, "patient/migrations").ToString());
        await MudUi.WaitInteractiveAsync(page);
    }

    /// <summary>Chooses the record ("cardiology at south-university") and the destination by name, moves it, and returns the migration's id.</summary>
    public async Task<Guid> MoveAsync(string recordLabel, string destinationName)
    {
        await MudUi.SelectAsync(RecordSelect, recordLabel);
        await MudUi.SelectAsync(DestinationSelect, destinationName);
        await Expect(MoveButton).ToBeEnabledAsync();
        await MoveButton.ClickAsync();
        await Expect(page).ToHaveURLAsync(MigrationUrl());
        return Guid.Parse(MigrationUrl().Match(page.Url).Groups["id"].Value);
    }

    [GeneratedRegex(@"/migrations/(?<id>[0-9a-fA-F-]{36})$")]
    private static partial Regex MigrationUrl();
}

/// <summary>Page object for one migration ("/migrations/{id}"): status, steps, receipt or failure, the protocol view.</summary>
public sealed class MigrationPage(IPage page)
{
    public ILocator Title => page.GetByTestId("migration-title");

    public ILocator Status => page.GetByTestId("migration-status");

    public ILocator Receipt => page.GetByTestId("migration-receipt");

    public ILocator ReceiptSigner => page.GetByTestId("receipt-signer");

    public ILocator ReceiptDestination => page.GetByTestId("receipt-destination");

    public ILocator ReceiptDigest => page.GetByTestId("receipt-digest");

    public ILocator Failure => page.GetByTestId("migration-failure");

    /// <summary>A step of the checklist (M1 … M9, Index), with data-done.</summary>
    public ILocator Step(string hop) => page.Locator($"[data-testid='migration-steps'] li[data-hop='{hop}']");

    public ILocator FailedChecks => page.Locator("[data-testid='verification-row'][data-passed='false']");

    public ILocator PassedChecks => page.Locator("[data-testid='verification-row'][data-passed='true']");

    public Task WaitLoadedAsync() => MudUi.WaitInteractiveAsync(page);
}

/// <summary>Page object for a hospital admin's "/hospital/migrations": incoming and outgoing lists.</summary>
public sealed class HospitalMigrationsArea(IPage page, Uri baseUrl)
{
    public async Task OpenAsync()
    {
        await page.GotoAsync(new Uri(baseUrl, "hospital/migrations").ToString());
        await MudUi.WaitInteractiveAsync(page);
    }

    public ILocator Incoming(Guid migrationId) => page.Locator($"[data-testid='incoming-migrations'] [data-testid='migration-row'][data-id='{migrationId}']");

    public ILocator Outgoing(Guid migrationId) => page.Locator($"[data-testid='outgoing-migrations'] [data-testid='migration-row'][data-id='{migrationId}']");
}

/// <summary>Page object for the TTPH page ("/cloud/migrations"): Cert_H with revoke and certify, proofs issued, all migrations.</summary>
public sealed class TtphArea(IPage page, Uri baseUrl)
{
    public ILocator ProofsIssued => page.GetByTestId("proofs-issued");

    public ILocator ProofRows => page.Locator("[data-testid='proof-grid'] tbody tr");

    public async Task OpenAsync()
    {
        await page.GotoAsync(new Uri(baseUrl, "cloud/migrations").ToString());
        await MudUi.WaitInteractiveAsync(page);
    }

    /// <summary>The current Cert_H row of a hospital (data-serial, data-revoked).</summary>
    public ILocator CertificateRow(string hospitalId) =>
        page.Locator($"[data-testid='hospital-certificate-row'][data-hospital='{hospitalId}'][data-revoked='false']");

    public ILocator Migration(Guid migrationId) => page.Locator($"[data-testid='all-migrations'] [data-testid='migration-row'][data-id='{migrationId}']");
}
