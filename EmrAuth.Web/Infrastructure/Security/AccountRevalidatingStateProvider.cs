using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.EntityFrameworkCore;

namespace EmrAuth.Web.Infrastructure.Security;

/// <summary>
/// In a running circuit (which outlives the request that authenticated it), re-checks the account every few
/// minutes: if it was deleted, or its role, party or user name changed, the circuit's user becomes anonymous and
/// <see cref="CurrentUser"/> and AuthorizeView deny from then on.
/// </summary>
internal sealed class AccountRevalidatingStateProvider(
    ILoggerFactory loggerFactory, IDbContextFactory<EmrAuthDbContext> dbFactory, SessionRegistry sessions)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(2);

    protected override async Task<bool> ValidateAuthenticationStateAsync(
        AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        if (authenticationState.User.ToSignedInUser() is not { } user || !sessions.IsValid(authenticationState.User))
        {
            return false;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var current = await db.Accounts.AsNoTracking()
            .Where(a => a.Id == user.AccountId)
            .Select(a => new { a.UserName, a.Role, a.PartyId })
            .SingleOrDefaultAsync(cancellationToken);
        return current is not null
            && current.UserName == user.UserName
            && current.Role == user.Role
            && (current.PartyId ?? "") == (user.PartyId ?? "");
    }
}
