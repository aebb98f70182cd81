using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace EmrAuth.Web.Infrastructure.Persistence;

/// <summary>Where the portal keeps its database ("Storage:Provider"): an embedded SQLite file (the default) or a PostgreSQL server.</summary>
public enum StorageProvider
{
    Sqlite,
    Postgres,
}

/// <summary>How the application (and the schema tests) configure <see cref="EmrAuthDbContext"/>.</summary>
/// <remarks>
/// The schema comes only from the migrations, applied by <c>Database.Migrate()</c> / <c>MigrateAsync()</c> at startup;
/// never call <c>EnsureCreated()</c> on a real database, as it writes no migration history. Each provider has its own:
/// SQLite's in <c>Infrastructure/Persistence/Migrations</c> (bound to <see cref="EmrAuthDbContext"/>), PostgreSQL's in
/// <c>Infrastructure/Persistence/Migrations/Postgres</c> (bound to <see cref="PostgresEmrAuthDbContext"/>).
/// The first three SQLite ones were written by hand before the EF tooling was available and stay as they are: they
/// are the history every existing database has applied. Later ones, and the model snapshots, come from
/// <c>dotnet ef migrations add &lt;Name&gt; --project EmrAuth.Web --context &lt;Context&gt;</c> (the tool builds the
/// contexts through <see cref="DesignTimeDbContextFactory"/>); docs/postgresql.md gives both commands.
/// <c>PendingModelChangesWarning</c> is kept an error (EF Core's default, stated here so nobody silences it): with
/// the model snapshot, <c>Migrate()</c> refuses to run when the model has changed without a migration, rather than
/// leaving a schema that does not match the code.
/// </remarks>
public static class DatabaseOptions
{
    /// <summary>
    /// Uses SQLite at <paramref name="connectionString"/> (e.g. <c>Data Source=emrauth.db</c>). The application passes
    /// its AuditChainWriter, which chains every audit row as it is saved.
    /// </summary>
    public static void Configure(DbContextOptionsBuilder builder, string connectionString, params IInterceptor[] interceptors) =>
        Configure(builder, StorageProvider.Sqlite, connectionString, interceptors);

    /// <summary>
    /// Uses <paramref name="provider"/> at <paramref name="connectionString"/> (for PostgreSQL e.g.
    /// <c>Host=127.0.0.1;Port=5432;Username=emrauth;Database=emrauth</c>).
    /// </summary>
    public static void Configure(DbContextOptionsBuilder builder, StorageProvider provider, string connectionString, params IInterceptor[] interceptors)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        _ = provider switch
        {
            StorageProvider.Sqlite => builder.UseSqlite(connectionString),
            StorageProvider.Postgres => builder.UseNpgsql(connectionString),
            _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "Storage:Provider is Sqlite or Postgres."),
        };
        builder
            .AddInterceptors(interceptors)
            .ConfigureWarnings(w => w.Throw(RelationalEventId.PendingModelChangesWarning));
    }
}
