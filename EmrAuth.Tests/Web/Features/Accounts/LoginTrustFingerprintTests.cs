using System.Security.Cryptography;
using System.Text;
using Bunit;
using EmrAuth.Web.Features.Accounts;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;

namespace EmrAuth.Tests.Web.Features.Accounts;

/// <summary>
/// The login page shows the deployment's trust fingerprint: SHA-256 of the trust document, which this test rebuilds
/// byte by byte from the running portal's keys as docs/protocol.md#s6-trust-document lays it out.
/// </summary>
public sealed class LoginTrustFingerprintTests : MudComponentTest, IAsyncLifetime
{
    private PortalHarness _portal = null!;

    public async Task InitializeAsync()
    {
        _portal = await PortalHarness.StartAsync();
        Services.AddSingleton(_portal.Get<DeploymentTrust>());
        Services.AddSingleton(_portal.Get<IDemoAccounts>());
        Services.AddSingleton<IWebHostEnvironment>(new TestEnvironment());
        Services.AddSingleton<AntiforgeryStateProvider>(new NoAntiforgery());
    }

    [Fact]
    public void The_login_page_shows_the_fingerprint_of_the_deployments_trust_document()
    {
        var page = Render<Login>();

        var shown = page.Find("[data-testid='trust-fingerprint']").TextContent;

        var bulletin = _portal.Host.Bulletin;
        var ttph = _portal.MigrationNetwork.Network.Ttph.Anchor;
        static string Hex(EmrAuth.Domain.Crypto.CurvePoint p) => Convert.ToHexStringLower(p.Encode());
        var document = "{\n"
            + "  \"format\": \"EmrAuth trust document v1\",\n"
            + "  \"deployment\": \"EmrAuth portal\",\n"
            + "  \"version\": \"1\",\n"
            + "  \"public_cloud\": \"PC\",\n"
            + $"  \"PK\": \"{Hex(bulletin.MasterPublicKey)}\",\n"
            + $"  \"PUK_C\": \"{Hex(bulletin.CloudKey.Point)}\",\n"
            + "  \"medical_authority\": \"MA\",\n"
            + $"  \"PUK_MA\": \"{Hex(bulletin.AuthorityKey.Point)}\",\n"
            + "  \"ttph\": \"TTPH\",\n"
            + $"  \"PUK_TTPH_CA\": \"{Hex(ttph.AuthorityKey.Point)}\",\n"
            + $"  \"PUK_TTPH\": \"{Hex(ttph.EncryptionKey.Point)}\"\n"
            + "}\n";
        var expected = string.Join(' ', Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(document))).Chunk(4).Select(c => new string(c)));
        Assert.Equal(expected, shown);
    }

    async Task IAsyncLifetime.DisposeAsync() => await _portal.DisposeAsync();

    private sealed class NoAntiforgery : AntiforgeryStateProvider
    {
        public override AntiforgeryRequestToken? GetAntiforgeryToken() => null;
    }

    private sealed class TestEnvironment : IWebHostEnvironment
    {
        public string WebRootPath { get; set; } = "";
        public IFileProvider WebRootFileProvider { get; set; } = new NullFileProvider();
        public string ApplicationName { get; set; } = "EmrAuth.Web";
        public IFileProvider ContentRootFileProvider { get; set; } = new NullFileProvider();
        public string ContentRootPath { get; set; } = "";
        public string EnvironmentName { get; set; } = "Production";
    }
}
