using static EmrAuth.Tests.Web.Support.PortalSteps;

namespace EmrAuth.Tests.Web.Features.Visits;

/// <summary>
/// Object-level access: only a visit's own patient and doctor act on it or see what was recovered; the serving
/// hospital and the cloud administrators may open it without the personal values; out-of-order clicks are refused.
/// </summary>
public sealed class VisitAccessTests : IAsyncLifetime
{
    private const string Hidden = "hidden (you are not a party to this visit)";

    private PortalHarness _portal = null!;

    public async Task InitializeAsync() => _portal = await PortalHarness.StartAsync();

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    [Fact]
    public async Task Another_doctor_cannot_accept_the_visit()
    {
        var (visitId, _) = await _portal.AsParty("alice").Visits.StartAsync("dr-chen");

        var refused = await Assert.ThrowsAsync<AccessDeniedException>(() => _portal.AsParty("dr-huang").Visits.AcceptAsync(visitId));
        Assert.Equal("This visit is not yours.", refused.Message);
        await Assert.ThrowsAsync<AccessDeniedException>(() => _portal.AsParty("dr-huang").Visits.RefuseAsync(visitId, "not mine"));

        var visit = await StatusAsync(_portal, visitId);
        Assert.Equal(VisitStatus.Requested, visit.Status);
        await Assert.ThrowsAsync<AccessDeniedException>(() => _portal.AsParty("dr-huang").Queries.FindAsync(visitId));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _portal.AsParty("dr-huang").Queries.EventsAsync(visitId));
        Assert.DoesNotContain(await _portal.AsParty("dr-huang").Queries.VisitsAsync(), v => v.Id == visitId);

