using Bunit;
using MudBlazor;

namespace EmrAuth.Tests.Web.Features.Migrations;

/// <summary>The TTPH's certificate list: revoking asks for a reason in a dialog, and only a confirmed reason is sent.</summary>
public class HospitalCertificateGridTests : MudComponentTest
{
    private static readonly HospitalCertificateRecord South = new()
    {
        Serial = "TTPH-H000002",
        HospitalId = "south-university",
        NotBefore = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
        NotAfter = new DateTimeOffset(2027, 1, 1, 0, 0, 0, TimeSpan.Zero),
        Encoded = [],
    };

    private readonly List<CertificateRevocation> _revoked = [];
    private IRenderedComponent<MudDialogProvider> _dialogs = null!;

    private IRenderedComponent<HospitalCertificateGrid> RenderGrid()
    {
        _dialogs = Render<MudDialogProvider>();
        var cut = Render<HospitalCertificateGrid>(p => p
            .Add(c => c.Certificates, [South])
            .Add(c => c.OnRevoke, r => _revoked.Add(r)));
        cut.Find("button[data-testid=revoke-TTPH-H000002]").Click();
        _dialogs.WaitForAssertion(() => Assert.Contains("Revoke Cert_H TTPH-H000002?", _dialogs.Markup));
        return cut;
    }

    [Fact]
    public void Cancelling_the_dialog_revokes_nothing()
    {
        RenderGrid();

        _dialogs.Find("button[data-testid=reason-cancel]").Click();

        _dialogs.WaitForAssertion(() => Assert.Empty(_dialogs.FindAll("[data-testid=reason-input]")));
        Assert.Empty(_revoked);
    }

    [Fact]
    public void Confirming_needs_a_reason_and_sends_it_with_the_certificate()
    {
        var cut = RenderGrid();

        _dialogs.Find("button[data-testid=reason-confirm]").Click();
        _dialogs.WaitForAssertion(() => Assert.Contains("A reason is required.", _dialogs.Markup));
        Assert.Empty(_revoked);

        _dialogs.Find("[data-testid=reason-input] textarea, textarea").Input("  private key exposed  ");
        _dialogs.Find("button[data-testid=reason-confirm]").Click();

        cut.WaitForAssertion(() => Assert.Equal([new CertificateRevocation(South, "private key exposed")], _revoked));
    }

    [Fact]
    public void A_revoked_certificate_offers_no_revoke_button_and_shows_its_reason()
    {
        var revoked = new HospitalCertificateRecord
        {
            Serial = South.Serial, HospitalId = South.HospitalId, NotBefore = South.NotBefore, NotAfter = South.NotAfter, Encoded = [],
            RevokedAt = South.NotBefore.AddDays(10), RevocationReason = "private key exposed",
        };

        var cut = Render<HospitalCertificateGrid>(p => p.Add(c => c.Certificates, [revoked]).Add(c => c.Uncertified, ["south-university"]));

        Assert.Empty(cut.FindAll("button[data-testid=revoke-TTPH-H000002]"));
        Assert.Equal("true", cut.Find("[data-testid=hospital-certificate-row]").GetAttribute("data-revoked"));
        Assert.Contains("private key exposed", cut.Markup);
        Assert.NotNull(cut.Find("button[data-testid=certify-south-university]"));
    }
}
