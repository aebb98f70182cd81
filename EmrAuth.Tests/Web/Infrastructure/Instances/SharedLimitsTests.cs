using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static EmrAuth.Tests.Web.Features.Accounts.SignUpLimitsTests;
using static EmrAuth.Tests.Web.Infrastructure.Security.AccountLockoutTests;

namespace EmrAuth.Tests.Web.Infrastructure.Instances;

/// <summary>
/// The sign-in lockout and the sign-up limits count across instances (docs/postgresql.md#several-instances): an
/// attacker who reaches two instances gets no more guesses and no more sign-ups than one instance allows, also when
/// both instances record at the same moment.
/// </summary>
public sealed class SharedLimitsTests : TwoInstances
{
    [Fact]
    public async Task Twenty_failures_at_once_from_both_instances_are_all_counted()
    {
        var (onA, onB) = (Lockout(A), Lockout(B));

        await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(() => (i % 2 == 0 ? onA : onB).FailedAsync("carol"))));

        await using var db = A.OpenDb();
        Assert.Equal(20, (await db.SignInFailures.SingleAsync(f => f.UserName == "carol")).Count);
        // The 20th failure's lock (capped at 15 minutes) is in force on both.
        Assert.InRange((await onB.LockedForAsync("carol"))!.Value, TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(15));
        Assert.NotNull(await onA.LockedForAsync("Carol"));
    }

    [Fact]
    public async Task Sign_ups_alternating_between_instances_stop_at_ten_per_address_in_total()
    {
        SetSignUpLimits(perAddress: 10, overall: 100);
        for (var i = 0; i < 10; i++)
        {
            await SignUpFromAsync(i % 2 == 0 ? A : B, "203.0.113.9", $"spam-{i}");
        }

        foreach (var instance in new[] { A, B })
        {
            var refused = await Assert.ThrowsAsync<PortalValidationException>(() => SignUpFromAsync(instance, "203.0.113.9", "spam-more"));
            Assert.Equal(SignUpService.TooMany, refused.Message);
        }
        await SignUpFromAsync(B, "198.51.100.9", "other-address");
    }

    [Fact]
    public async Task Thirty_sign_ups_at_once_on_both_instances_take_exactly_the_ten_places()
    {
        SetSignUpLimits(perAddress: 10, overall: 100);
        var (onA, onB) = (A.Get<SignUpLimiter>(), B.Get<SignUpLimiter>());

        var answers = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => Task.Run(() => (i % 2 == 0 ? onA : onB).TryAcquireAsync("192.0.2.77"))));

        Assert.Equal(10, answers.Count(a => a));
        await using var db = A.OpenDb();
        Assert.Equal(10, await db.SignUpSubmissions.CountAsync(s => s.Address == "192.0.2.77"));
    }

    /// <summary>An instance's lockout over its own services, as AddEmrAuthSecurity registers it (the headless portal leaves the HTTP side out).</summary>
    internal static AccountLockout Lockout(PortalHarness instance) =>
        new(instance.Get<IDbContextFactory<EmrAuthDbContext>>(), instance.Clock, Options.Create(new AccountLockoutOptions()));

    private void SetSignUpLimits(int perAddress, int overall)
    {
        foreach (var instance in new[] { A, B })
        {
            var limits = instance.Get<IOptions<SignUpOptions>>().Value;
            (limits.PerAddressPerHour, limits.OverallPerHour) = (perAddress, overall);
        }
    }
}

/// <summary>
/// Two sign-in endpoints on one PostgreSQL database, over real Kestrels, as two instances behind nginx whose
/// affinity cookie the attacker drops: wrong passwords alternating between them lock the name after five in total.
/// </summary>
public sealed class SharedLockoutOverHttpTests
{
    private const string Password = "alice-right-password";

    [Fact]
    public async Task Failures_alternating_between_two_instances_lock_the_name_after_five_in_total()
    {
        await using var a = await SignInWebHost.StartOnPostgresAsync();
        await using var b = await a.StartAnotherInstanceAsync();
        await a.AddAccountAsync("alice", Password);

        var answers = new List<string?>();
        for (var i = 0; i < 5; i++)
        {
            using var client = (i % 2 == 0 ? a : b).ClientFrom(10 + i);
            var (status, location) = await SignInWebHost.SignInAsync(client, "alice", $"guess-{i}");
            Assert.Equal(HttpStatusCode.Redirect, status);
            answers.Add(Query(location!, "error"));
        }
        Assert.Equal(["1", "1", "1", "1", "locked"], answers);

        // The sixth try is refused on either instance, the right password too.
        foreach (var instance in new[] { a, b })
        {
            using var owner = instance.ClientFrom(200);
            var (_, location) = await SignInWebHost.SignInAsync(owner, "alice", Password);
            Assert.Equal("locked", Query(location!, "error"));
        }

        a.Clock.Advance(TimeSpan.FromSeconds(31));
        using (var owner = b.ClientFrom(201))
        {
            var (_, location) = await SignInWebHost.SignInAsync(owner, "alice", Password);
            Assert.Equal("/patient", location!.OriginalString);
        }
    }
}
