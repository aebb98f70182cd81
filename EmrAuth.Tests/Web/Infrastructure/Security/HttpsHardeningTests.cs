using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace EmrAuth.Tests.Web.Infrastructure.Security;

/// <summary>
/// Issue 11, finding 8: once an HTTPS endpoint is configured, plain HTTP is redirected to it and HTTPS responses carry
/// HSTS, over a real Kestrel with a throw-away self-signed certificate. Without one (every other test host) neither is sent.
/// </summary>
public sealed class HttpsHardeningTests
{
    [Fact]
    public async Task With_an_https_endpoint_http_redirects_and_https_sends_hsts()
    {
        var folder = Directory.CreateTempSubdirectory("emrauth-tls-").FullName;
        try
        {
            var pfx = Path.Combine(folder, "portal.pfx");
            using (var rsa = RSA.Create(2048))
            {
                var request = new CertificateRequest("CN=portal.example", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
                using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
                await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pfx, "test"));
            }
            await using var host = await SignInWebHost.StartAsync(
                "--urls", "http://127.0.0.1:0;https://127.0.0.1:0",
                "--Kestrel:Certificates:Default:Path", pfx,
                "--Kestrel:Certificates:Default:Password", "test");
            var https = host.Addresses.Single(a => a.Scheme == "https");

            using var client = new HttpClient(new SocketsHttpHandler
            {
                AllowAutoRedirect = false,
                SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true }, // the throw-away certificate
            });
            using (var plain = await client.GetAsync(new Uri(host.BaseUrl, "token")))
            {
                Assert.Equal(HttpStatusCode.TemporaryRedirect, plain.StatusCode);
                Assert.Equal(new Uri(https, "token"), plain.Headers.Location);
                Assert.False(plain.Headers.Contains("Strict-Transport-Security"));
            }

            // HSTS is never sent for localhost names; a real host name gets it.
            using var secure = new HttpRequestMessage(HttpMethod.Get, new Uri(https, "token"));
            secure.Headers.Host = "portal.example";
            using var response = await client.SendAsync(secure);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("max-age=31536000; includeSubDomains", Assert.Single(response.Headers.GetValues("Strict-Transport-Security")));
            Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
            Assert.False(response.Headers.Contains("Server"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Without_an_https_endpoint_there_is_no_redirect_and_no_hsts()
    {
        await using var host = await SignInWebHost.StartAsync();
        using var client = host.ClientFrom(1);
        using var response = await client.GetAsync("token");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Strict-Transport-Security"));
        Assert.False(response.Headers.Contains("Server"));
    }
}
