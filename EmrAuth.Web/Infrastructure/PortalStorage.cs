using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.DataProtection;

namespace EmrAuth.Web.Infrastructure;

/// <summary>
/// Everything the portal keeps lives in one data folder: the SQLite database and the Data Protection keys that seal
/// private scalars, B_P, record text and transcripts, and the audit chain's anchor. Losing the keys makes the sealed
/// data unreadable. With "Storage:Provider" = Postgres the database is on a PostgreSQL server instead
/// ("ConnectionStrings:EmrAuth"); the keys and the anchor stay in the data folder.
/// </summary>
public static class PortalStorage
{
    public static string ConnectionString(string dataDirectory) => $"Data Source={Path.Combine(dataDirectory, "emrauth.db")}";

    /// <summary>The database (with the audit chain writer), Data Protection, the sealer, the audit log and anchor, and the clock.</summary>
    /// <param name="provider">The database engine; SQLite needs no <paramref name="connectionString"/> (the file in the data folder).</param>
    public static IServiceCollection AddPortalStorage(this IServiceCollection services, string dataDirectory, TimeProvider clock,
        StorageProvider provider = StorageProvider.Sqlite, string? connectionString = null)
    {
        if (provider == StorageProvider.Postgres)
        {
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                throw new InvalidOperationException("Storage:Provider = Postgres needs ConnectionStrings:EmrAuth (e.g. Host=127.0.0.1;Port=5432;Username=emrauth;Database=emrauth).");
            }
            services.AddDbContextFactory<PostgresEmrAuthDbContext>((s, options) =>
                DatabaseOptions.Configure(options, provider, connectionString, s.GetRequiredService<AuditChainWriter>()));
            services.AddSingleton<IDbContextFactory<EmrAuthDbContext>, PostgresEmrAuthDbContext.Factory>();
        }
        else
        {
            var sqlite = string.IsNullOrWhiteSpace(connectionString) ? ConnectionString(dataDirectory) : connectionString;
            services.AddDbContextFactory<EmrAuthDbContext>((s, options) =>
                DatabaseOptions.Configure(options, sqlite, s.GetRequiredService<AuditChainWriter>()));
        }
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
