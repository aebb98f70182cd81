using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;

namespace EmrAuth.Web.Infrastructure.Security;

/// <summary>
/// In a running circuit (which outlives the request that authenticated it), re-checks the account every few
/// minutes with <see cref="AccountAccess"/>; <see cref="OpenCircuits"/> ends a circuit at once (<see cref="EndSession"/>)
/// when its account is disabled, changed or signed out. The circuit's user then becomes anonymous, AuthorizeRouteView
/// sends the page to sign in (a full load, which closes the circuit) and <see cref="CurrentUser"/> denies.
/// </summary>
internal sealed class AccountRevalidatingStateProvider(ILoggerFactory loggerFactory, AccountAccess access)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(2);

    /// <summary>Makes this circuit's user anonymous now.</summary>
    public void EndSession() =>
        SetAuthenticationState(Task.FromResult(new AuthenticationState(new ClaimsPrincipal(new ClaimsIdentity()))));

    protected override async Task<bool> ValidateAuthenticationStateAsync(
        AuthenticationState authenticationState, CancellationToken cancellationToken) =>
        authenticationState.User.ToSignedInUser() is { } user
        && await access.RefusalAsync(authenticationState.User, user, cancellationToken) is null;
}
