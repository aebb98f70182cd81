using System.Security.Claims;
using EmrAuth.Domain.Phases;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;

namespace EmrAuth.Web.Infrastructure;

/// <summary>
/// The portal's service graph as Program.cs wires it, without the web front (pages, cookies, HTTP): for the service
/// tests and the throughput benchmark, which act as signed-in accounts through <see cref="ScopeFor"/>.
/// </summary>
public static class HeadlessPortal
{
    /// <summary>
    /// The services over <paramref name="dataDirectory"/> in the deployment profile <paramref name="deployment"/> (the
    /// configuration's "Protocol:Profile"), on the database <paramref name="provider"/> ("Storage:Provider") at
    /// <paramref name="connectionString"/>; the caller starts them with <see cref="PortalInitializer"/>.
    /// </summary>
    public static ServiceProvider Build(string dataDirectory, TimeProvider clock, ProtocolProfile deployment = ProtocolProfile.Hardened,
        StorageProvider provider = StorageProvider.Sqlite, string? connectionString = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddPortalStorage(dataDirectory, clock, provider, connectionString);
        services.AddPortalServices();
        // The service tests and the benchmark act in the demo world.
        services.Configure<DemoOptions>(o => o.Seed = true);
        // They sign up many parties from one process; a test of the limits sets its own.
        services.Configure<SignUpOptions>(o => (o.PerAddressPerHour, o.OverallPerHour) = (int.MaxValue, int.MaxValue));
        services.Configure<ProtocolSettings>(settings => settings.Profile = deployment);
        // What AddEmrAuthSecurity registers for the services (the rest is HTTP pipeline: cookies, antiforgery, limits).
        services.AddSingleton<IPasswordHasher<Account>, PasswordHasher<Account>>();
        services.AddSingleton<AccountService>();
        // A circuit's provider without the revalidation loop: each scope's user is fixed.
        services.AddScoped<AuthenticationStateProvider, ServerAuthenticationStateProvider>();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    /// <summary>A scope whose services act as <paramref name="user"/>, as a circuit's do once that account signed in.</summary>
    public static AsyncServiceScope ScopeFor(IServiceProvider services, ClaimsPrincipal user)
    {
        var scope = services.CreateAsyncScope();
        scope.ServiceProvider.SetUser(user);
        return scope;
    }
}
