using Microsoft.EntityFrameworkCore;
using static EmrAuth.Tests.Web.Support.PortalSteps;

namespace EmrAuth.Tests.Web.Features.Audit;

/// <summary>
/// The hash-chained audit trail on the portal's real SQLite file: it verifies after real activity, and every way of
/// tampering with the table directly (raw SQL on the file, as someone with the database but not the portal would)
/// is found at the right entry.
/// </summary>
public class AuditTrailTests : IAsyncLifetime
{
    /// <summary>The database engine; <see cref="AuditTrailOnPostgresTests"/> runs the same tests on PostgreSQL.</summary>
    protected virtual StorageProvider Provider => StorageProvider.Sqlite;

    private const string Admin = "cloud.admin";
    private PortalHarness _portal = null!;

    public async Task InitializeAsync()
    {
        _portal = await PortalHarness.StartAsync(provider: Provider);
        await CompleteVisitAsync(_portal);
        await CompleteVisitAsync(_portal, "bob", "dr-huang", "neurology", readings: "HR 70", diagnosis: "Fine.");
    }

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    [Fact]
    public async Task The_chain_verifies_after_seeding_visits_and_a_restart()
    {
        var report = await _portal.AsCloud().Audit.VerifyAsync();
        Assert.True(report.Intact, report.Summary);
        Assert.Equal(report.Rows, report.Anchor!.Sequence);
        Assert.True(report.Rows > 20, $"only {report.Rows} entries");

        await _portal.RestartAsync();
        await CompleteVisitAsync(_portal, "carol", "dr-chen", "cardiology");
        var after = await _portal.AsCloud().Audit.VerifyAsync();
        Assert.True(after.Intact, after.Summary);
        await using var db = _portal.OpenDb();
        var sequences = await db.AuditEntries.OrderBy(a => a.Sequence).Select(a => a.Sequence).ToListAsync();
        Assert.Equal(Enumerable.Range(1, sequences.Count).Select(i => (long)i), sequences);
        Assert.Contains(await db.AuditEntries.ToListAsync(), a => a.Action == "Audit trail verified" && a.Outcome == "intact");
    }

    [Fact]
    public async Task Altering_a_row_is_found_at_that_row()
    {
        var target = await MiddleAsync();
        Sql($"UPDATE \"AuditEntries\" SET \"Outcome\" = 'nothing happened' WHERE \"Sequence\" = {target}");

        AssertBrokenAt(await _portal.AsCloud().Audit.VerifyAsync(), target, "altered");
    }

    [Fact]
    public async Task Deleting_a_middle_row_is_found_where_it_was()
    {
        var target = await MiddleAsync();
        Sql($"DELETE FROM \"AuditEntries\" WHERE \"Sequence\" = {target}");

        AssertBrokenAt(await _portal.AsCloud().Audit.VerifyAsync(), target, "missing");
    }

    [Fact]
    public async Task Deleting_a_middle_row_and_renumbering_the_rest_is_found_where_it_was()
    {
        var target = await MiddleAsync();
        Sql($"DELETE FROM \"AuditEntries\" WHERE \"Sequence\" = {target}; UPDATE \"AuditEntries\" SET \"Sequence\" = -(\"Sequence\" - 1) WHERE \"Sequence\" > {target}; "
            + "UPDATE \"AuditEntries\" SET \"Sequence\" = -\"Sequence\" WHERE \"Sequence\" < 0");

        AssertBrokenAt(await _portal.AsCloud().Audit.VerifyAsync(), target, "previous hash");
    }

    [Fact]
    public async Task Deleting_the_tail_is_found_against_the_anchor_and_stays_visible_after_new_writes()
    {
        var last = await LastAsync();
        Sql($"DELETE FROM \"AuditEntries\" WHERE \"Sequence\" >= {last - 1}");

        AssertBrokenAt(await _portal.AsCloud().Audit.VerifyAsync(), last - 1, "tail");

        // The portal keeps appending after its own head, so the gap stays in the table.
        await CompleteVisitAsync(_portal, "dan", "dr-deng", "oncology");
        AssertBrokenAt(await _portal.AsCloud().Audit.VerifyAsync(), last - 1, "missing");
    }

