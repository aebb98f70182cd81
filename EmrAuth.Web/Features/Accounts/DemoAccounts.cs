namespace EmrAuth.Web.Features.Accounts;

/// <summary>A seeded account the login page lists in Development so people can try each role.</summary>
public sealed record DemoAccount(string UserName, string Password, string Role, string Description);

/// <summary>The demo accounts of this deployment; the seeder provides them. Shown on the login page in Development only.</summary>
public interface IDemoAccounts
{
    IReadOnlyList<DemoAccount> Accounts { get; }
}

/// <summary>The default when no seeder registered its own <see cref="IDemoAccounts"/>: no demo accounts.</summary>
internal sealed class NoDemoAccounts : IDemoAccounts
{
    public IReadOnlyList<DemoAccount> Accounts => [];
}
