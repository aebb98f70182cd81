using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;

namespace EmrAuth.Web.Infrastructure.Security;

/// <summary>The signed-in account, as read from its claims.</summary>
public sealed record SignedInUser(int AccountId, string UserName, string Role, string? PartyId, string DisplayName);

/// <summary>A server action was attempted by someone who is not signed in or lacks the role.</summary>
public sealed class AccessDeniedException(string message) : UnauthorizedAccessException(message);

public static class ClaimsPrincipalExtensions
{
    /// <summary>The signed-in account, or null for an anonymous or malformed principal.</summary>
    public static SignedInUser? ToSignedInUser(this ClaimsPrincipal? user)
    {
        if (user?.Identity?.IsAuthenticated != true
            || !int.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            || user.FindFirstValue(ClaimTypes.Name) is not { } name
            || user.FindFirstValue(ClaimTypes.Role) is not { } role)
        {
            return null;
        }

        return new SignedInUser(id, name, role, user.FindFirstValue(Roles.PartyClaim),
            user.FindFirstValue(ClaimTypes.GivenName) ?? name);
    }

    /// <summary>The party (patient, doctor or hospital id) the account acts for, if any.</summary>
    public static string? PartyId(this ClaimsPrincipal user) => user.FindFirstValue(Roles.PartyClaim);
}

/// <summary>
/// Deny-by-default check for server actions (button handlers, service calls from interactive components), which
/// the endpoint authorization of the page does not cover once a circuit is running. Scoped: in a circuit it reads
/// the circuit's (revalidated) authentication state, in a static render the request's user.
/// </summary>
public sealed class CurrentUser(AuthenticationStateProvider authenticationState)
{
    /// <summary>The signed-in account, or null.</summary>
    public async Task<SignedInUser?> GetAsync()
    {
        var state = await authenticationState.GetAuthenticationStateAsync();
        return state.User.ToSignedInUser();
    }

    /// <summary>The signed-in account if it has one of <paramref name="roles"/>; otherwise throws <see cref="AccessDeniedException"/>.</summary>
    public async Task<SignedInUser> RequireAsync(params string[] roles)
    {
        if (roles.Length == 0)
        {
            throw new ArgumentException("Name at least one role.", nameof(roles));
        }

        var user = await GetAsync() ?? throw new AccessDeniedException("You are not signed in.");
        if (!roles.Contains(user.Role, StringComparer.Ordinal))
        {
            throw new AccessDeniedException("Your account is not allowed to do this.");
        }

        return user;
    }

    /// <summary>As <see cref="RequireAsync"/>, and the account must act for a party (patient, doctor or hospital id).</summary>
    public async Task<(SignedInUser User, string PartyId)> RequirePartyAsync(params string[] roles)
    {
        var user = await RequireAsync(roles);
        return user.PartyId is { Length: > 0 } party
            ? (user, party)
            : throw new AccessDeniedException("Your account is not linked to a patient, doctor or hospital.");
    }
}
