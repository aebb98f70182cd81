using System.Security.Cryptography;
using Microsoft.AspNetCore.HttpsPolicy;

namespace EmrAuth.Web.Infrastructure.Security;

/// <summary>
/// HTTP hygiene (issue 11, findings 8 and 9): no Server header, static web assets outside Development, HSTS and the
/// HTTPS redirect whenever an HTTPS endpoint is configured, a 400 for a malformed form body, and the security
/// headers of every response (<see cref="ContentSecurityPolicy"/>).
/// </summary>
public static class WebHardening
{
    /// <summary>The per-response nonce of the one inline script the pages carry (Blazor's import map).</summary>
    public const string NonceItem = "emrauth:csp-nonce";

    /// <summary>
    /// Only what Blazor Server and MudBlazor need: scripts and styles from this origin (plus the nonce'd import map),
    /// inline style attributes (MudBlazor sets style="…" on its components), data: images and fonts (MudBlazor's
    /// icons), the circuit's WebSocket to this origin ('self' covers ws/wss of the same host in CSP 3), no plugins, no
    /// framing by other sites, forms posting here only.
    /// </summary>
    public static string ContentSecurityPolicy(string nonce) =>
        "default-src 'self'; " +
        $"script-src 'self' 'nonce-{nonce}'; " +
        "style-src 'self' 'unsafe-inline'; " +
        "img-src 'self' data:; " +
        "font-src 'self' data:; " +
        "connect-src 'self'; " +
        "object-src 'none'; " +
        "base-uri 'self'; " +
        "form-action 'self'; " +
        "frame-ancestors 'self'";

    /// <summary>
    /// SignalR's default (32 KB) closed the circuit on a pasted 31 KB value before any field could say what was wrong.
    /// Every text field has a MaxLength (the browser cuts pastes to it), and a value from a client that ignores it still
    /// arrives, up to this size, and gets its field's own message from the server's validation.
    /// </summary>
    public const long MaxCircuitMessageBytes = 512 * 1024;

    public const string PermissionsPolicy =
        "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), interest-cohort=()";

    /// <summary>Builder side: Kestrel without its Server header, static web assets, HSTS options.</summary>
    public static WebApplicationBuilder AddWebHardening(this WebApplicationBuilder builder)
    {
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        // A build (not a publish) serves MudBlazor's and the framework's files from the NuGet cache through the static
        // web assets manifest, which the host loads by itself only in Development; a published app has no such
        // manifest and this is a no-op there.
        builder.WebHost.UseStaticWebAssets();
        builder.Services.AddHsts(options =>
        {
            options.MaxAge = TimeSpan.FromDays(365);
            options.IncludeSubDomains = true;
        });
        return builder;
    }

    /// <summary>True when the configuration names an HTTPS endpoint (--urls, ASPNETCORE_URLS, Kestrel:Endpoints, https_port).</summary>
    public static bool HasHttpsEndpoint(IConfiguration configuration) =>
        (configuration["urls"] ?? "").Contains("https://", StringComparison.OrdinalIgnoreCase)
        || configuration.GetSection("Kestrel:Endpoints").GetChildren()
            .Any(e => (e["Url"] ?? "").StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        || !string.IsNullOrEmpty(configuration["https_port"]);

    /// <summary>Pipeline side: call first after UseExceptionHandler.</summary>
    public static WebApplication UseWebHardening(this WebApplication app)
    {
        if (HasHttpsEndpoint(app.Configuration))
        {
            app.UseHsts();
            app.UseHttpsRedirection();
        }
        app.Use(async (http, next) =>
        {
            var nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16));
            http.Items[NonceItem] = nonce;
            http.Response.OnStarting(() =>
            {
                var headers = http.Response.Headers;
                // Replaces Blazor's own "frame-ancestors 'self'" policy, which this one includes.
                headers.ContentSecurityPolicy = ContentSecurityPolicy(nonce);
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
                headers["Permissions-Policy"] = PermissionsPolicy;
                headers.Remove("Server");
                return Task.CompletedTask;
            });
            try
            {
                await next(http);
            }
            catch (Exception e) when (FormReading.IsMalformedBody(http, e) && !http.Response.HasStarted)
            {
                // A form body that does not parse (e.g. a broken multipart boundary) is the client's error, not a 500.
                http.Response.Clear();
                http.Response.StatusCode = StatusCodes.Status400BadRequest;
            }
        });
        return app;
    }

    /// <summary>The nonce of this response's inline script, for App.razor.</summary>
    public static string? CspNonce(this HttpContext? http) => http?.Items[NonceItem] as string;
}
