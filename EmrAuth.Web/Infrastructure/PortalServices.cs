using Microsoft.Extensions.DependencyInjection.Extensions;

namespace EmrAuth.Web.Infrastructure;

public static class PortalServices
{
    /// <summary>
    /// The protocol parties and the services over them. What holds the deployment's state is a singleton; what acts
    /// for a user is scoped, so it sees that user's <see cref="CurrentUser"/> (in a circuit, for the circuit's life).
    /// Needs the database, Data Protection, the clock and the audit chain registered first.
    /// </summary>
    public static IServiceCollection AddPortalServices(this IServiceCollection services)
    {
        services.AddOptions<ProtocolSettings>();
        services.AddSingleton<VisitHub>();
        services.AddSingleton<ProtocolHost>();
        services.AddSingleton<MigrationHost>();
        services.AddSingleton<DeploymentTrust>();
        services.AddSingleton<OpenVisits>();
        services.AddScoped<CurrentUser>();
        services.AddScoped<AuditTrail>();
        services.AddScoped<RegistrationService>();
        services.AddScoped<RecordService>();
        services.AddScoped<AdmissionService>();
        services.AddScoped<DelegationService>();
        services.AddScoped<VisitService>();
        services.AddScoped<ConsentService>();
        services.AddScoped<GrantSearchService>();
        services.AddScoped<MigrationService>();
        services.AddScoped<MigrationQueries>();
        services.AddScoped<VisitQueries>();
        services.AddScoped<EvidenceExport>();
        services.AddSingleton<FhirValidator>();
        services.AddScoped<FhirExport>();
        services.AddScoped<FhirImport>();
        services.AddScoped<RegistryQueries>();
        services.AddScoped<SignUpService>();
        services.AddScoped<AttackLabService>();
        services.AddSingleton<DemoSeeder>();
        services.AddSingleton<IDemoAccounts>(s => s.GetRequiredService<DemoSeeder>());
        services.AddSingleton<PortalInitializer>();
        // secweb: demo seeding is opt-in (DemoOptions.Seed); otherwise the first administrator comes from /setup.
        services.AddOptions<DemoOptions>();
        services.AddOptions<SetupOptions>();
        services.AddSingleton<FirstAdminSetup>();
        // secweb: every service call re-checks the session's account (AccountAccess); OpenCircuits ends circuits at once.
        services.TryAddSingleton<SessionRegistry>();
        services.AddSingleton<AccountAccess>();
        services.AddSingleton<OpenCircuits>();
        services.AddScoped<AccountAdminService>();
        // secweb (finding 5): sign-up limits and release of unfinished registrations.
        services.AddOptions<SignUpOptions>();
        services.AddSingleton<SignUpLimiter>();
        services.AddScoped<ClientAddress>();
        return services;
    }
}
