using System.Collections.Concurrent;
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
/// lock tells nothing about whether the account exists. Kept in memory: a restart clears it (as it ends every session).
/// </summary>
public sealed class AccountLockout(TimeProvider clock, IOptions<AccountLockoutOptions> options)
{
    /// <summary>Above this many tracked names, those not failing recently are dropped (random names cannot fill memory).</summary>
    private const int PruneAbove = 10_000;

    private sealed class Failures
    {
        public int Count;
        public DateTimeOffset Last;
        public DateTimeOffset LockedUntil;
    }

    private readonly ConcurrentDictionary<string, Failures> _byName = new(StringComparer.Ordinal);

    /// <summary>How long <paramref name="userName"/> stays locked, or null when it may try now.</summary>
    public TimeSpan? LockedFor(string userName)
    {
        if (!_byName.TryGetValue(AccountService.NormalizeUserName(userName), out var failures))
        {
            return null;
        }
        lock (failures)
        {
            var left = failures.LockedUntil - clock.GetUtcNow();
            return left > TimeSpan.Zero ? left : null;
        }
    }

    /// <summary>Records a wrong password; returns the lock it starts, if any.</summary>
    public TimeSpan? Failed(string userName)
    {
        var limits = options.Value;
        var now = clock.GetUtcNow();
        if (_byName.Count > PruneAbove)
        {
            foreach (var stale in _byName.Where(f => now - f.Value.Last > limits.ForgetAfter).Select(f => f.Key).ToList())
            {
                _byName.TryRemove(stale, out _);
            }
        }
        var failures = _byName.GetOrAdd(AccountService.NormalizeUserName(userName), _ => new Failures());
        lock (failures)
        {
            if (now - failures.Last > limits.ForgetAfter)
            {
                failures.Count = 0;
            }
            failures.Count++;
            failures.Last = now;
            var beyond = failures.Count - limits.FreeFailures;
            if (beyond < 0)
            {
                return null;
            }
            // 30 s × 2^beyond, capped; the shift is bounded so it cannot overflow.
            var lockFor = TimeSpan.FromTicks(Math.Min(limits.MaxLock.Ticks, limits.FirstLock.Ticks * (1L << Math.Min(beyond, 20))));
            failures.LockedUntil = now + lockFor;
            return lockFor;
        }
    }

    /// <summary>A right password outside a lock clears the count.</summary>
    public void Succeeded(string userName) => _byName.TryRemove(AccountService.NormalizeUserName(userName), out _);
}
