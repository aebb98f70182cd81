using Microsoft.AspNetCore.DataProtection;

namespace EmrAuth.Web.Infrastructure;

/// <summary>
/// Everything the portal keeps lives in one data folder: the SQLite database and the Data Protection keys that seal
/// private scalars, B_P, record text and transcripts, and the audit chain's anchor. Losing the keys makes the sealed
/// data unreadable.
/// </summary>
public static class PortalStorage
{
    public static string ConnectionString(string dataDirectory) => $"Data Source={Path.Combine(dataDirectory, "emrauth.db")}";

    /// <summary>The database (with the audit chain writer), Data Protection, the sealer, the audit log and anchor, and the clock.</summary>
    public static IServiceCollection AddPortalStorage(this IServiceCollection services, string dataDirectory, TimeProvider clock)
    {
        services.AddDbContextFactory<EmrAuthDbContext>((s, options) =>
            DatabaseOptions.Configure(options, ConnectionString(dataDirectory), s.GetRequiredService<AuditChainWriter>()));
        services.AddDataProtection()
            .SetApplicationName("EmrAuth")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(dataDirectory, "keys")));
        services.AddSingleton(clock);
        services.AddSingleton<SecretSealer>();
        services.AddSingleton<AuditLog>();
        services.AddSingleton(s => new AuditAnchor(s.GetRequiredService<IDataProtectionProvider>(), Path.Combine(dataDirectory, "audit-head")));
        services.AddSingleton<AuditChainWriter>();
        return services;
    }
}
