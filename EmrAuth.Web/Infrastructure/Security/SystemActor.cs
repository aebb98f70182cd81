using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;

namespace EmrAuth.Web.Infrastructure.Security;

/// <summary>
/// Start-up work (seeding the demo world, settling what a stop interrupted) acts as the portal itself. It runs in a
/// scope of its own whose user is a principal no sign-in can produce: its authentication type is not the cookie's,
/// and only <see cref="PortalInitializer"/> and <see cref="DemoSeeder"/> create it.
/// </summary>
public static class SystemActor
{
    public const string AuthenticationType = "EmrAuth.System";

    /// <summary>A scope whose services act as <paramref name="name"/> with <paramref name="role"/> (and, for a hospital, its id).</summary>
    public static AsyncServiceScope CreateScope(IServiceScopeFactory scopes, string name, string role, string? partyId = null)
    {
        Claim[] claims =
        [
            new(ClaimTypes.NameIdentifier, "0"),
            new(ClaimTypes.Name, name),
            new(ClaimTypes.Role, role),
            .. partyId is null ? Array.Empty<Claim>() : [new Claim(Roles.PartyClaim, partyId)],
        ];
        var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.SetUser(new ClaimsPrincipal(new ClaimsIdentity(claims, AuthenticationType, ClaimTypes.Name, ClaimTypes.Role)));
        return scope;
    }

    /// <summary>Sets the scope's authentication state, as the Blazor endpoint does for a page it renders.</summary>
    internal static void SetUser(this IServiceProvider scope, ClaimsPrincipal principal) =>
        ((IHostEnvironmentAuthenticationStateProvider)scope.GetRequiredService<AuthenticationStateProvider>())
            .SetAuthenticationState(Task.FromResult(new AuthenticationState(principal)));
}

/// <summary>Endpoints outside Blazor (the evidence download) see the request's user through <see cref="CurrentUser"/>.</summary>
public static class HttpUser
{
    public static RouteHandlerBuilder UseHttpUser(this RouteHandlerBuilder endpoint) => endpoint.AddEndpointFilter((context, next) =>
    {
        context.HttpContext.RequestServices.SetUser(context.HttpContext.User);
        return next(context);
    });
}
