using System.Security.Claims;
using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace EmrAuth.Web.Infrastructure.Security;

/// <summary>How many sign-in attempts one client address may make per window (configuration section EmrAuth:LoginRateLimit).</summary>
public sealed class LoginRateLimitOptions
{
    public const string Section = "EmrAuth:LoginRateLimit";

    public int PermitLimit { get; set; } = 5;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// Accounts and access: cookie sign-in, deny-by-default authorization with one policy per role, a rate-limited
/// login, anti-forgery on every form. See <see cref="UseEmrAuthSecurity"/> for where it goes in the pipeline.
/// </summary>
public static class SecurityServices
{
    public const string CookieName = "EmrAuth.Session";
    public const string AntiforgeryCookieName = "EmrAuth.Antiforgery";
    public const string LoginRateLimitPolicy = "login";

    /// <summary>Sliding: a session ends after this long without a request.</summary>
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(20);

    public static IServiceCollection AddEmrAuthSecurity(this IServiceCollection services)
    {
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme)
            .AddCookie(CookieAuthenticationDefaults.AuthenticationScheme, options =>
            {
                options.Cookie.Name = CookieName;
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Strict;
                options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
                options.Cookie.IsEssential = true;
                options.ExpireTimeSpan = IdleTimeout;
                options.SlidingExpiration = true;
                options.LoginPath = RoleHome.LoginPath;
                options.LogoutPath = RoleHome.LogoutPath;
                options.AccessDeniedPath = RoleHome.DeniedPath;
                options.ReturnUrlParameter = "returnUrl";
                options.Events.OnValidatePrincipal = async context =>
                {
                    if (!context.HttpContext.RequestServices.GetRequiredService<SessionRegistry>().IsValid(context.Principal))
                    {
                        context.RejectPrincipal();
                        await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
                    }
                };
            });
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SessionRegistry>();
        services.AddScoped<Microsoft.AspNetCore.Components.Server.Circuits.CircuitHandler, CircuitTracker>();

        // Deny by default: an endpoint without [Authorize]/[AllowAnonymous] needs a signed-in user with a known role.
        var signedIn = new AuthorizationPolicyBuilder(CookieAuthenticationDefaults.AuthenticationScheme)
            .RequireAuthenticatedUser()
            .RequireRole(Roles.All)
            .Build();
        var authorization = services.AddAuthorizationBuilder()
            .SetFallbackPolicy(signedIn)
            .SetDefaultPolicy(signedIn);
        foreach (var role in Roles.All)
        {
            // [Authorize(Policy = Roles.Doctor)] and [Authorize(Roles = Roles.Doctor)] mean the same.
            authorization.AddPolicy(role, p => p
                .AddAuthenticationSchemes(CookieAuthenticationDefaults.AuthenticationScheme)
                .RequireAuthenticatedUser()
                .RequireRole(role));
        }

        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, AccountRevalidatingStateProvider>();

        services.AddAntiforgery(options =>
        {
            options.Cookie.Name = AntiforgeryCookieName;
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });

