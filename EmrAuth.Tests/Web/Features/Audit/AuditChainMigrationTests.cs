using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace EmrAuth.Tests.Web.Features.Audit;

/// <summary>The AuditChain migration on a database from before it: existing audit rows are kept and numbered.</summary>
public sealed class AuditChainMigrationTests : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), "emrauth-auditchain-" + Guid.NewGuid().ToString("N") + ".db");

    private string ConnectionString => new SqliteConnectionStringBuilder { DataSource = _file, Pooling = false }.ToString();

    [Fact]
    public void Rows_of_an_older_database_keep_their_content_and_get_positions_in_id_order()
    {
        using (var db = Open())
        {
            db.GetService<IMigrator>().Migrate("20261121120000_InitialSchema");
            db.Database.ExecuteSqlRaw("""
                INSERT INTO AuditEntries (Id, At, Actor, Action, Subject, Outcome, PatientId) VALUES
                (3, 0, 'seed', 'Registration', 'Patient alice', 'approved', 'alice'),
                (7, 0, 'dr-chen', 'EMR read', 'cardiology record', 'delivered', 'alice'),
                (8, 0, 'cloud.admin', 'Certificate revoked', 'Cert_D MA-000001', 'lost', NULL)
                """);
            db.Database.Migrate();
        }

        using (var db = Open())
        {
            var rows = db.AuditEntries.OrderBy(a => a.Id).ToList();
            Assert.Equal([(3L, 1L), (7L, 2L), (8L, 3L)], rows.Select(r => (r.Id, r.Sequence)));
            Assert.Equal(["approved", "delivered", "lost"], rows.Select(r => r.Outcome));
            Assert.Equal(["alice", "alice", null], rows.Select(r => r.PatientId));
            // SQLite has no SHA-256: the portal chains them at its first start (AuditTrailTests).
            Assert.All(rows, r => Assert.Empty(r.Hash));

            db.GetService<IMigrator>().Migrate("20261121120000_InitialSchema");
            Assert.Equal(3, db.Database.SqlQueryRaw<long>("SELECT COUNT(*) AS Value FROM AuditEntries").Single());
        }
    }

    private EmrAuthDbContext Open()
    {
        var builder = new DbContextOptionsBuilder<EmrAuthDbContext>();
        DatabaseOptions.Configure(builder, ConnectionString);
        return new EmrAuthDbContext(builder.Options);
    }

    public void Dispose() => File.Delete(_file);
}
