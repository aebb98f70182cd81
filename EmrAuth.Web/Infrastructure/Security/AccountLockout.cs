using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EmrAuth.Web.Infrastructure.Security;

/// <summary>Failed sign-ins per account (configuration section EmrAuth:AccountLockout).</summary>
public sealed class AccountLockoutOptions
{
    public const string Section = "EmrAuth:AccountLockout";

    /// <summary>Failures in a row that cost nothing (typos).</summary>
    public int FreeFailures { get; set; } = 5;

    /// <summary>The lock after the last free failure; each further failure doubles it.</summary>
    public TimeSpan FirstLock { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>No lock is longer, however many failures: an attacker cannot shut a user out for long.</summary>
    public TimeSpan MaxLock { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>An account's count starts again after this long without a failure.</summary>
    public TimeSpan ForgetAfter { get; set; } = TimeSpan.FromHours(1);
}

/// <summary>
/// Counts failed sign-ins per user name, whatever address they come from (the rate limiter counts per address):
/// after <see cref="AccountLockoutOptions.FreeFailures"/> failures the name is locked for 30 s, then 1, 2, 4, 8 and at
/// most 15 minutes per further failure; a success clears the count. During a lock the password is not even checked,
/// so guesses gain nothing, and the right password is refused too. Names without an account are counted alike, so a
/// lock tells nothing about whether the account exists. The counts are rows of the database ("SignInFailures"), so
/// every instance on it counts the same failures, and a lock outlasts a restart.
/// </summary>
/// <remarks>
/// A failure is one upsert that adds one and returns the new count, so failures recorded at once by several instances
/// are all counted; the lock it starts only ever lengthens the stored one (of two at once, the longer stays).
/// </remarks>
public sealed class AccountLockout(IDbContextFactory<EmrAuthDbContext> dbFactory, TimeProvider clock, IOptions<AccountLockoutOptions> options)
{
    /// <summary>The longest stored name: a longer one than any account's is stored as '#' and its SHA-256 in hex.</summary>
    public const int MaxKeyLength = 65;

    /// <summary>Names not failing for <see cref="AccountLockoutOptions.ForgetAfter"/> are deleted at most this often per instance.</summary>
    public static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(1);

    private long _nextSweepTicks = DateTimeOffset.MinValue.UtcTicks;

    /// <summary>
    /// What is counted for <paramref name="userName"/>: the normalized name, or for a name too long to be an account's
    /// (more than 64 characters) '#' and its SHA-256, which no account name can equal.
    /// </summary>
    public static string Key(string userName)
    {
        var name = AccountService.NormalizeUserName(userName);
        return name.Length < MaxKeyLength ? name : "#" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)));
    }

    /// <summary>How long <paramref name="userName"/> stays locked, or null when it may try now.</summary>
    public async Task<TimeSpan?> LockedForAsync(string userName, CancellationToken cancellationToken = default)
    {
        var key = Key(userName);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var until = await db.SignInFailures.Where(f => f.UserName == key).Select(f => (long?)f.LockedUntilTicks).SingleOrDefaultAsync(cancellationToken);
        var left = TimeSpan.FromTicks((until ?? 0) - clock.GetUtcNow().UtcTicks);
        return left > TimeSpan.Zero ? left : null;
    }

    /// <summary>Records a wrong password; returns the lock it starts, if any.</summary>
    public async Task<TimeSpan?> FailedAsync(string userName, CancellationToken cancellationToken = default)
    {
        var limits = options.Value;
        var key = Key(userName);
        var now = clock.GetUtcNow().UtcTicks;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await SweepAsync(db, now, limits, cancellationToken);
        // The count starts again after ForgetAfter without a failure; otherwise it grows by one, atomically.
        var count = (await db.Database.SqlQuery<int>($"""
            INSERT INTO "SignInFailures" ("UserName", "Count", "LastTicks", "LockedUntilTicks") VALUES ({key}, 1, {now}, 0)
            ON CONFLICT ("UserName") DO UPDATE SET
              "Count" = CASE WHEN {now} - "SignInFailures"."LastTicks" > {limits.ForgetAfter.Ticks} THEN 1 ELSE "SignInFailures"."Count" + 1 END,
              "LastTicks" = {now}
            RETURNING "Count" AS "Value"
            """).ToListAsync(cancellationToken)).Single();
        var beyond = count - limits.FreeFailures;
        if (beyond < 0)
        {
            return null;
        }
        // 30 s × 2^beyond, capped; the shift is bounded so it cannot overflow.
        var lockFor = TimeSpan.FromTicks(Math.Min(limits.MaxLock.Ticks, limits.FirstLock.Ticks * (1L << Math.Min(beyond, 20))));
        var until = now + lockFor.Ticks;
        await db.SignInFailures.Where(f => f.UserName == key && f.LockedUntilTicks < until)
            .ExecuteUpdateAsync(f => f.SetProperty(x => x.LockedUntilTicks, until), cancellationToken);
        return lockFor;
    }

    /// <summary>A right password outside a lock clears the count.</summary>
    public async Task SucceededAsync(string userName, CancellationToken cancellationToken = default)
    {
        var key = Key(userName);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.SignInFailures.Where(f => f.UserName == key).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>Deletes names that stopped failing (random names cannot fill the table), at most once per <see cref="SweepInterval"/>.</summary>
    private async Task SweepAsync(EmrAuthDbContext db, long now, AccountLockoutOptions limits, CancellationToken cancellationToken)
    {
        var due = Interlocked.Read(ref _nextSweepTicks);
        if (now < due || Interlocked.CompareExchange(ref _nextSweepTicks, now + SweepInterval.Ticks, due) != due)
        {
            return;
        }
        var forgotten = now - limits.ForgetAfter.Ticks;
        await db.SignInFailures.Where(f => f.LastTicks < forgotten && f.LockedUntilTicks < now).ExecuteDeleteAsync(cancellationToken);
    }
}
