using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace EmrAuth.Web.Infrastructure.Persistence;

/// <summary>How the application (and the schema tests) configure <see cref="EmrAuthDbContext"/>.</summary>
/// <remarks>
/// The schema comes only from the migrations in <c>Infrastructure/Persistence/Migrations</c>, applied by
/// <c>Database.Migrate()</c> / <c>MigrateAsync()</c> at startup; never call <c>EnsureCreated()</c> on a real database,
/// as it writes no migration history. The first three were written by hand before the EF tooling was available and
/// stay as they are: they are the history every existing database has applied. Later ones, and the model snapshot,
/// come from <c>dotnet ef migrations add &lt;Name&gt; --project EmrAuth.Web</c> (the tool builds the context through
/// <see cref="DesignTimeDbContextFactory"/>).
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
    public static void Configure(DbContextOptionsBuilder builder, string connectionString, params IInterceptor[] interceptors)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        builder
            .UseSqlite(connectionString)
            .AddInterceptors(interceptors)
            .ConfigureWarnings(w => w.Throw(RelationalEventId.PendingModelChangesWarning));
    }
}