        // The right doctor still can.
        AssertSucceeded(await _portal.AsParty("dr-chen").Visits.AcceptAsync(visitId));
    }

    [Fact]
    public async Task Another_patient_cannot_send_readings_to_the_visit()
    {
        var (visitId, _) = await _portal.AsParty("alice").Visits.StartAsync("dr-chen");
        AssertSucceeded(await _portal.AsParty("dr-chen").Visits.AcceptAsync(visitId));
        var eventsBefore = (await _portal.AsCloud().Queries.EventsAsync(visitId)).Count;

        await Assert.ThrowsAsync<AccessDeniedException>(() => _portal.AsParty("bob").Visits.SendReadingsAsync(visitId, "HR 200 bpm"));

        Assert.Equal(VisitStatus.Consulting, (await StatusAsync(_portal, visitId)).Status);
        Assert.Equal(eventsBefore, (await _portal.AsCloud().Queries.EventsAsync(visitId)).Count);
        await Assert.ThrowsAsync<AccessDeniedException>(() => _portal.AsParty("bob").Queries.FindAsync(visitId));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _portal.AsParty("bob").Queries.RecoveredAsync(visitId, "M_SD"));

        // The patient cannot act as the doctor either: the doctor-only actions need the doctor's role.
        await Assert.ThrowsAsync<AccessDeniedException>(() => _portal.AsParty("alice").Visits.SearchRecordAsync(visitId, "cardiology"));
        AssertSucceeded(await _portal.AsParty("alice").Visits.SendReadingsAsync(visitId, Readings));
    }

    [Fact]
    public async Task Viewers_see_what_their_role_allows()
    {
        var (visitId, _) = await _portal.AsParty("alice").Visits.StartAsync("dr-chen");
        AssertSucceeded(await _portal.AsParty("dr-chen").Visits.AcceptAsync(visitId));
        AssertSucceeded(await _portal.AsParty("alice").Visits.SendReadingsAsync(visitId, Readings));

        // Before the search the visit has no hospital: no hospital administrator may open it, and no M_EMR exists.
        await Assert.ThrowsAsync<AccessDeniedException>(() => _portal.AsParty("north-general").Queries.FindAsync(visitId));
        Assert.Null(await _portal.AsParty("dr-chen").Queries.RecoveredAsync(visitId, "M_EMR"));
        Assert.Equal(Readings, await _portal.AsParty("dr-chen").Queries.RecoveredAsync(visitId, "M_SD"));

        AssertSucceeded(await _portal.AsParty("dr-chen").Visits.SearchRecordAsync(visitId, "cardiology"));

        var emr = await _portal.AsParty("dr-chen").Queries.RecoveredAsync(visitId, "M_EMR");
        Assert.NotNull(emr);
        Assert.Contains(AliceRecord, emr, StringComparison.Ordinal);

        // The hospital that served the record may open the visit; the other hospital may not.
        Assert.NotNull(await _portal.AsParty("north-general").Queries.FindAsync(visitId));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _portal.AsParty("south-university").Queries.FindAsync(visitId));
        await Assert.ThrowsAsync<AccessDeniedException>(() => _portal.AsParty("south-university").Queries.EventsAsync(visitId));
        Assert.DoesNotContain(await _portal.AsParty("south-university").Queries.VisitsAsync(), v => v.Id == visitId);
        Assert.Contains(await _portal.AsParty("north-general").Queries.VisitsAsync(), v => v.Id == visitId);

        // The patient sees M_SD; the cloud administrator and the serving hospital see the same events with personal values hidden.
        var patientView = await _portal.AsParty("alice").Queries.EventsAsync(visitId);
        Assert.Equal(Readings, Recovered(patientView, "M_SD"));
        Assert.Equal(AliceRecord, Recovered(patientView, "M_EMR")?.Split(": ", 2)[1]);

        foreach (var outsider in new[] { _portal.AsCloud(), _portal.AsParty("north-general") })
        {
            Assert.NotNull(await outsider.Queries.FindAsync(visitId));
            var redacted = await outsider.Queries.EventsAsync(visitId);
            Assert.Equal(patientView.Select(e => (e.Sequence, e.GetType())), redacted.Select(e => (e.Sequence, e.GetType())));
            Assert.Equal(Hidden, Recovered(redacted, "M_SD"));
            Assert.Equal(Hidden, Recovered(redacted, "M_EMR"));
            var values = redacted.OfType<MessageView>().SelectMany(m => m.Recovered).ToList();
            Assert.All(values.Where(r => r.Sensitivity != "Public"), r => Assert.Equal(Hidden, r.Value));
            Assert.Contains(values, r => r.Sensitivity == "Public" && r.Name == "ID_DE" && r.Value == "cardiology");
            Assert.DoesNotContain(values, r => r.Value.Contains("alice", StringComparison.Ordinal) && r.Name == "ID_P");
            Assert.Null(await outsider.Queries.RecoveredAsync(visitId, "M_SD"));
            Assert.Null(await outsider.Queries.RecoveredAsync(visitId, "M_EMR"));
        }
    }

    [Fact]
    public async Task Out_of_order_actions_are_refused_without_changing_the_visit()
    {
        var (visitId, _) = await _portal.AsParty("alice").Visits.StartAsync("dr-chen");
        var events = (await _portal.AsCloud().Queries.EventsAsync(visitId)).Count;

        await AssertRefusedAsync(() => _portal.AsParty("alice").Visits.SendReadingsAsync(visitId, Readings), VisitStatus.Requested);
        await AssertRefusedAsync(() => _portal.AsParty("dr-chen").Visits.SearchRecordAsync(visitId, "cardiology"), VisitStatus.Requested);
        await AssertRefusedAsync(() => _portal.AsParty("dr-chen").Visits.DiagnoseAsync(visitId, Diagnosis), VisitStatus.Requested);
        Assert.Equal(events, (await _portal.AsCloud().Queries.EventsAsync(visitId)).Count);

        AssertSucceeded(await _portal.AsParty("dr-chen").Visits.AcceptAsync(visitId));
        await AssertRefusedAsync(() => _portal.AsParty("dr-chen").Visits.AcceptAsync(visitId), VisitStatus.Consulting);
        await AssertRefusedAsync(() => _portal.AsParty("dr-chen").Visits.RefuseAsync(visitId, "changed my mind"), VisitStatus.Consulting);
        await AssertRefusedAsync(() => _portal.AsParty("dr-chen").Visits.SearchRecordAsync(visitId, "cardiology"), VisitStatus.Consulting);
        await AssertRefusedAsync(() => _portal.AsParty("dr-chen").Visits.DiagnoseAsync(visitId, Diagnosis), VisitStatus.Consulting);

        AssertSucceeded(await _portal.AsParty("alice").Visits.SendReadingsAsync(visitId, Readings));
        await AssertRefusedAsync(() => _portal.AsParty("alice").Visits.SendReadingsAsync(visitId, Readings), VisitStatus.Searching);
        await AssertRefusedAsync(() => _portal.AsParty("dr-chen").Visits.DiagnoseAsync(visitId, Diagnosis), VisitStatus.Searching);

        AssertSucceeded(await _portal.AsParty("dr-chen").Visits.SearchRecordAsync(visitId, "cardiology"));
        await AssertRefusedAsync(() => _portal.AsParty("dr-chen").Visits.SearchRecordAsync(visitId, "cardiology"), VisitStatus.RecordRead);

        AssertSucceeded(await _portal.AsParty("dr-chen").Visits.DiagnoseAsync(visitId, Diagnosis));
        await AssertRefusedAsync(() => _portal.AsParty("dr-chen").Visits.DiagnoseAsync(visitId, "again"), VisitStatus.Diagnosed);
        Assert.Equal(2, (await _portal.AsParty("north-general").Records.RecordsAsync()).Single(r => r.PatientId == "alice").Entries.Count);

        async Task AssertRefusedAsync(Func<Task> action, VisitStatus status)
        {
            var error = await Assert.ThrowsAsync<PortalValidationException>(action);
            Assert.Equal("visit", error.Field);
            Assert.Equal(status, (await StatusAsync(_portal, visitId)).Status);
        }
    }

    [Fact]
    public async Task Bad_input_is_refused_before_anything_happens()
    {
        Assert.Equal("doctorId", (await Assert.ThrowsAsync<PortalValidationException>(() => _portal.AsParty("alice").Visits.StartAsync("dr-nobody"))).Field);
        Assert.Empty(await _portal.AsCloud().Queries.VisitsAsync());

        var (visitId, _) = await _portal.AsParty("alice").Visits.StartAsync("dr-chen");
        AssertSucceeded(await _portal.AsParty("dr-chen").Visits.AcceptAsync(visitId));
        Assert.Equal("readings", (await Assert.ThrowsAsync<PortalValidationException>(() => _portal.AsParty("alice").Visits.SendReadingsAsync(visitId, "   "))).Field);
        Assert.Equal("readings", (await Assert.ThrowsAsync<PortalValidationException>(() => _portal.AsParty("alice").Visits.SendReadingsAsync(visitId, new string('x', 2001)))).Field);
        Assert.Equal(VisitStatus.Consulting, (await StatusAsync(_portal, visitId)).Status);
        Assert.Equal("visit", (await Assert.ThrowsAsync<PortalValidationException>(() => _portal.AsParty("dr-chen").Visits.AcceptAsync(Guid.NewGuid()))).Field);
    }

    private static string? Recovered(IEnumerable<EventView> events, string name) =>
        events.OfType<MessageView>().SelectMany(m => m.Recovered).LastOrDefault(r => r.Name == name)?.Value;
}
