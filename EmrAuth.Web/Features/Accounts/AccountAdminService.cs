using Microsoft.EntityFrameworkCore;

namespace EmrAuth.Web.Features.Accounts;

/// <summary>One account as the cloud administrator's account list shows it.</summary>
public sealed record AccountRow(int Id, string UserName, string DisplayName, string Role, string? PartyId, DateTimeOffset CreatedAt,
    DateTimeOffset? DisabledAt, int OpenCircuits);

/// <summary>
/// The cloud administrator disables and enables accounts and changes an account's role (issue 11, finding 6). Each
/// change gives the account a new security stamp, so its sessions are refused from their next service call, and ends
/// its open circuits at once; each is audited with its reason. An administrator cannot disable or demote themself,
/// so a deployment always keeps the administrator who made the change.
/// </summary>
public sealed class AccountAdminService(IDbContextFactory<EmrAuthDbContext> dbFactory, CurrentUser currentUser, AuditLog audit,
    OpenCircuits circuits, TimeProvider clock)
{
    public const int MaxReasonLength = 200;

    public async Task<IReadOnlyList<AccountRow>> AccountsAsync()
    {
        await currentUser.RequireAsync("List accounts", "accounts", Roles.CloudAdmin);
        await using var db = await dbFactory.CreateDbContextAsync();
        var accounts = await db.Accounts.AsNoTracking().OrderBy(a => a.UserName).ToListAsync();
        return accounts.Select(a => new AccountRow(a.Id, a.UserName, a.DisplayName, a.Role, a.PartyId, a.CreatedAt, a.DisabledAt, circuits.CountFor(a.Id)))
            .ToList();
    }

    /// <summary>Disables (<paramref name="disabled"/>) or enables the account.</summary>
    public async Task SetDisabledAsync(int accountId, bool disabled, string reason)
    {
        var action = disabled ? "Disable account" : "Enable account";
        var admin = await currentUser.RequireAsync(action, $"account {accountId}", Roles.CloudAdmin);
        var why = PortalValidation.Text("reason", reason, MaxReasonLength);
        await ChangeAsync(admin, action, accountId, why, account =>
        {
            if (disabled == account.DisabledAt is not null)
            {
                throw new PortalValidationException("account", disabled ? "This account is already disabled." : "This account is not disabled.");
            }
            account.DisabledAt = disabled ? clock.GetUtcNow() : null;
            return disabled ? "disabled" : "enabled";
        });
    }

    /// <summary>Gives the account another role (the party it acts for stays).</summary>
    public async Task ChangeRoleAsync(int accountId, string role, string reason)
    {
        var admin = await currentUser.RequireAsync("Change role", $"account {accountId}", Roles.CloudAdmin);
        var why = PortalValidation.Text("reason", reason, MaxReasonLength);
        if (!Roles.All.Contains(role, StringComparer.Ordinal))
        {
            throw new PortalValidationException("role", $"The role must be one of {string.Join(", ", Roles.All)}.");
        }
        await ChangeAsync(admin, "Change role", accountId, why, account =>
        {
            if (account.Role == role)
            {
                throw new PortalValidationException("role", "The account already has this role.");
            }
            var from = account.Role;
            account.Role = role;
            return $"role {from} → {role}";
        });
    }

    private async Task ChangeAsync(SignedInUser admin, string action, int accountId, string why, Func<Account, string> change)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var account = await db.Accounts.SingleOrDefaultAsync(a => a.Id == accountId)
            ?? throw new PortalValidationException("account", "There is no such account.");
        if (account.Id == admin.AccountId)
        {
            throw new PortalValidationException("account", "You cannot disable your own account or change your own role.");
        }
        var outcome = change(account);
        account.SecurityStamp = Account.NewSecurityStamp();
        audit.Add(db, admin.UserName, action, $"account {account.UserName}", $"{outcome}: {why}", account.Role == Roles.Patient ? account.PartyId : null);
        await db.SaveChangesAsync();
        circuits.EndAccount(account.Id);
    }
}
