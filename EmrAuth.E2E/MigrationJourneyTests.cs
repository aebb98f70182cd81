using EmrAuth.E2E.Infrastructure;
using EmrAuth.E2E.Pages;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EmrAuth.E2E;

/// <summary>
/// EHR migration in the browser: the demo patient Carol moves her cardiology record from South University Hospital to
/// North General Hospital with one button, sees the signed receipt, and both hospitals' administrators (each in their
/// own browser context, pages already open) see it leave and arrive live; the TTPH's page lists the proof. The
/// receipt's screenshot goes to artifacts/screenshots/migration-receipt.png; the patient's page is also checked at phone size.
/// </summary>
[Collection(E2ECollection.Name)]
public sealed class MigrationJourneyTests(WebAppFixture app, BrowserFixture browser) : BrowserJourney(app, browser)
{
    [Fact]
    public async Task A_patient_moves_a_record_and_both_hospitals_admins_see_it_leave_and_arrive_live()
    {
        var southPage = await Sessions.SignedInPageAsync("admin.south", DemoPassword, "hospital");
        var northPage = await Sessions.SignedInPageAsync("admin.north", DemoPassword, "hospital");
        var south = new HospitalMigrationsArea(southPage, App.BaseUrl);
        var north = new HospitalMigrationsArea(northPage, App.BaseUrl);
        await south.OpenAsync();
        await north.OpenAsync();
        await MudUi.MarkDocumentAsync(southPage, "south-before");
        await MudUi.MarkDocumentAsync(northPage, "north-before");

        var patientPage = await Sessions.SignedInPageAsync("carol", DemoPassword, "patient");
        var patient = new PatientMigrationsArea(patientPage, App.BaseUrl);
        await patient.OpenAsync();
        var migrationId = await patient.MoveAsync("cardiology at south-university", "North General Hospital");

        var migration = new MigrationPage(patientPage);
        await migration.WaitLoadedAsync();
        await Expect(migration.Status).ToHaveAttributeAsync("data-status", "Completed");
        await Expect(migration.Receipt).ToBeVisibleAsync();
        await Expect(migration.ReceiptDestination).ToHaveTextAsync("north-general");
        await Expect(migration.ReceiptSigner).ToContainTextAsync("TTPH-H");
        await Expect(migration.ReceiptDigest).ToHaveAttributeAsync("title", new System.Text.RegularExpressions.Regex("^[0-9A-F]{64}$"));
        await Expect(migration.Step("M9")).ToHaveAttributeAsync("data-done", "true");
        await Expect(migration.Title).ToHaveTextAsync("Your cardiology record moved to north-general");
        await Expect(migration.FailedChecks).ToHaveCountAsync(0);
        Assert.True(await migration.PassedChecks.CountAsync() > 30);
        await Screenshots.SaveAsync(patientPage, "migration-receipt.png");

        // Both admins' pages updated without a reload.
        await Expect(south.Outgoing(migrationId)).ToHaveAttributeAsync("data-status", "Completed");
        await Expect(north.Incoming(migrationId)).ToHaveAttributeAsync("data-status", "Completed");
        await Expect(south.Incoming(migrationId)).ToHaveCountAsync(0);
        Assert.True(await MudUi.IsSameDocumentAsync(southPage, "south-before"), "The source admin's page reloaded; the migration should appear live.");
        Assert.True(await MudUi.IsSameDocumentAsync(northPage, "north-before"), "The destination admin's page reloaded; the migration should appear live.");

        // The record is now among the destination's records, and gone from the source's.
        var northRecords = new HospitalArea(northPage, App.BaseUrl);
        await northRecords.OpenAsync();
        await Expect(northRecords.Entries("carol", "cardiology")).ToHaveCountAsync(1);
        var southRecords = new HospitalArea(southPage, App.BaseUrl);
        await southRecords.OpenAsync();
        await Expect(southRecords.RecordRow("carol", "cardiology")).ToHaveCountAsync(0);

        // The TTPH's operator sees the proof it issued and both hospitals' current Cert_H.
        var cloudPage = await Sessions.SignedInPageAsync("cloud.admin", DemoPassword, "cloud");
        var ttph = new TtphArea(cloudPage, App.BaseUrl);
        await ttph.OpenAsync();
        await Expect(ttph.Migration(migrationId)).ToHaveAttributeAsync("data-status", "Completed");
        await Expect(ttph.CertificateRow("north-general")).ToHaveCountAsync(1);
        await Expect(ttph.CertificateRow("south-university")).ToHaveCountAsync(1);
        Assert.True(int.Parse(await ttph.ProofsIssued.InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture) >= 1);
        await Expect(ttph.ProofRows.Filter(new() { HasText = "south-university → north-general" }).First).ToBeVisibleAsync();
        await Screenshots.SaveAsync(cloudPage, "ttph.png");
        await north.OpenAsync();
        await Screenshots.SaveAsync(northPage, "hospital-migrations.png");

        // The patient's page at phone size: nothing to scroll sideways, the list readable, the button reachable.
        await patientPage.SetViewportSizeAsync(390, 844);
        await patient.OpenAsync();
        await Expect(patient.Migration(migrationId)).ToHaveAttributeAsync("data-status", "Completed");
        await Expect(patient.MoveButton).ToBeVisibleAsync();
        Assert.True(await MudUi.FitsWidthAsync(patientPage), "The patient's migration page scrolls sideways at 390×844.");
        await Screenshots.SaveAsync(patientPage, "patient-migrations-phone.png");

        AssertNoBrowserProblems();
    }
}
