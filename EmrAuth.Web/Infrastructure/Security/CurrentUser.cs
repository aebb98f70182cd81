using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;

namespace EmrAuth.Web.Infrastructure.Security;

/// <summary>The signed-in account, as read from its claims. <see cref="IsSystem"/>: start-up work, never a person.</summary>
public sealed record SignedInUser(int AccountId, string UserName, string Role, string? PartyId, string DisplayName, bool IsSystem = false);

/// <summary>A service refused an operation: the caller is not signed in, lacks the role, or may not act on the object.</summary>
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
            user.FindFirstValue(ClaimTypes.GivenName) ?? name, user.Identity.AuthenticationType == SystemActor.AuthenticationType);
    }

    /// <summary>The party (patient, doctor or hospital id) the account acts for, if any.</summary>
    public static string? PartyId(this ClaimsPrincipal user) => user.FindFirstValue(Roles.PartyClaim);
}

/// <summary>
/// The only source of "who acts" for the services. Scoped: in a circuit it reads the circuit's (revalidated)
/// authentication state, in an HTTP endpoint the request's user (see <see cref="HttpUser.UseHttpUser"/>), at start-up
/// the <see cref="SystemActor"/>. Every refusal is audited in its own context, so it survives the refused operation.
/// </summary>
public sealed class CurrentUser(AuthenticationStateProvider authenticationState, IDbContextFactory<EmrAuthDbContext> dbFactory, AuditLog audit,
    AccountAccess access)
{
    public const string Anonymous = "anonymous";

    /// <summary>The signed-in account, or null.</summary>
    public async Task<SignedInUser?> GetAsync()
    {
        var state = await authenticationState.GetAuthenticationStateAsync();
        return state.User.ToSignedInUser();
    }

    /// <summary>The account if it has one of <paramref name="roles"/>; otherwise the attempt at <paramref name="action"/> on <paramref name="subject"/> is refused.</summary>
    public async Task<SignedInUser> RequireAsync(string action, string subject, params string[] roles)
    {
        var principal = (await authenticationState.GetAuthenticationStateAsync()).User;
        var user = principal.ToSignedInUser();
        if (user is null)
        {
            throw await RefuseAsync(null, action, subject, "not signed in", "You are not signed in. Please sign in again.");
        }
        // Checked at every call, not every few minutes: a disabled account, a changed role, a revoked doctor or a
        // signed-out session is refused from the next click on.
        if (!user.IsSystem && await access.RefusalAsync(principal, user) is { } ended)
        {
            throw await RefuseAsync(user, action, subject, ended, AccountAccess.SessionEndedMessage);
        }
        return roles.Contains(user.Role, StringComparer.Ordinal)
            ? user
            : throw await RefuseAsync(user, action, subject, $"the {user.Role} role may not do this", "Your account is not allowed to do this.");
    }

    /// <summary>As <see cref="RequireAsync"/>, and the account must act for a party (patient, doctor or hospital id).</summary>
    public async Task<(SignedInUser User, string PartyId)> RequirePartyAsync(string action, string subject, params string[] roles)
    {
        var user = await RequireAsync(action, subject, roles);
        return user.PartyId is { Length: > 0 } party
            ? (user, party)
            : throw await RefuseAsync(user, action, subject, "the account acts for no party", "Your account is not linked to a patient, doctor or hospital.");
    }

    /// <summary>Start-up work (recovery after a stop): only the <see cref="SystemActor"/> may run it.</summary>
    public async Task<SignedInUser> RequireSystemAsync(string action, string subject)
    {
        var user = await GetAsync();
        return user is { IsSystem: true }
            ? user
            : throw await RefuseAsync(user, action, subject, "only the portal's start-up runs this", "Only the portal itself does this, when it starts.");
    }

    /// <summary>
    /// Audits a refused attempt (who, what, which object, why; for the patient's access log when the object concerns a
    /// patient) and returns the exception for the caller to throw, with <paramref name="message"/> for the person.
    /// </summary>
    public async Task<AccessDeniedException> RefuseAsync(SignedInUser? user, string action, string subject, string why, string message, string? patientId = null)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        audit.Add(db, user?.UserName ?? Anonymous, action, subject, $"Refused: {why}", patientId);
        await db.SaveChangesAsync();
        return new AccessDeniedException(message);
    }
}