    [Fact]
    public async Task Swapping_two_rows_positions_is_found_at_the_first_of_them()
    {
        var target = await MiddleAsync();
        Sql($"UPDATE \"AuditEntries\" SET \"Sequence\" = -1 WHERE \"Sequence\" = {target}; "
            + $"UPDATE \"AuditEntries\" SET \"Sequence\" = {target} WHERE \"Sequence\" = {target + 1}; "
            + $"UPDATE \"AuditEntries\" SET \"Sequence\" = {target + 1} WHERE \"Sequence\" = -1");

        AssertBrokenAt(await _portal.AsCloud().Audit.VerifyAsync(), target, "previous hash");
    }

    [Fact]
    public async Task Recomputing_every_hash_after_an_alteration_is_found_at_the_anchor()
    {
        var target = await MiddleAsync();
        Sql($"UPDATE \"AuditEntries\" SET \"Actor\" = 'someone else' WHERE \"Sequence\" = {target}");
        await RechainAsync();

        var report = await _portal.AsCloud().Audit.VerifyAsync();
        AssertBrokenAt(report, await LastAsync() - 1, "recomputed");
    }

    [Fact]
    public async Task A_row_appended_past_the_portal_is_found_and_the_portal_refuses_to_fork_from_it()
    {
        var last = await LastAsync();
        Sql($"INSERT INTO \"AuditEntries\" (\"Sequence\", \"PreviousHash\", \"Hash\", \"At\", \"Actor\", \"Action\", \"Subject\", \"Outcome\") VALUES ({last + 1}, {{0}}, {{0}}, 0, 'x', 'x', 'x', 'x')", Array.Empty<byte>());
        await RechainAsync();

        AssertBrokenAt(await _portal.AsCloud().Audit.VerifyAsync(), last + 1, "not written by the portal");

        await using var db = _portal.OpenDb();
        _portal.Get<AuditLog>().Add(db, "x", "After the forgery", "x", "x");
        var refused = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        // SQLite: "UNIQUE constraint failed"; PostgreSQL: "duplicate key value violates unique constraint".
        Assert.Contains("unique", refused.InnerException!.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Stored_entries_cannot_be_changed_or_deleted_through_the_portal()
    {
        await using var db = _portal.OpenDb();
        var entry = await db.AuditEntries.OrderBy(a => a.Sequence).FirstAsync();
        entry.Outcome = "changed";
        Assert.Contains("append-only", (await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync())).Message);
        db.ChangeTracker.Clear();
        db.AuditEntries.Remove(await db.AuditEntries.OrderBy(a => a.Sequence).FirstAsync());
        await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
    }

    [Fact]
    public async Task Concurrent_writers_append_one_after_another_without_forking()
    {
        var audit = _portal.Get<AuditLog>();
        await Task.WhenAll(Enumerable.Range(0, 24).Select(i => Task.Run(async () =>
        {
            await using var db = _portal.OpenDb();
            audit.Add(db, $"writer-{i}", "Concurrency test", $"entry {i}", "ok");
            audit.Add(db, $"writer-{i}", "Concurrency test", $"entry {i} b", "ok");
            await db.SaveChangesAsync();
        })));

        var report = await _portal.AsCloud().Audit.VerifyAsync();
        Assert.True(report.Intact, report.Summary);
        await using var check = _portal.OpenDb();
        Assert.Equal(48, await check.AuditEntries.CountAsync(a => a.Action == "Concurrency test"));
    }

    [Fact]
    public async Task A_failed_save_leaves_the_anchor_where_it_was()
    {
        await using (var db = _portal.OpenDb())
        {
            _portal.Get<AuditLog>().Add(db, "x", "Doomed", "x", "x");
            db.Accounts.Add(new Account { UserName = "alice", PasswordHash = "x", Role = "Patient", DisplayName = "duplicate" });
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        }

        var report = await _portal.AsCloud().Audit.VerifyAsync();
        Assert.True(report.Intact, report.Summary);
    }

    [Fact]
    public async Task Rows_carried_over_unchained_are_chained_once_at_start()
    {
        // What the AuditChain migration leaves from an older database: positions, no hashes, no anchor.
        Sql("UPDATE \"AuditEntries\" SET \"PreviousHash\" = {0}, \"Hash\" = {0}", Array.Empty<byte>());
        File.Delete(_portal.AnchorPath);

        await _portal.RestartAsync();

        var report = await _portal.AsCloud().Audit.VerifyAsync();
        Assert.True(report.Intact, report.Summary);
    }

    [Theory]
    [InlineData(false, "missing")]
    [InlineData(true, "unreadable")]
    public async Task A_missing_or_unreadable_anchor_is_replaced_at_start_and_that_is_recorded(bool corrupt, string problem)
    {
        if (corrupt)
        {
            var bytes = await File.ReadAllBytesAsync(_portal.AnchorPath);
            bytes[^1] ^= 1;
            await File.WriteAllBytesAsync(_portal.AnchorPath, bytes);
        }
        else
        {
            File.Delete(_portal.AnchorPath);
        }

        await _portal.RestartAsync();

        var report = await _portal.AsCloud().Audit.VerifyAsync();
        Assert.True(report.Intact, report.Summary);
        await using var db = _portal.OpenDb();
        var replaced = await db.AuditEntries.SingleAsync(a => a.Action == "Audit anchor replaced");
        Assert.Contains(problem, replaced.Outcome, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_patient_sees_only_the_entries_about_their_own_records()
    {
        var alice = await _portal.AsParty("alice").Queries.AuditForPatientAsync();
        var bob = await _portal.AsParty("bob").Queries.AuditForPatientAsync();

        Assert.Contains(alice, a => a.Action == "EMR read");
        Assert.All(alice, a => Assert.Equal("alice", a.PatientId));
        Assert.All(bob, a => Assert.Equal("bob", a.PatientId));
        Assert.DoesNotContain(alice, a => a.Subject.Contains("bob", StringComparison.Ordinal) || a.Actor == "bob");
    }

    private static void AssertBrokenAt(AuditReport report, long sequence, string why)
    {
        Assert.False(report.Intact, "the tampering was not detected");
        Assert.True(report.Break!.Sequence == sequence && report.Break.Reason.Contains(why, StringComparison.Ordinal),
            $"expected a break at {sequence} ({why}); got {report.Summary}");
    }

    private async Task<long> LastAsync()
    {
        await using var db = _portal.OpenDb();
        return await db.AuditEntries.MaxAsync(a => a.Sequence);
    }

    private async Task<long> MiddleAsync() => await LastAsync() / 2;

    /// <summary>What someone with the database and this repository's code can do: recompute every hash in order.</summary>
    private async Task RechainAsync()
    {
        List<AuditEntry> rows;
        await using (var db = _portal.OpenDb())
        {
            rows = await db.AuditEntries.AsNoTracking().OrderBy(a => a.Sequence).ToListAsync();
        }
        var head = AuditHead.Genesis;
        foreach (var row in rows)
        {
            head = AuditChain.Append(row, head);
            Sql($"UPDATE \"AuditEntries\" SET \"PreviousHash\" = {{0}}, \"Hash\" = {{1}} WHERE \"Id\" = {row.Id}", row.PreviousHash, row.Hash);
        }
    }

    /// <summary>What someone with write access to the database does behind the portal's back (SQL both providers run; byte strings as parameters).</summary>
    private void Sql(string sql, params object[] parameters)
    {
        using var db = _portal.OpenDb();
        db.Database.ExecuteSqlRaw(sql, parameters);
    }
}

public sealed class AuditTrailOnPostgresTests : AuditTrailTests
{
    protected override StorageProvider Provider => StorageProvider.Postgres;
}
