using System.Collections.Concurrent;
using System.Security.Cryptography;
using EmrAuth.Domain.Crypto;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;

namespace EmrAuth.Web.Features.Audit;

/// <summary>
/// Chains audit rows as they are saved, whoever saves them: AuditLog.Add only stages a row, and this interceptor
/// gives every new row its position and hashes inside SaveChanges. One gate spans "read the head → commit", so
/// concurrent writers append one after another and never fork the chain (the unique Sequence index is the
/// database's own guard). Rows already stored cannot be changed or deleted through EF.
/// </summary>
/// <remarks>
/// The head is the portal's own (loaded from the anchor, not from the table), so rows deleted from the end leave a
/// visible gap when the next row is written. The anchor is moved before the commit and put back if the save fails:
/// a crash in between can only make the anchor run ahead, which verification reports as missing rows.
/// With several instances on PostgreSQL (docs/deployment.md#audit-chain-with-several-instances) the gate has a
/// cross-process twin: the save runs in a transaction that first takes <c>pg_advisory_xact_lock</c> on
/// <see cref="InstanceLinks.AuditKey"/>, and the head is read under it from the anchor file the instances share
/// (another instance may have appended), not from memory; the table is read only before the first anchor exists.
/// </remarks>
public sealed class AuditChainWriter(AuditAnchor anchor, AuditLog audit, InstanceLinks links) : SaveChangesInterceptor
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ConcurrentDictionary<DbContext, Saving> _saving = new();
    private AuditHead? _head;

    /// <summary>Runs <paramref name="work"/> while no row is being appended (verification reads a still chain).</summary>
    public async Task<T> ExclusiveAsync<T>(Func<Task<T>> work)
    {
        await _gate.WaitAsync();
        try
        {
            await using var lease = await links.LockAsync((InstanceLinks.AuditKey, false));
            return await work();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// At start, before anything else writes: chains the rows the AuditChain migration carried over (empty hashes, no
    /// anchor yet). If chained rows exist but the anchor is gone or unreadable, a new anchor covers them as found and
    /// an entry says so, so that removing the anchor never passes unnoticed.
    /// </summary>
    public async Task OpenAsync(EmrAuthDbContext db)
    {
        var (problem, rows) = await ExclusiveAsync(async () =>
        {
            string problem;
            try
            {
                if (anchor.Read() is not null)
                {
                    return (null, 0);
                }
                problem = "missing";
            }
            catch (Exception e) when (e is CryptographicException or MalformedMessageException)
            {
                File.Move(anchor.Path, anchor.Path + ".unreadable", overwrite: true);
                problem = "unreadable (kept as audit-head.unreadable)";
            }
            var stored = await db.AuditEntries.AsNoTracking().OrderBy(a => a.Sequence).ToListAsync();
            if (stored.Any(r => r.Hash.Length > 0))
            {
                return (problem, stored.Count);
            }
            var head = AuditHead.Genesis;
            foreach (var row in stored)
            {
                head = AuditChain.Append(row, head);
                await db.AuditEntries.Where(a => a.Id == row.Id)
                    .ExecuteUpdateAsync(u => u.SetProperty(a => a.PreviousHash, row.PreviousHash).SetProperty(a => a.Hash, row.Hash));
            }
            if (head.Sequence > 0)
            {
                anchor.Write(head);
                _head = head;
            }
            return ((string?)null, stored.Count);
        });
        if (problem is not null)
        {
            audit.Add(db, "portal", "Audit anchor replaced", $"{rows} entries",
                $"the anchor was {problem} at start-up; a new anchor covers the entries as found");
            await db.SaveChangesAsync();
        }
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (Staged(eventData.Context) is { Count: > 0 } staged)
        {
            _gate.Wait();
            Chain(eventData.Context!, staged, LockAcrossInstances(eventData.Context!));
        }
        return result;
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        if (Staged(eventData.Context) is { Count: > 0 } staged)
        {
            await _gate.WaitAsync(cancellationToken);
            Chain(eventData.Context!, staged, LockAcrossInstances(eventData.Context!));
        }
        return result;
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Finish(eventData.Context, committed: true);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Finish(eventData.Context, committed: true);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Finish(eventData.Context, committed: false);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Finish(eventData.Context, committed: false);
        return Task.CompletedTask;
    }

    public override void SaveChangesCanceled(DbContextEventData eventData) => Finish(eventData.Context, committed: false);

    public override Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        Finish(eventData.Context, committed: false);
        return Task.CompletedTask;
    }

    /// <summary>The audit rows this save adds; an update or delete of a stored row is refused.</summary>
    private static List<EntityEntry<AuditEntry>> Staged(DbContext? context)
    {
        if (context is null)
        {
            return [];
        }
        var entries = context.ChangeTracker.Entries<AuditEntry>().ToList();
        if (entries.Any(e => e.State is EntityState.Modified or EntityState.Deleted))
        {
            throw new InvalidOperationException("The audit trail is append-only: stored entries cannot be changed or deleted.");
        }
        return entries.Where(e => e.State == EntityState.Added).ToList();
    }

    /// <summary>
    /// On PostgreSQL: the save's transaction (begun here unless the caller has one) takes the audit chain's transaction
    /// lock, so no instance appends between this one reading the head and committing. Returns the transaction begun
    /// here (committed in <see cref="Finish"/>), null when the caller owns one or on SQLite. Called holding the gate;
    /// releases it if this fails.
    /// </summary>
    private IDbContextTransaction? LockAcrossInstances(DbContext context)
    {
        if (!links.IsShared)
        {
            return null;
        }
        IDbContextTransaction? owned = null;
        try
        {
            if (context.Database.CurrentTransaction is null)
            {
                owned = context.Database.BeginTransaction();
            }
            context.Database.ExecuteSql($"SELECT pg_advisory_xact_lock({InstanceLinks.AuditKey})");
            return owned;
        }
        catch
        {
            owned?.Dispose();
            _gate.Release();
            throw;
        }
    }

    /// <summary>Called holding the gate (and the instances' lock); releases both if chaining fails, since no Saved/Failed event will follow.</summary>
    private void Chain(DbContext context, List<EntityEntry<AuditEntry>> staged, IDbContextTransaction? owned)
    {
        try
        {
            // Once this writer has a head, the anchor holds exactly it (written here, put back on failure): read the file only
            // before that. With several instances the shared anchor is read each time, under their lock: another may have appended.
            var anchored = _head is null || links.IsShared ? anchor.Read() : _head;
            var head = links.IsShared ? anchored ?? LastStored(context) : _head ??= anchored ?? LastStored(context);
            foreach (var entry in staged.OrderBy(e => e.Entity.At))
            {
                head = AuditChain.Append(entry.Entity, head);
            }
            anchor.Write(head);
            _saving[context] = new Saving(anchored, head, owned);
        }
        catch
        {
            owned?.Dispose();
            _gate.Release();
            throw;
        }
    }

    private void Finish(DbContext? context, bool committed)
    {
        if (context is null || !_saving.TryRemove(context, out var saving))
        {
            return;
        }
        try
        {
            if (committed && saving.Transaction is { } transaction)
            {
                try
                {
                    transaction.Commit();
                }
                catch
                {
                    committed = false;
                    PutBack(saving);
                    throw;
                }
            }
            if (committed)
            {
                _head = saving.After;
            }
            else
            {
                PutBack(saving);
            }
        }
        finally
        {
            // Rolls back an owned transaction that did not commit, which ends its lock: after the anchor was put back.
            saving.Transaction?.Dispose();
            _gate.Release();
        }
    }

    private void PutBack(Saving saving)
    {
        if (saving.AnchorBefore is { } before)
        {
            anchor.Write(before);
        }
        else
        {
            File.Delete(anchor.Path);
        }
    }

    private sealed record Saving(AuditHead? AnchorBefore, AuditHead After, IDbContextTransaction? Transaction);

    private static AuditHead LastStored(DbContext context) =>
        context.Set<AuditEntry>().AsNoTracking().OrderByDescending(a => a.Sequence)
            .Select(a => new AuditHead(a.Sequence, a.Hash)).FirstOrDefault() ?? AuditHead.Genesis;
}