        services.AddOptions<LoginRateLimitOptions>().BindConfiguration(LoginRateLimitOptions.Section);
        services.AddOptions<AccountLockoutOptions>().BindConfiguration(AccountLockoutOptions.Section);
        services.AddSingleton<AccountLockout>();
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = WriteTooManyAttemptsAsync;
            options.AddPolicy(LoginRateLimitPolicy, http =>
            {
                var limits = http.RequestServices.GetRequiredService<IOptions<LoginRateLimitOptions>>().Value;
                var client = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
                return RateLimitPartition.GetFixedWindowLimiter(client, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = limits.PermitLimit,
                    Window = limits.Window,
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
            });
        });

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IPasswordHasher<Account>, PasswordHasher<Account>>();
        services.TryAddSingleton<AccountService>();
        services.TryAddSingleton<IDemoAccounts, NoDemoAccounts>();
        return services;
    }

    /// <summary>
    /// Rate limiter, authentication, authorization and anti-forgery, in that order. Call after UseExceptionHandler
    /// (and UseForwardedHeaders/UseHttpsRedirection if used) and before mapping any endpoint. It includes
    /// UseAntiforgery: do not call that again.
    /// </summary>
    public static WebApplication UseEmrAuthSecurity(this WebApplication app)
    {
        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        return app;
    }

    /// <summary>
    /// Lets anonymous users load the Blazor script (/_framework/…) and open a circuit (/_blazor/…), which the
    /// fallback policy would otherwise send to the login page (dotnet/aspnetcore#51836): the login page and /demo
    /// need them. Pages keep their own authorization; components in a circuit check access with <see cref="CurrentUser"/>.
    /// Call on the result of MapRazorComponents.
    /// </summary>
    public static RazorComponentsEndpointConventionBuilder AllowAnonymousBlazorFramework(
        this RazorComponentsEndpointConventionBuilder builder)
    {
        builder.Add(endpoint =>
        {
            if (endpoint is RouteEndpointBuilder route && IsBlazorFrameworkRoute(route.RoutePattern.RawText)
                && !endpoint.Metadata.OfType<ComponentTypeMetadata>().Any())
            {
                endpoint.Metadata.Add(new AllowAnonymousAttribute());
            }
        });
        return builder;
    }

    private static bool IsBlazorFrameworkRoute(string? pattern)
    {
        var path = (pattern ?? "").TrimStart('/');
        return path.StartsWith("_framework/", StringComparison.OrdinalIgnoreCase)
            || path.Equals("_blazor", StringComparison.OrdinalIgnoreCase)
            || path.StartsWith("_blazor/", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>POST /account/login (rate-limited) and POST /account/logout; both check the anti-forgery token.</summary>
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder endpoints)
    {
        // Order -1: the Razor component pages at the same paths also accept POST; these endpoints take it.
        endpoints.MapPost(RoleHome.LoginPath, LoginAsync)
            .AllowAnonymous()
            .DisableAntiforgery() // validated explicitly below, so a stale form gets a friendly message, not a 400
            .RequireRateLimiting(LoginRateLimitPolicy)
            .WithOrder(-1)
            .WithName("AccountLogin");
        endpoints.MapPost(RoleHome.LogoutPath, LogoutAsync)
            .AllowAnonymous()
            .DisableAntiforgery()
            .WithOrder(-1)
            .WithName("AccountLogout");
        return endpoints;
    }

    private static async Task<IResult> LoginAsync(
        HttpContext http,
        IAntiforgery antiforgery,
        IDbContextFactory<EmrAuthDbContext> dbFactory,
        AccountService accounts,
        AccountLockout lockout,
        ILoggerFactory loggerFactory,
        CancellationToken cancellationToken)
    {
        var log = loggerFactory.CreateLogger(typeof(SecurityServices).FullName!);
        if (await FormReading.ReadFormOrNullAsync(http.Request, cancellationToken) is not { } form)
        {
            return Results.BadRequest();
        }

        var returnUrl = form["returnUrl"].ToString();
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            log.LogWarning("Sign-in form from {Client} had no valid anti-forgery token.", http.Connection.RemoteIpAddress);
            return Results.Redirect(LoginUrl("expired", returnUrl));
        }

        var userName = form["userName"].ToString();
        if (await lockout.LockedForAsync(userName, cancellationToken) is { } locked)
        {
            log.LogWarning("Sign-in from {Client} refused: the account is locked after repeated failures.", http.Connection.RemoteIpAddress);
            return Results.Redirect(LoginUrl("locked", returnUrl) + "&wait=" + WaitSeconds(locked));
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var principal = await accounts.VerifyAsync(db, userName, form["password"].ToString(), cancellationToken);
        if (principal is null)
        {
            // The user name typed is not logged: people sometimes type their password into it.
            log.LogWarning("Failed sign-in from {Client}.", http.Connection.RemoteIpAddress);
            // Counted even if the client gives up now: an aborted request must not be a free guess.
            return await lockout.FailedAsync(userName, CancellationToken.None) is { } lockedNow
                ? Results.Redirect(LoginUrl("locked", returnUrl) + "&wait=" + WaitSeconds(lockedNow))
                : Results.Redirect(LoginUrl("1", returnUrl));
        }
        await lockout.SucceededAsync(userName, cancellationToken);

        ((ClaimsIdentity)principal.Identity!).AddClaims(http.RequestServices.GetRequiredService<SessionRegistry>().NewSessionClaims());
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal, new AuthenticationProperties
        {
            IsPersistent = false, // a browser-session cookie; the ticket itself expires after the idle timeout
            AllowRefresh = true,
        });
        log.LogInformation("{User} signed in from {Client}.", principal.Identity?.Name, http.Connection.RemoteIpAddress);
        return Results.LocalRedirect(RoleHome.AfterSignIn(principal, returnUrl));
    }

    private static async Task<IResult> LogoutAsync(HttpContext http, IAntiforgery antiforgery, ILoggerFactory loggerFactory)
    {
        if (http.User.Identity?.IsAuthenticated != true)
        {
            return Results.Redirect(RoleHome.LoginPath);
        }

        if (!await antiforgery.IsRequestValidAsync(http))
        {
            // Not signed out by a forged request; a genuine user with a stale page gets a fresh confirmation form.
            return Results.Redirect(RoleHome.LogoutPath);
        }

        var name = http.User.Identity.Name;
        http.RequestServices.GetRequiredService<SessionRegistry>().SignOut(http.User);
        // Every tab of this session stops now, not at its next revalidation.
        http.RequestServices.GetRequiredService<OpenCircuits>().EndSession(http.User);
        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        loggerFactory.CreateLogger(typeof(SecurityServices).FullName!).LogInformation("{User} signed out.", name);
        return Results.Redirect(RoleHome.LoginPath + "?signedOut=1");
    }

    private static string WaitSeconds(TimeSpan wait) => ((int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    private static string LoginUrl(string error, string? returnUrl)
    {
        var url = RoleHome.LoginPath + "?error=" + Uri.EscapeDataString(error);
        return RoleHome.IsLocalUrl(returnUrl) ? url + "&returnUrl=" + Uri.EscapeDataString(returnUrl!) : url;
    }

    private static async ValueTask WriteTooManyAttemptsAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var response = context.HttpContext.Response;
        var wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? (int)Math.Ceiling(retryAfter.TotalSeconds)
            : 60;
        response.Headers.RetryAfter = wait.ToString(CultureInfo.InvariantCulture);
        response.Headers.CacheControl = "no-store";
        response.ContentType = "text/html; charset=utf-8";
        context.HttpContext.RequestServices.GetRequiredService<ILoggerFactory>()
            .CreateLogger(typeof(SecurityServices).FullName!)
            .LogWarning("Sign-in attempts from {Client} rate-limited.", context.HttpContext.Connection.RemoteIpAddress);
        var seconds = WebUtility.HtmlEncode(wait.ToString(CultureInfo.InvariantCulture));
        await response.WriteAsync($$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
              <meta charset="utf-8" />
              <meta name="viewport" content="width=device-width, initial-scale=1.0" />
              <title>Too many sign-in attempts — EmrAuth</title>
              <style>
                body { font-family: Roboto, "Segoe UI", Arial, sans-serif; color: #212121; background: #f5f5f5; margin: 0; }
                main { max-width: 28rem; margin: 4rem auto; background: #fff; padding: 2rem; border-radius: 4px;
                       box-shadow: 0 1px 3px rgba(0,0,0,.2); }
                h1 { font-size: 1.4rem; font-weight: 500; margin-top: 0; }
                a { color: #4340d2; }
              </style>
            </head>
            <body>
              <main>
                <h1>Too many sign-in attempts</h1>
                <p>For everyone's safety, sign-in is paused for a moment. Please wait about {{seconds}} seconds, then try again.</p>
                <p><a href="{{RoleHome.LoginPath}}">Back to sign-in</a></p>
              </main>
            </body>
            </html>
            """, cancellationToken);
    }
}
