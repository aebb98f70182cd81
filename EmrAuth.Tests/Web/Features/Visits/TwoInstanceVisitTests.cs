using EmrAuth.Domain.Phases;
using Microsoft.EntityFrameworkCore;
using static EmrAuth.Tests.Web.Support.PortalSteps;

namespace EmrAuth.Tests.Web.Features.Visits;

/// <summary>
/// Two portal instances on one database and one key ring (issue 13): a visit's steps alternate between them, each
/// instance restoring the visit's sealed sessions the other saved, and the visit ends with one filed diagnosis.
/// </summary>
public class TwoInstanceVisitTests : TwoInstances
{
    /// <summary>The database engine; <see cref="TwoInstanceVisitOnPostgresTests"/> runs the same tests on PostgreSQL.</summary>
    protected override StorageProvider Provider => StorageProvider.Sqlite;

    // Alternating instances at every step needs the audit chain's several writers (an advisory lock across "read head →
    // commit"), which only PostgreSQL has: SQLite runs one instance, so only the PostgreSQL variant runs this.
    protected async Task AVisitAlternatingInstancesFilesOneDiagnosis()
    {
        var entriesBefore = await CountEntriesAsync();

        var (visitId, started) = await A.AsParty("alice").Visits.StartAsync("dr-chen");
        AssertSucceeded(started);
        AssertSucceeded(await B.AsParty("dr-chen").Visits.AcceptAsync(visitId));
        AssertSucceeded(await A.AsParty("alice").Visits.SendReadingsAsync(visitId, Readings));
        AssertSucceeded(await A.AsParty("dr-chen").Visits.SearchRecordAsync(visitId, "cardiology"));
        AssertSucceeded(await B.AsParty("dr-chen").Visits.DiagnoseAsync(visitId, Diagnosis));

        foreach (var instance in new[] { A, B })
        {
            Assert.Equal(VisitStatus.Diagnosed, (await StatusAsync(instance, visitId)).Status);
            Assert.Equal(Diagnosis, await instance.AsParty("alice").Queries.RecoveredAsync(visitId, "M_DINF"));
            var events = await instance.AsCloud().Queries.EventsAsync(visitId);
            Assert.All(events.OfType<VerificationView>(), c => Assert.True(c.Passed, c.Reason));
            Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.Sequence));
            var report = await instance.AsCloud().Audit.VerifyAsync();
            Assert.True(report.Intact, report.Summary);
        }
        await using var db = A.OpenDb();
        Assert.Equal(entriesBefore + 1, await CountEntriesAsync());
        Assert.Single(await db.EmrEntries.Where(e => e.Author == "dr-chen" && e.PatientId == "alice").ToListAsync());
        Assert.False(await db.VisitSessionStates.AnyAsync(s => s.VisitId == visitId));
    }

    [Fact]
    public async Task Every_step_of_a_visit_on_a_new_instance_restores_the_sealed_sessions_and_files_one_diagnosis()
    {
        var entriesBefore = await CountEntriesAsync();
        var visitId = await OnNewInstanceAsync(async i =>
        {
            var (id, started) = await i.AsParty("carol").Visits.StartAsync("dr-chen");
            AssertSucceeded(started);
            return id;
        });
        AssertSucceeded(await OnNewInstanceAsync(i => i.AsParty("dr-chen").Visits.AcceptAsync(visitId)));
        AssertSucceeded(await OnNewInstanceAsync(i => i.AsParty("carol").Visits.SendReadingsAsync(visitId, Readings)));
        AssertSucceeded(await OnNewInstanceAsync(i => i.AsParty("dr-chen").Visits.SearchRecordAsync(visitId, "cardiology")));
        AssertSucceeded(await OnNewInstanceAsync(i => i.AsParty("dr-chen").Visits.DiagnoseAsync(visitId, Diagnosis)));

        var report = await OnNewInstanceAsync(async i =>
        {
            Assert.Equal(VisitStatus.Diagnosed, (await StatusAsync(i, visitId)).Status);
            Assert.Equal(Diagnosis, await i.AsParty("carol").Queries.RecoveredAsync(visitId, "M_DINF"));
            var events = await i.AsCloud().Queries.EventsAsync(visitId);
            Assert.All(events.OfType<VerificationView>(), c => Assert.True(c.Passed, c.Reason));
            Assert.Equal(Enumerable.Range(1, events.Count).Select(n => (long)n), events.Select(e => e.Sequence));
            return await i.AsCloud().Audit.VerifyAsync();
        });
        Assert.True(report.Intact, report.Summary);
        Assert.Equal(entriesBefore + 1, await CountEntriesAsync());
        await using var db = A.OpenDb();
        Assert.Single(await db.EmrEntries.Where(e => e.Author == "dr-chen" && e.PatientId == "carol").ToListAsync());
        Assert.False(await db.VisitSessionStates.AnyAsync(s => s.VisitId == visitId));
    }

    [Fact]
    public async Task A_step_already_taken_on_one_instance_is_refused_on_the_other_and_never_applied_twice()
    {
        var (visitId, _) = await A.AsParty("bob").Visits.StartAsync("dr-huang");
        AssertSucceeded(await A.AsParty("dr-huang").Visits.AcceptAsync(visitId));

        // Instance B still believes the visit waits for the doctor; the stored state says otherwise.
        var refused = await Assert.ThrowsAsync<PortalValidationException>(() => B.AsParty("dr-huang").Visits.AcceptAsync(visitId));
        Assert.Contains("not possible now", refused.Message, StringComparison.Ordinal);

        AssertSucceeded(await B.AsParty("bob").Visits.SendReadingsAsync(visitId, Readings));
        await Assert.ThrowsAsync<PortalValidationException>(() => A.AsParty("bob").Visits.SendReadingsAsync(visitId, Readings));
        var events = await A.AsCloud().Queries.EventsAsync(visitId);
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.Sequence));
        Assert.Equal(VisitStatus.Searching, (await StatusAsync(A, visitId)).Status);
    }

    /// <summary>One action on a portal instance started for it on the shared storage and stopped after it.</summary>
    private async Task<T> OnNewInstanceAsync<T>(Func<PortalHarness, Task<T>> action)
    {
        await using var instance = await A.StartAnotherInstanceAsync();
        return await action(instance);
    }

    private async Task<int> CountEntriesAsync()
    {
        await using var db = A.OpenDb();
        return await db.EmrEntries.CountAsync();
    }
}

public sealed class TwoInstanceVisitOnPostgresTests : TwoInstanceVisitTests
{
    protected override StorageProvider Provider => StorageProvider.Postgres;

    [Fact]
    public Task A_visit_started_on_one_instance_continues_on_the_other_to_one_filed_diagnosis() => AVisitAlternatingInstancesFilesOneDiagnosis();
}
