using System.Net;
using Microsoft.Extensions.Options;

namespace EmrAuth.Tests.Web.Infrastructure.Security;

/// <summary>
/// Issue 11, finding 4: failed sign-ins are counted per account, not only per address. Over a real Kestrel: 40 wrong
/// passwords for alice from 40 client addresses (each far under the per-address limit) lock her account, the right
/// password is refused with the lock's own message while it lasts, and works once the injected clock passes it.
/// </summary>
public sealed class AccountLockoutTests
{
    private const string Password = "alice-right-password";

    [Fact]
    public async Task Forty_wrong_passwords_from_forty_addresses_lock_the_account_and_the_lock_ends()
    {
        await using var host = await SignInWebHost.StartAsync();
        await host.AddAccountAsync("alice", Password);

        var answers = new List<string?>();
        for (var address = 2; address < 42; address++)
        {
            using var client = host.ClientFrom(address);
            var (status, location) = await SignInWebHost.SignInAsync(client, "alice", $"guess-{address}");
            Assert.Equal(HttpStatusCode.Redirect, status);
            answers.Add(Query(location!, "error"));
        }
        // Four plain failures, the fifth starts the lock, and every later guess is refused without a password check.
        Assert.Equal(["1", "1", "1", "1"], answers.Take(4));
        Assert.All(answers.Skip(4), a => Assert.Equal("locked", a));

        using (var owner = host.ClientFrom(200))
        {
            var (_, location) = await SignInWebHost.SignInAsync(owner, "alice", Password);
            Assert.Equal("locked", Query(location!, "error"));
            var wait = int.Parse(Query(location!, "wait")!, System.Globalization.CultureInfo.InvariantCulture);
            Assert.InRange(wait, 1, 30);
            Assert.Contains("locked for a short while", EmrAuth.Web.Features.Accounts.Login.LockedMessage(wait));
        }

        // Guesses during the lock did not lengthen it: 30 s after the fifth failure the right password works.
        host.Clock.Advance(TimeSpan.FromSeconds(31));
        using (var owner = host.ClientFrom(200))
        {
            var (status, location) = await SignInWebHost.SignInAsync(owner, "alice", Password);
            Assert.Equal(HttpStatusCode.Redirect, status);
            Assert.Equal("/patient", location!.OriginalString);
        }
    }

    [Fact]
    public void Locks_grow_from_30_seconds_and_stop_at_15_minutes_and_a_success_clears_the_count()
    {
        var clock = ManualClock.StartingNow();
        var lockout = new AccountLockout(clock, Options.Create(new AccountLockoutOptions()));
        var locks = new List<TimeSpan?>();
        for (var i = 0; i < 12; i++)
        {
            clock.Advance(TimeSpan.FromMinutes(16)); // past every lock, within the hour that keeps the count
            locks.Add(lockout.Failed("Alice"));
        }
        Assert.Equal(
            [null, null, null, null, TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(4),
             TimeSpan.FromMinutes(8), TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(15)],
            locks);
        Assert.NotNull(lockout.LockedFor(" alice ")); // the last lock runs; names are compared as stored
        clock.Advance(TimeSpan.FromMinutes(15));
        Assert.Null(lockout.LockedFor("alice"));

        lockout.Succeeded("alice");
        Assert.Null(lockout.Failed("alice"));
    }

    [Fact]
    public void A_name_without_an_account_locks_alike_and_an_hour_without_failures_forgets()
    {
        var clock = ManualClock.StartingNow();
        var lockout = new AccountLockout(clock, Options.Create(new AccountLockoutOptions()));
        for (var i = 0; i < 4; i++)
        {
            Assert.Null(lockout.Failed("nobody.here"));
        }
        clock.Advance(TimeSpan.FromMinutes(61));
        Assert.Null(lockout.Failed("nobody.here"));
        for (var i = 0; i < 3; i++)
        {
            Assert.Null(lockout.Failed("nobody.here"));
        }
        Assert.Equal(TimeSpan.FromSeconds(30), lockout.Failed("nobody.here"));
    }

    private static string? Query(Uri location, string name) =>
        location.OriginalString.Split('?', 2).ElementAtOrDefault(1)?.Split('&')
            .Select(p => p.Split('=', 2)).Where(p => p[0] == name).Select(p => Uri.UnescapeDataString(p[1])).FirstOrDefault();
}
