using Bunit;
using MudBlazor;

namespace EmrAuth.Tests.Web.Features.Registry;

/// <summary>The issued Cert_D: revoke calls back only after the reason dialog is confirmed; a revoked one shows why.</summary>
public sealed class CertificateListTests : MudComponentTest
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    private static readonly CertificateRecord Chen = Certificate("CD-0001", "dr-chen", revoked: false);
    private static readonly CertificateRecord Huang = Certificate("CD-0002", "dr-huang", revoked: true);

    private readonly IRenderedComponent<MudDialogProvider> _dialogs;
    private readonly List<CertificateList.Revocation> _revoked = [];
    private readonly IRenderedComponent<CertificateList> _cut;

    public CertificateListTests()
    {
        _dialogs = Render<MudDialogProvider>();
        _cut = Render<CertificateList>(p => p
            .Add(l => l.Certificates, [Chen, Huang])
            .Add(l => l.DoctorNames, new Dictionary<string, string> { ["dr-chen"] = "Dr. Mei Chen" })
            .Add(l => l.OnRevoke, (CertificateList.Revocation r) => _revoked.Add(r)));
    }

    [Fact]
    public void Revoke_calls_back_with_the_reason_only_after_confirmation()
    {
        _cut.Find("[data-testid='revoke-CD-0001']").Click();
        _dialogs.WaitForAssertion(() => Assert.Contains("Dr. Mei Chen (dr-chen, cardiology)", _dialogs.Find("[data-testid='reason-dialog']").TextContent));
        Assert.Empty(_revoked);

        _dialogs.Find("textarea").Input("key compromised");
        _dialogs.Find("[data-testid='reason-confirm']").Click();

        _cut.WaitForAssertion(() => Assert.Equal(new CertificateList.Revocation(Chen, "key compromised"), Assert.Single(_revoked)));
    }

    [Fact]
    public void A_revoked_certificate_has_no_revoke_button_and_shows_its_reason()
    {
        Assert.Empty(_cut.FindAll("[data-testid='revoke-CD-0002']"));
        Assert.Equal(["false", "true"], _cut.FindAll("[data-testid='certificate-row']").Select(r => r.GetAttribute("data-revoked")));
        Assert.Contains("left the hospital", _cut.Find("[data-testid='revocation']").TextContent);
    }

    [Fact]
    public void A_busy_revocation_disables_every_revoke_button()
    {
        _cut.Render(p => p.Add(l => l.Busy, "CD-0001"));

        Assert.True(_cut.Find("[data-testid='revoke-CD-0001']").HasAttribute("disabled"));
    }

    private static CertificateRecord Certificate(string serial, string doctor, bool revoked) => new()
    {
        Serial = serial, DoctorId = doctor, DepartmentId = "cardiology", Encoded = [1], NotBefore = Now.AddDays(-1), NotAfter = Now.AddYears(1),
        RevokedAt = revoked ? Now : null, RevocationReason = revoked ? "left the hospital" : null,
    };
}
