using EmrAuth.Domain.Crypto;
using EmrAuth.Domain.Messages;
using EmrAuth.Web.Features.Fhir;
using R4 = Hl7.Fhir.Model;

namespace EmrAuth.Tests.Web.Features.Fhir;

/// <summary>
/// Issue 14: the patient's consent grants in their FHIR export, as R4 Consent resources that validate with Firely's
/// validator; the source attachment is the patient-signed Grant_P ‖ Sig_PG, which verifies with PUK_P.
/// </summary>
public sealed class FhirConsentExportTests : IAsyncLifetime
{
    private PortalHarness _portal = null!;

    public async Task InitializeAsync() => _portal = await PortalHarness.StartAsync();

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    [Fact]
    public async Task Grants_are_exported_as_valid_R4_Consents_carrying_the_signed_grant()
    {
        var alice = _portal.AsParty("alice").Consents;
        var expires = _portal.Clock.GetUtcNow().UtcDateTime.Date.AddDays(7);
        var doctorGrant = await alice.CreateAsync("alice", new GrantForm { GranteeId = "dr-chen", Departments = ["cardiology"], Expires = expires });
        await alice.CreateAsync("alice", new GrantForm
        {
            GranteeKind = GranteeKind.Hospital, GranteeId = "north-general", Purpose = PurposeOfUse.SecondOpinion, AllDepartments = true, IncludesRestricted = true,
            Expires = expires,
        });
        await alice.RevokeAsync("alice", doctorGrant);

        var bundle = (await _portal.As("alice").Get<FhirExport>().EverythingAsync("alice"))!;

        var consents = bundle.Entry.Select(e => e.Resource).OfType<R4.Consent>().ToDictionary(c => c.Identifier[0].Value!);
        Assert.Equal(2, consents.Count);
        Assert.Equal(R4.Consent.ConsentState.Inactive, consents[doctorGrant].Status);
        Assert.Equal("Practitioner/dr-chen", consents[doctorGrant].Provision!.Actor[0].Reference!.Reference);
        var hospital = consents.Values.Single(c => c.Identifier[0].Value != doctorGrant);
        Assert.Equal(R4.Consent.ConsentState.Active, hospital.Status);
        Assert.Equal(("second-opinion", "R"), (hospital.Provision!.Purpose[0].Code, hospital.Provision.SecurityLabel[0].Code));
        Assert.Contains(bundle.Entry, e => e.Resource is R4.Organization { Id: "north-general" });
        var signed = SignedGrant.Decode(((R4.Attachment)hospital.Source!).Data!);
        Assert.True(PublicKey.For(_portal.Host.Cloud.PatientKey("alice")!).Verify(signed.Grant.Encode(), signed.Signature));
        var validator = new FhirValidator();
        foreach (var consent in consents.Values.Append<R4.Resource>(bundle))
        {
            var errors = validator.Validate(consent).Where(i => i.IsError).ToList();
            Assert.True(errors.Count == 0, $"{consent.TypeName}/{consent.Id}: {string.Join("; ", errors.Select(e => $"{e.Message} at {e.Location}"))}");
        }
    }
}
