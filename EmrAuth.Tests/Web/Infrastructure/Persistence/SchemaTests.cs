using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;

namespace EmrAuth.Tests.Web.Infrastructure.Persistence;

/// <summary>
/// The migrations in <c>EmrAuth.Web/Infrastructure/Persistence/Migrations</c> build exactly the schema the model
/// describes, on real SQLite files in a temporary folder (removed afterwards).
/// </summary>
/// <remarks>
/// These tests keep model and migrations together. If someone adds, removes or changes an entity property, key, index
/// or relationship without <c>dotnet ef migrations add</c>, <see cref="Every_model_change_has_a_migration"/> fails (the
/// check <c>dotnet ef migrations has-pending-model-changes</c> makes, on the context the tool builds),
/// <see cref="Migrated_schema_equals_the_schema_the_model_creates"/> fails (Migrate() refuses with
/// PendingModelChangesWarning, and the migrated tables lack what <c>GenerateCreateScript()</c> now has), and
/// <see cref="Migrations_declare_every_column_as_the_model_maps_it"/> fails (it also sees max lengths, which SQLite
/// ignores). <see cref="A_model_change_without_a_migration_is_caught"/> shows that on a model with one extra column.
/// </remarks>
public sealed class SchemaTests : IDisposable
{
    private const string InitialSchemaId = "20261121120000_InitialSchema";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "emrauth-schema-" + Guid.NewGuid().ToString("N"));

    public SchemaTests() => Directory.CreateDirectory(_folder);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public void Migrated_schema_equals_the_schema_the_model_creates()
    {
        var migrated = ConnectionString("migrated.db");
        using (var db = Open(migrated))
        {
            db.Database.Migrate();
        }
        var created = CreateFromModelScript("created.db");

        var expected = SqliteSchema.Read(created);
        var actual = SqliteSchema.Read(migrated);

        using (var db = Open(created))
        {
            Assert.Equal(
                db.Model.GetEntityTypes().Select(e => e.GetTableName()!).Order(StringComparer.Ordinal),
                expected.Tables);
        }
        Assert.Contains(expected.Lines, l => l.StartsWith("foreign key VisitEvents.VisitId -> Visits.Id:", StringComparison.Ordinal) && l.Contains("on_delete=CASCADE", StringComparison.Ordinal));
        Assert.Contains(expected.Lines, l => l.StartsWith("index Accounts.IX_Accounts_UserName: unique=1", StringComparison.Ordinal));
        var differences = SqliteSchema.Differences(expected, actual, "model", "migrations");
        Assert.True(differences.Length == 0, "The migrated schema differs from the model's:" + Environment.NewLine + differences);
    }

    [Fact]
    public void Migrations_declare_every_column_as_the_model_maps_it()
    {
        using var db = Open(ConnectionString("unused.db"));

        var expected = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var table in db.GetService<IDesignTimeModel>().Model.GetRelationalModel().Tables)
        {
            foreach (var c in table.Columns)
            {
                expected[$"{table.Name}.{c.Name}"] = Describe(c.ProviderClrType, c.StoreType, c.IsNullable, c.MaxLength, c.IsUnicode, c.IsFixedLength, c.DefaultValue, c.DefaultValueSql, c.ComputedColumnSql);
            }
        }

        var actual = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var migrations = db.GetService<IMigrationsAssembly>();
        foreach (var (_, type) in migrations.Migrations)
        {
            foreach (var operation in migrations.CreateMigration(type, db.Database.ProviderName!).UpOperations)
            {
                Apply(actual, operation);
            }
        }

        Assert.NotEmpty(expected);
        var differences = expected.Keys.Union(actual.Keys).Order(StringComparer.Ordinal)
            .Where(k => expected.GetValueOrDefault(k) != actual.GetValueOrDefault(k))
            .Select(k => $"  {k}: model {expected.GetValueOrDefault(k) ?? "<none>"}, migrations {actual.GetValueOrDefault(k) ?? "<none>"}")
            .ToList();
        Assert.True(differences.Count == 0, "Migrations and model disagree on columns:" + Environment.NewLine + string.Join(Environment.NewLine, differences));
    }

    [Fact]
    public void Every_model_change_has_a_migration()
    {
        using var db = new DesignTimeDbContextFactory().CreateDbContext([ConnectionString("unused.db")]);

        Assert.Contains(InitialSchemaId, db.Database.GetMigrations());
        Assert.NotNull(db.GetService<IMigrationsAssembly>().ModelSnapshot);
        Assert.False(db.Database.HasPendingModelChanges(), "The model changed since the last migration: run `dotnet ef migrations add <Name> --project EmrAuth.Web`.");
    }

    [Fact]
    public void Migrating_twice_is_a_no_op()
    {
        var cs = ConnectionString("twice.db");
        using (var db = Open(cs))
        {
            Assert.Contains(InitialSchemaId, db.Database.GetPendingMigrations());
            db.Database.Migrate();
        }
        var first = SqliteSchema.Read(cs);

        using (var db = Open(cs))
        {
            db.Database.Migrate();
            Assert.Empty(db.Database.GetPendingMigrations());
            Assert.Equal(db.Database.GetMigrations(), db.Database.GetAppliedMigrations());
            Assert.Contains(InitialSchemaId, db.Database.GetAppliedMigrations());
        }

        Assert.Equal(first.Lines, SqliteSchema.Read(cs).Lines);
        var rows = SqliteSchema.ReadHistory(cs);
        Assert.Contains(rows, r => r.Id == InitialSchemaId && r.Version.StartsWith("10.", StringComparison.Ordinal));
        Assert.Equal(rows.Count, rows.Select(r => r.Id).Distinct().Count());
    }

    [Fact]
    public void Migrating_down_to_nothing_drops_every_table()
    {
        var cs = ConnectionString("down.db");
        using var db = Open(cs);
        db.Database.Migrate();
        Assert.NotEmpty(SqliteSchema.Read(cs).Tables);

        db.GetService<IMigrator>().Migrate(Migration.InitialDatabase);

        Assert.Empty(SqliteSchema.Read(cs).Tables);
        Assert.Empty(db.Database.GetAppliedMigrations());
    }

    [Fact]
    public void Data_survives_reopening_and_migrating_again()
    {
        var cs = ConnectionString("upgrade.db");
        var at = new DateTimeOffset(2026, 11, 21, 13, 45, 10, TimeSpan.FromHours(2)).AddTicks(1234000);
        var visitId = Guid.NewGuid();
        int accountId;
        using (var db = Open(cs))
        {
            db.Database.Migrate();
            var account = new Account { UserName = "alice", PasswordHash = "hash", Role = "Patient", PartyId = "P-1", DisplayName = "Alice", CreatedAt = at };
            db.Accounts.Add(account);
            db.AuditEntries.Add(new AuditEntry { At = at.AddTicks(567), Actor = "alice", Action = "read", Subject = "EMR", Outcome = "ok", PatientId = "P-1" });
            db.Registrations.Add(new PartyRegistration { PartyId = "P-1", Role = "Patient", DisplayName = "Alice", Status = RegistrationStatus.Approved, RequestedAt = at, DecidedAt = at.AddMinutes(5), R = [7, 8] });
            db.Visits.Add(new VisitRecord
            {
                Id = visitId,
                PatientId = "P-1",
                DoctorId = "D-1",
                Status = VisitStatus.RecordRead,
                Profile = "default",
                StartedAt = at,
                UpdatedAt = at.AddSeconds(3),
                Events =
                [
                    new VisitEventRecord { Sequence = 1, Kind = "M1", At = at.AddSeconds(1), SealedPayload = [1, 2, 3] },
                    new VisitEventRecord { Sequence = 2, Kind = "M2", At = at.AddSeconds(2), SealedPayload = [4, 5] },
                ],
            });
            db.SaveChanges();
            accountId = account.Id;
        }

        using (var db = Open(cs))
        {
            db.Database.Migrate();
            Assert.Empty(db.Database.GetPendingMigrations());

            var account = Assert.Single(db.Accounts.AsNoTracking());
            Assert.Equal((accountId, "alice", "P-1", "Alice"), (account.Id, account.UserName, account.PartyId, account.DisplayName));
            Assert.Equal(at, account.CreatedAt);
            Assert.Equal(at.Offset, account.CreatedAt.Offset);

            // DateTimeOffsetToBinaryConverter (OnModelCreating) keeps 0.1 ms: the 567 ticks below that are dropped.
            Assert.Equal(at, Assert.Single(db.AuditEntries.AsNoTracking()).At);

            var registration = Assert.Single(db.Registrations.AsNoTracking());
            Assert.Equal(RegistrationStatus.Approved, registration.Status);
            Assert.Equal(at.AddMinutes(5), registration.DecidedAt);
            Assert.Equal([7, 8], registration.R);

            var visit = db.Visits.AsNoTracking().Include(v => v.Events).Single(v => v.Id == visitId);
            Assert.Equal(VisitStatus.RecordRead, visit.Status);
            Assert.Equal(at.AddSeconds(3), visit.UpdatedAt);
            Assert.Equal(
                [(1L, "M1", at.AddSeconds(1)), (2L, "M2", at.AddSeconds(2))],
                visit.Events.OrderBy(e => e.Sequence).Select(e => (e.Sequence, e.Kind, e.At)));
            Assert.Equal([4, 5], visit.Events.Single(e => e.Sequence == 2).SealedPayload);

            // Enums are stored by name, so reordering them later cannot silently change stored statuses.
            using var command = db.Database.GetDbConnection().CreateCommand();
            db.Database.OpenConnection();
            command.CommandText = "SELECT Status FROM Visits";
            Assert.Equal("RecordRead", command.ExecuteScalar());
        }
    }

    [Fact]
    public void The_database_enforces_unique_indexes_and_cascades_visit_deletion()
    {
        var cs = ConnectionString("constraints.db");
        var visitId = Guid.NewGuid();
        using (var db = Open(cs))
        {
            db.Database.Migrate();
            db.Visits.Add(new VisitRecord
            {
                Id = visitId,
                PatientId = "P-1",
                DoctorId = "D-1",
                Profile = "default",
                Events = [new VisitEventRecord { Sequence = 1, Kind = "M1", SealedPayload = [1] }],
            });
            db.SaveChanges();
        }

        using (var db = Open(cs))
        {
            db.VisitEvents.Add(new VisitEventRecord { VisitId = visitId, Sequence = 1, Kind = "again", SealedPayload = [2] });
            var duplicate = Assert.Throws<DbUpdateException>(() => db.SaveChanges());
            Assert.Contains("UNIQUE", duplicate.InnerException?.Message, StringComparison.Ordinal);
        }

        using (var db = Open(cs))
        {
            // ExecuteDelete loads nothing: only the database's ON DELETE CASCADE can remove the events.
            Assert.Equal(1, db.Visits.Where(v => v.Id == visitId).ExecuteDelete());
            Assert.Equal(0, db.VisitEvents.Count());
        }
    }

    [Fact]
    public void A_model_change_without_a_migration_is_caught()
    {
        var migrated = ConnectionString("drift-migrated.db");
        using (var db = Open(migrated, drift: true))
        {
            Assert.True(db.Database.HasPendingModelChanges());
            var refused = Assert.Throws<InvalidOperationException>(() => db.Database.Migrate());
            Assert.Contains(nameof(RelationalEventId.PendingModelChangesWarning), refused.Message, StringComparison.Ordinal);
        }

        using (var db = Open(migrated, drift: true, ignorePendingModelChanges: true))
        {
            db.Database.Migrate();
        }
        var created = CreateFromModelScript("drift-created.db", drift: true);
        var differences = SqliteSchema.Differences(SqliteSchema.Read(created), SqliteSchema.Read(migrated), "model", "migrations");
        Assert.Contains("only in model: column Accounts.Nickname:", differences, StringComparison.Ordinal);
    }

    private static string Describe(Type clrType, string? storeType, bool nullable, int? maxLength, bool? unicode, bool? fixedLength, object? defaultValue, string? defaultValueSql, string? computedSql)
        => string.Create(
            CultureInfo.InvariantCulture,
            $"{(Nullable.GetUnderlyingType(clrType) ?? clrType).Name} {storeType} {(nullable ? "NULL" : "NOT NULL")} maxLength={maxLength?.ToString(CultureInfo.InvariantCulture) ?? "-"} unicode={unicode?.ToString() ?? "-"} fixed={fixedLength?.ToString() ?? "-"} default={defaultValue ?? "-"} defaultSql={defaultValueSql ?? "-"} computed={computedSql ?? "-"}");

    private static string Describe(ColumnOperation c)
        => Describe(c.ClrType, c.ColumnType, c.IsNullable, c.MaxLength, c.IsUnicode, c.IsFixedLength, c.DefaultValue, c.DefaultValueSql, c.ComputedColumnSql);

    /// <summary>Folds one migration operation into the table.column → description map the migrations build up.</summary>
    private static void Apply(SortedDictionary<string, string> columns, MigrationOperation operation)
    {
        switch (operation)
        {
            case CreateTableOperation create:
                foreach (var c in create.Columns)
                {
                    columns.Add($"{create.Name}.{c.Name}", Describe(c));
                }
                break;
            case AddColumnOperation add:
                columns.Add($"{add.Table}.{add.Name}", Describe(add));
                break;
            case AlterColumnOperation alter:
                columns[$"{alter.Table}.{alter.Name}"] = Describe(alter);
                break;
            case DropColumnOperation drop:
                columns.Remove($"{drop.Table}.{drop.Name}");
                break;
            case RenameColumnOperation rename:
                columns.Remove($"{rename.Table}.{rename.Name}", out var renamed);
                columns.Add($"{rename.Table}.{rename.NewName}", renamed!);
                break;
            case DropTableOperation dropTable:
                foreach (var key in columns.Keys.Where(k => k.StartsWith(dropTable.Name + ".", StringComparison.Ordinal)).ToList())
                {
                    columns.Remove(key);
                }
                break;
            case RenameTableOperation renameTable when renameTable.NewName is not null:
                foreach (var key in columns.Keys.Where(k => k.StartsWith(renameTable.Name + ".", StringComparison.Ordinal)).ToList())
                {
                    columns.Remove(key, out var value);
                    columns.Add(renameTable.NewName + key[renameTable.Name.Length..], value!);
                }
                break;
        }
    }

    private string ConnectionString(string file)
        => new SqliteConnectionStringBuilder { DataSource = Path.Combine(_folder, file), Pooling = false }.ToString();

    private string CreateFromModelScript(string file, bool drift = false)
    {
        var cs = ConnectionString(file);
        using var db = Open(cs, drift);
        var script = db.Database.GenerateCreateScript();
        using var connection = new SqliteConnection(cs);
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = script;
        command.ExecuteNonQuery();
        return cs;
    }

    /// <summary>A context configured as the application configures it (<see cref="DatabaseOptions.Configure"/>).</summary>
    /// <param name="drift">Adds an Account column no migration creates, as a forgotten migration would.</param>
    private static EmrAuthDbContext Open(string connectionString, bool drift = false, bool ignorePendingModelChanges = false)
    {
        var builder = new DbContextOptionsBuilder<EmrAuthDbContext>();
        DatabaseOptions.Configure(builder, connectionString);
        if (drift)
        {
            builder.ReplaceService<IModelCustomizer, DriftingModelCustomizer>();
        }
        if (ignorePendingModelChanges)
        {
            builder.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));
        }
        return new EmrAuthDbContext(builder.Options);
    }

    private sealed class DriftingModelCustomizer(ModelCustomizerDependencies dependencies) : ModelCustomizer(dependencies)
    {
        public override void Customize(ModelBuilder modelBuilder, DbContext context)
        {
            base.Customize(modelBuilder, context);
            modelBuilder.Entity<Account>().Property<string>("Nickname").HasMaxLength(20);
        }
    }
}
