using System.Security.Claims;
using Microsoft.EntityFrameworkCore;

namespace EmrAuth.Web.Infrastructure.Security;

/// <summary>
/// Whether a signed-in session may still act: its account exists, is enabled, has the role, party and security stamp
/// the session was issued with, the session was not signed out, and a doctor still holds a certificate that is not
/// revoked (a doctor whose every Cert_D was revoked loses access to records at once, past visits included).
/// </summary>
public sealed class AccountAccess(IDbContextFactory<EmrAuthDbContext> dbFactory, SessionRegistry sessions)
{
    public const string SessionEndedMessage =
        "Your session has ended: the account was disabled, changed or signed out. Please sign in again.";

    /// <summary>Why <paramref name="user"/> may no longer act (for the audit), or null when it may.</summary>
    public async Task<string?> RefusalAsync(ClaimsPrincipal principal, SignedInUser user, CancellationToken cancellationToken = default)
    {
        // Sessions from the sign-in endpoint carry a session claim; principals built in-process for tests do not.
        if (principal.FindFirstValue(SessionRegistry.SessionClaim) is not null && !sessions.IsValid(principal))
        {
            return "the session was signed out or expired";
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var account = await db.Accounts.AsNoTracking()
            .Where(a => a.Id == user.AccountId)
            .Select(a => new { a.UserName, a.Role, a.PartyId, a.DisabledAt, a.SecurityStamp })
            .SingleOrDefaultAsync(cancellationToken);
        if (account is null || account.UserName != user.UserName)
        {
            return "the account no longer exists";
        }
        if (account.DisabledAt is not null)
        {
            return "the account is disabled";
        }
        if (account.Role != user.Role || (account.PartyId ?? "") != (user.PartyId ?? "")
            || account.SecurityStamp != (principal.FindFirstValue(AccountService.SecurityStampClaim) ?? ""))
        {
            return "the account changed since the session began";
        }
        return account.Role == Roles.Doctor && account.PartyId is { } doctorId && await IsRevokedAsync(db, doctorId, cancellationToken)
            ? "the doctor's certificate is revoked"
            : null;
    }

    /// <summary>True when the doctor account's every Cert_D is revoked.</summary>
    public async Task<bool> DoctorRevokedAsync(int accountId)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var doctorId = await db.Accounts.Where(a => a.Id == accountId && a.Role == Roles.Doctor).Select(a => a.PartyId).SingleOrDefaultAsync();
        return doctorId is not null && await IsRevokedAsync(db, doctorId, CancellationToken.None);
    }

    private static async Task<bool> IsRevokedAsync(EmrAuthDbContext db, string doctorId, CancellationToken cancellationToken)
    {
        var certificates = await db.Certificates.AsNoTracking().Where(c => c.DoctorId == doctorId)
            .Select(c => c.RevokedAt).ToListAsync(cancellationToken);
        return certificates.Count > 0 && certificates.All(revoked => revoked is not null);
    }
}
