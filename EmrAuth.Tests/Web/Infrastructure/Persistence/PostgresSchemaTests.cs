using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace EmrAuth.Tests.Web.Infrastructure.Persistence;

/// <summary>
/// PostgreSQL has its own migrations (<c>Migrations/Postgres</c>, bound to <see cref="PostgresEmrAuthDbContext"/>):
/// they keep up with the model as SQLite's do, the two sets never mix, and they build a working schema on a real
/// server (a fresh database on the one <c>./test.sh</c> starts).
/// </summary>
public sealed class PostgresSchemaTests
{
    private const string PostgresInitialSchemaId = "20261205151328_PgInitialSchema";

    [Fact]
    public void Every_model_change_has_a_PostgreSQL_migration()
    {
        using var db = new PostgresDesignTimeDbContextFactory().CreateDbContext([]);

        Assert.Contains(PostgresInitialSchemaId, db.Database.GetMigrations());
        Assert.NotNull(db.GetService<IMigrationsAssembly>().ModelSnapshot);
        Assert.False(db.Database.HasPendingModelChanges(),
            "The model changed since the last PostgreSQL migration: run `dotnet ef migrations add <Name> --project EmrAuth.Web "
            + "--context PostgresEmrAuthDbContext --output-dir Infrastructure/Persistence/Migrations/Postgres` (docs/postgresql.md).");
    }

    [Fact]
    public void Each_provider_sees_only_its_own_migrations()
    {
        using var postgres = new PostgresDesignTimeDbContextFactory().CreateDbContext([]);
        using var sqlite = new DesignTimeDbContextFactory().CreateDbContext(["Data Source=:memory:"]);

        var postgresIds = postgres.Database.GetMigrations().ToList();
        var sqliteIds = sqlite.Database.GetMigrations().ToList();

        Assert.NotEmpty(postgresIds);
        Assert.NotEmpty(sqliteIds);
        Assert.Empty(postgresIds.Intersect(sqliteIds));
        Assert.Equal("Npgsql.EntityFrameworkCore.PostgreSQL", postgres.Database.ProviderName);
    }

    [Fact]
    public void The_portal_on_PostgreSQL_needs_a_connection_string_and_hands_out_PostgreSQL_contexts()
    {
        var refused = Assert.Throws<InvalidOperationException>(() =>
            new ServiceCollection().AddPortalStorage(Path.GetTempPath(), TimeProvider.System, StorageProvider.Postgres));
        Assert.Contains("ConnectionStrings:EmrAuth", refused.Message, StringComparison.Ordinal);

        // Creating a context opens no connection, so no server is needed here.
        var folder = Directory.CreateTempSubdirectory("emrauth-pg-storage-").FullName;
        using var services = new ServiceCollection().AddLogging()
            .AddPortalStorage(folder, TimeProvider.System, StorageProvider.Postgres, "Host=127.0.0.1;Username=emrauth;Database=unused")
            .BuildServiceProvider();
        using var db = services.GetRequiredService<IDbContextFactory<EmrAuthDbContext>>().CreateDbContext();
        Assert.IsType<PostgresEmrAuthDbContext>(db);
        Assert.Equal("Npgsql.EntityFrameworkCore.PostgreSQL", db.Database.ProviderName);
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task Migrating_an_empty_database_applies_every_migration_and_a_second_run_changes_nothing()
    {
        await using var database = await PostgresTestDatabase.CreateAsync();
        var builder = new DbContextOptionsBuilder<PostgresEmrAuthDbContext>();
        DatabaseOptions.Configure(builder, StorageProvider.Postgres, database.ConnectionString);

        await using (var db = new PostgresEmrAuthDbContext(builder.Options))
        {
            await db.Database.MigrateAsync();
            Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
        }
        await using (var again = new PostgresEmrAuthDbContext(builder.Options))
        {
            await again.Database.MigrateAsync();
            Assert.Empty(await again.Database.GetPendingMigrationsAsync());
        }

        // Binary columns are bytea, not text: sealed secrets round-trip byte for byte.
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT data_type FROM information_schema.columns WHERE table_name = 'AuditEntries' AND column_name = 'Hash'", connection);
        Assert.Equal("bytea", await command.ExecuteScalarAsync());
    }
}
