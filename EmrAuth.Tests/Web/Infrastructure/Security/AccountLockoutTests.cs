using System.Net;
using Microsoft.EntityFrameworkCore;
using EmrAuth.Tests.Web.Infrastructure.Instances;
using Microsoft.Extensions.DependencyInjection;

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
    public async Task Locks_grow_from_30_seconds_and_stop_at_15_minutes_and_a_success_clears_the_count()
    {
        await using var host = await SignInWebHost.StartAsync();
        var (lockout, clock) = (host.Services.GetRequiredService<AccountLockout>(), host.Clock);
        var locks = new List<TimeSpan?>();
        for (var i = 0; i < 12; i++)
        {
            clock.Advance(TimeSpan.FromMinutes(16)); // past every lock, within the hour that keeps the count
            locks.Add(await lockout.FailedAsync("Alice"));
        }
        Assert.Equal(
            [null, null, null, null, TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(4),
             TimeSpan.FromMinutes(8), TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(15)],
            locks);
        Assert.NotNull(await lockout.LockedForAsync(" alice ")); // the last lock runs; names are compared as stored
        clock.Advance(TimeSpan.FromMinutes(15));
        Assert.Null(await lockout.LockedForAsync("alice"));

        await lockout.SucceededAsync("alice");
        Assert.Null(await lockout.FailedAsync("alice"));
    }

    [Fact]
    public async Task A_name_without_an_account_locks_alike_and_an_hour_without_failures_forgets()
    {
        await using var host = await SignInWebHost.StartAsync();
        var (lockout, clock) = (host.Services.GetRequiredService<AccountLockout>(), host.Clock);
        for (var i = 0; i < 4; i++)
        {
            Assert.Null(await lockout.FailedAsync("nobody.here"));
        }
        clock.Advance(TimeSpan.FromMinutes(61));
        Assert.Null(await lockout.FailedAsync("nobody.here"));
        for (var i = 0; i < 3; i++)
        {
            Assert.Null(await lockout.FailedAsync("nobody.here"));
        }
        Assert.Equal(TimeSpan.FromSeconds(30), await lockout.FailedAsync("nobody.here"));
    }

    [Fact]
    public async Task A_name_longer_than_any_account_is_counted_under_its_hash_and_names_that_stopped_failing_are_swept()
    {
        await using var host = await SignInWebHost.StartAsync();
        var (lockout, clock) = (host.Services.GetRequiredService<AccountLockout>(), host.Clock);
        var longName = new string('a', 64) + "-and-more";
        for (var i = 0; i < 4; i++)
        {
            Assert.Null(await lockout.FailedAsync(longName));
        }
        Assert.Equal(TimeSpan.FromSeconds(30), await lockout.FailedAsync(longName));
        Assert.Null(await lockout.LockedForAsync(new string('a', 64))); // not the account its first 64 characters would name

        clock.Advance(TimeSpan.FromMinutes(61));
        await lockout.FailedAsync("someone.else");
        await using var db = await host.Services.GetRequiredService<IDbContextFactory<EmrAuthDbContext>>().CreateDbContextAsync();
        var stored = await db.SignInFailures.Select(f => f.UserName).ToListAsync();
        Assert.Equal(["someone.else"], stored);
    }

    [Fact]
    public async Task A_lock_outlasts_a_restart_of_the_portal()
    {
        await using var portal = await PortalHarness.StartAsync();
        for (var i = 0; i < 7; i++)
        {
            await SharedLimitsTests.Lockout(portal).FailedAsync("alice");
        }

        await portal.RestartAsync(downtime: TimeSpan.FromSeconds(10));

        // The seventh failure locked alice for 2 minutes; 10 s of downtime leave her locked, and the count goes on.
        Assert.InRange((await SharedLimitsTests.Lockout(portal).LockedForAsync("alice"))!.Value, TimeSpan.FromSeconds(100), TimeSpan.FromSeconds(110));
        Assert.Equal(TimeSpan.FromMinutes(4), await SharedLimitsTests.Lockout(portal).FailedAsync("alice"));
    }

    internal static string? Query(Uri location, string name) =>
        location.OriginalString.Split('?', 2).ElementAtOrDefault(1)?.Split('&')
            .Select(p => p.Split('=', 2)).Where(p => p[0] == name).Select(p => Uri.UnescapeDataString(p[1])).FirstOrDefault();
}
