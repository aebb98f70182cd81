using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;

namespace EmrAuth.Web.Features.Audit;

/// <summary>The result of checking the whole audit chain and its anchor.</summary>
public sealed record AuditReport(DateTimeOffset CheckedAt, long Rows, AuditHead? Anchor, AuditBreak? Break)
{
    public bool Intact => Break is null;

    public string Summary => Break is { } b
        ? $"Broken at entry {b.Sequence}{(b.RowId is { } id ? $" (row id {id})" : "")}: {b.Reason}."
        : $"Intact: {Rows} entries chain from the genesis to the anchored head (entry {Anchor?.Sequence ?? 0}).";
}

/// <summary>What the cloud administrator narrows the audit grid to; empty fields match everything.</summary>
public sealed record AuditFilter(string? Actor = null, string? Action = null, string? Text = null, string? PatientId = null);

/// <summary>
/// Reads and verifies the hash-chained audit trail: the cloud administrator checks the whole chain (every row's
/// position, previous hash and hash, then the end against the anchor kept outside the database). Cloud administrators only.
/// </summary>
public sealed class AuditTrail(IDbContextFactory<EmrAuthDbContext> dbFactory, AuditChainWriter writer, AuditAnchor anchor, AuditLog audit, TimeProvider clock,
    CurrentUser currentUser)
{
    /// <summary>Checks the chain while no row is appended, then records that it was checked and what was found.</summary>
    public async Task<AuditReport> VerifyAsync()
    {
        var actor = (await currentUser.RequireAsync("Audit trail verified", "the audit trail", Roles.CloudAdmin)).UserName;
        var report = await writer.ExclusiveAsync(async () =>
        {
            await using var db = await dbFactory.CreateDbContextAsync();
            var rows = await db.AuditEntries.AsNoTracking().OrderBy(a => a.Sequence).ThenBy(a => a.Id).ToListAsync();
            var (broken, reached) = AuditChain.Walk(rows);
            AuditHead? anchored;
            try
            {
                anchored = anchor.Read();
            }
            catch (Exception e) when (e is CryptographicException or Domain.Crypto.MalformedMessageException)
            {
                return new AuditReport(clock.GetUtcNow(), rows.Count, null,
                    broken ?? new AuditBreak(reached.Sequence, null, "the anchor file cannot be opened: it was altered or sealed with another key ring"));
            }
            return new AuditReport(clock.GetUtcNow(), rows.Count, anchored, broken ?? AuditChain.CheckAnchor(reached, anchored));
        });
        await using var db = await dbFactory.CreateDbContextAsync();
        audit.Add(db, actor, "Audit trail verified", $"{report.Rows} entries", report.Intact ? "intact" : $"broken at entry {report.Break!.Sequence}");
        try
        {
            await db.SaveChangesAsync();
        }
        catch (DbUpdateException) when (!report.Intact)
        {
            // Rows appended past the portal's head take the positions it would write: the report says so; show it.
        }
        return report;
    }

    /// <summary>The newest entries that match the filter, newest first.</summary>
    public async Task<IReadOnlyList<AuditEntry>> EntriesAsync(AuditFilter filter, int take = 500)
    {
        await currentUser.RequireAsync("Read audit trail", "the audit trail", Roles.CloudAdmin);
        await using var db = await dbFactory.CreateDbContextAsync();
        var query = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(filter.Actor))
        {
            query = query.Where(a => a.Actor.Contains(filter.Actor.Trim()));
        }
        if (!string.IsNullOrWhiteSpace(filter.Action))
        {
            query = query.Where(a => a.Action == filter.Action);
        }
        if (!string.IsNullOrWhiteSpace(filter.PatientId))
        {
            query = query.Where(a => a.PatientId == filter.PatientId.Trim());
        }
        if (!string.IsNullOrWhiteSpace(filter.Text))
        {
            var text = filter.Text.Trim();
            query = query.Where(a => a.Subject.Contains(text) || a.Outcome.Contains(text));
        }
        return await query.OrderByDescending(a => a.Sequence).Take(take).ToListAsync();
    }

    /// <summary>Every action name recorded so far, for the filter's choices.</summary>
    public async Task<IReadOnlyList<string>> ActionsAsync()
    {
        await currentUser.RequireAsync("Read audit trail", "the audit trail's actions", Roles.CloudAdmin);
        await using var db = await dbFactory.CreateDbContextAsync();
        return await db.AuditEntries.Select(a => a.Action).Distinct().OrderBy(a => a).ToListAsync();
    }
}
