using System.Security.Cryptography.X509Certificates;
using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.DataProtection;

namespace EmrAuth.Web.Infrastructure;

/// <summary>
/// Everything the portal keeps lives in one data folder: the SQLite database and the Data Protection keys that seal
/// private scalars, B_P, record text and transcripts, and the audit chain's anchor. Losing the keys makes the sealed
/// data unreadable. With "Storage:Provider" = Postgres the database is on a PostgreSQL server instead
/// ("ConnectionStrings:EmrAuth") and so is the key ring, which every instance on that database shares; the anchor
/// stays in the data folder, which those instances share (docs/deployment.md#audit-chain-with-several-instances).
/// </summary>
public static class PortalStorage
{
    /// <summary>
    /// The certificate (PKCS#12 file "Storage:KeyCertificate", password "Storage:KeyCertificatePassword") that encrypts
    /// the key ring at rest; null when none is configured (the keys are then stored as Data Protection writes them: in
    /// the clear on Linux, docs/postgresql.md#several-instances).
    /// </summary>
    public static X509Certificate2? KeyCertificate(IConfiguration configuration) =>
        configuration["Storage:KeyCertificate"] is { Length: > 0 } path
            ? X509CertificateLoader.LoadPkcs12FromFile(path, configuration["Storage:KeyCertificatePassword"])
            : null;

    public static string ConnectionString(string dataDirectory) => $"Data Source={Path.Combine(dataDirectory, "emrauth.db")}";

    /// <summary>The database (with the audit chain writer), Data Protection, the sealer, the audit log and anchor, and the clock.</summary>
    /// <param name="provider">The database engine; SQLite needs no <paramref name="connectionString"/> (the file in the data folder).</param>
    /// <param name="keyProtection">When given ("Storage:KeyCertificate"), the key ring's keys are stored encrypted to this certificate.</param>
    public static IServiceCollection AddPortalStorage(this IServiceCollection services, string dataDirectory, TimeProvider clock,
        StorageProvider provider = StorageProvider.Sqlite, string? connectionString = null, X509Certificate2? keyProtection = null)
    {
        var dataProtection = services.AddDataProtection().SetApplicationName("EmrAuth");
        if (provider == StorageProvider.Postgres)
        {
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                throw new InvalidOperationException("Storage:Provider = Postgres needs ConnectionStrings:EmrAuth (e.g. Host=127.0.0.1;Port=5432;Username=emrauth;Database=emrauth).");
            }
            services.AddDbContextFactory<PostgresEmrAuthDbContext>((s, options) =>
                DatabaseOptions.Configure(options, provider, connectionString, s.GetRequiredService<AuditChainWriter>()));
            services.AddSingleton<IDbContextFactory<EmrAuthDbContext>, PostgresEmrAuthDbContext.Factory>();
            // One key ring for every instance: what one seals another unseals, and a cookie one signs another accepts.
            dataProtection.PersistKeysToDbContext<PostgresEmrAuthDbContext>();
            services.AddSingleton(new InstanceLinks(connectionString));
        }
        else
        {
            var sqlite = string.IsNullOrWhiteSpace(connectionString) ? ConnectionString(dataDirectory) : connectionString;
            services.AddDbContextFactory<EmrAuthDbContext>((s, options) =>
                DatabaseOptions.Configure(options, sqlite, s.GetRequiredService<AuditChainWriter>()));
            dataProtection.PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(dataDirectory, "keys")));
            services.AddSingleton(new InstanceLinks(null));
        }
        if (keyProtection is not null)
        {
            dataProtection.ProtectKeysWithCertificate(keyProtection);
        }
        services.AddSingleton(clock);
        services.AddSingleton<SecretSealer>();
        services.AddSingleton<AuditLog>();
        services.AddSingleton(s => new AuditAnchor(s.GetRequiredService<IDataProtectionProvider>(), Path.Combine(dataDirectory, "audit-head")));
        services.AddSingleton<AuditChainWriter>();
        return services;
    }
}
