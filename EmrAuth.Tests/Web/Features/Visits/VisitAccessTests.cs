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
        var (visitId, _) = await _portal.Visits.StartAsync("alice", "dr-chen");

        var refused = await Assert.ThrowsAsync<PortalValidationException>(() => _portal.Visits.AcceptAsync(visitId, "dr-huang"));
        Assert.Equal("visit", refused.Field);
        await Assert.ThrowsAsync<PortalValidationException>(() => _portal.Visits.RefuseAsync(visitId, "dr-huang", "not mine"));

        var visit = await StatusAsync(_portal, visitId);
        Assert.Equal(VisitStatus.Requested, visit.Status);
        Assert.Null(await _portal.Queries.FindAsync(visitId, DoctorViewer("dr-huang")));
        Assert.Empty(await _portal.Queries.EventsAsync(visitId, DoctorViewer("dr-huang")));
        Assert.DoesNotContain(await _portal.Queries.VisitsForAsync(DoctorViewer("dr-huang")), v => v.Id == visitId);

        // The right doctor still can.
        AssertSucceeded(await _portal.Visits.AcceptAsync(visitId, "dr-chen"));
    }

    [Fact]
    public async Task Another_patient_cannot_send_readings_to_the_visit()
    {
        var (visitId, _) = await _portal.Visits.StartAsync("alice", "dr-chen");
        AssertSucceeded(await _portal.Visits.AcceptAsync(visitId, "dr-chen"));
        var eventsBefore = (await _portal.Queries.EventsAsync(visitId, CloudViewer)).Count;

        var refused = await Assert.ThrowsAsync<PortalValidationException>(() => _portal.Visits.SendReadingsAsync(visitId, "bob", "HR 200 bpm"));

        Assert.Equal("visit", refused.Field);
        Assert.Equal(VisitStatus.Consulting, (await StatusAsync(_portal, visitId)).Status);
        Assert.Equal(eventsBefore, (await _portal.Queries.EventsAsync(visitId, CloudViewer)).Count);
        Assert.Null(await _portal.Queries.FindAsync(visitId, PatientViewer("bob")));
        Assert.Null(await _portal.Queries.RecoveredAsync(visitId, PatientViewer("bob"), "M_SD"));

        // A doctor cannot act as the patient either: the doctor-only actions take the doctor's id.
        await Assert.ThrowsAsync<PortalValidationException>(() => _portal.Visits.SearchRecordAsync(visitId, "alice", "cardiology"));
        AssertSucceeded(await _portal.Visits.SendReadingsAsync(visitId, "alice", Readings));
    }

    [Fact]
    public async Task Viewers_see_what_their_role_allows()
    {
        var (visitId, _) = await _portal.Visits.StartAsync("alice", "dr-chen");
        AssertSucceeded(await _portal.Visits.AcceptAsync(visitId, "dr-chen"));
        AssertSucceeded(await _portal.Visits.SendReadingsAsync(visitId, "alice", Readings));

        // Before the search the visit has no hospital: no hospital administrator may open it, and no M_EMR exists.
        Assert.Null(await _portal.Queries.FindAsync(visitId, HospitalViewer("north-general")));
        Assert.Null(await _portal.Queries.RecoveredAsync(visitId, DoctorViewer("dr-chen"), "M_EMR"));
        Assert.Equal(Readings, await _portal.Queries.RecoveredAsync(visitId, DoctorViewer("dr-chen"), "M_SD"));

        AssertSucceeded(await _portal.Visits.SearchRecordAsync(visitId, "dr-chen", "cardiology"));

        var emr = await _portal.Queries.RecoveredAsync(visitId, DoctorViewer("dr-chen"), "M_EMR");
        Assert.NotNull(emr);
        Assert.Contains(AliceRecord, emr, StringComparison.Ordinal);

        // The hospital that served the record may open the visit; the other hospital may not.
        Assert.NotNull(await _portal.Queries.FindAsync(visitId, HospitalViewer("north-general")));
        Assert.Null(await _portal.Queries.FindAsync(visitId, HospitalViewer("south-university")));
        Assert.Empty(await _portal.Queries.EventsAsync(visitId, HospitalViewer("south-university")));
        Assert.DoesNotContain(await _portal.Queries.VisitsForAsync(HospitalViewer("south-university")), v => v.Id == visitId);
        Assert.Contains(await _portal.Queries.VisitsForAsync(HospitalViewer("north-general")), v => v.Id == visitId);

        // The patient sees M_SD; the cloud administrator and the serving hospital see the same events with personal values hidden.
        var patientView = await _portal.Queries.EventsAsync(visitId, PatientViewer("alice"));
        Assert.Equal(Readings, Recovered(patientView, "M_SD"));
        Assert.Equal(AliceRecord, Recovered(patientView, "M_EMR")?.Split(": ", 2)[1]);

        foreach (var outsider in new[] { CloudViewer, HospitalViewer("north-general") })
        {
            Assert.NotNull(await _portal.Queries.FindAsync(visitId, outsider));
            var redacted = await _portal.Queries.EventsAsync(visitId, outsider);
            Assert.Equal(patientView.Select(e => (e.Sequence, e.GetType())), redacted.Select(e => (e.Sequence, e.GetType())));
            Assert.Equal(Hidden, Recovered(redacted, "M_SD"));
            Assert.Equal(Hidden, Recovered(redacted, "M_EMR"));
            var values = redacted.OfType<MessageView>().SelectMany(m => m.Recovered).ToList();
            Assert.All(values.Where(r => r.Sensitivity != "Public"), r => Assert.Equal(Hidden, r.Value));
            Assert.Contains(values, r => r.Sensitivity == "Public" && r.Name == "ID_DE" && r.Value == "cardiology");
            Assert.DoesNotContain(values, r => r.Value.Contains("alice", StringComparison.Ordinal) && r.Name == "ID_P");
            Assert.Null(await _portal.Queries.RecoveredAsync(visitId, outsider, "M_SD"));
            Assert.Null(await _portal.Queries.RecoveredAsync(visitId, outsider, "M_EMR"));
        }
    }

    [Fact]
    public async Task Out_of_order_actions_are_refused_without_changing_the_visit()
    {
        var (visitId, _) = await _portal.Visits.StartAsync("alice", "dr-chen");
        var events = (await _portal.Queries.EventsAsync(visitId, CloudViewer)).Count;

        await AssertRefusedAsync(() => _portal.Visits.SendReadingsAsync(visitId, "alice", Readings), VisitStatus.Requested);
        await AssertRefusedAsync(() => _portal.Visits.SearchRecordAsync(visitId, "dr-chen", "cardiology"), VisitStatus.Requested);
        await AssertRefusedAsync(() => _portal.Visits.DiagnoseAsync(visitId, "dr-chen", Diagnosis), VisitStatus.Requested);
        Assert.Equal(events, (await _portal.Queries.EventsAsync(visitId, CloudViewer)).Count);

        AssertSucceeded(await _portal.Visits.AcceptAsync(visitId, "dr-chen"));
        await AssertRefusedAsync(() => _portal.Visits.AcceptAsync(visitId, "dr-chen"), VisitStatus.Consulting);
        await AssertRefusedAsync(() => _portal.Visits.RefuseAsync(visitId, "dr-chen", "changed my mind"), VisitStatus.Consulting);
        await AssertRefusedAsync(() => _portal.Visits.SearchRecordAsync(visitId, "dr-chen", "cardiology"), VisitStatus.Consulting);
        await AssertRefusedAsync(() => _portal.Visits.DiagnoseAsync(visitId, "dr-chen", Diagnosis), VisitStatus.Consulting);

        AssertSucceeded(await _portal.Visits.SendReadingsAsync(visitId, "alice", Readings));
        await AssertRefusedAsync(() => _portal.Visits.SendReadingsAsync(visitId, "alice", Readings), VisitStatus.Searching);
        await AssertRefusedAsync(() => _portal.Visits.DiagnoseAsync(visitId, "dr-chen", Diagnosis), VisitStatus.Searching);

        AssertSucceeded(await _portal.Visits.SearchRecordAsync(visitId, "dr-chen", "cardiology"));
        await AssertRefusedAsync(() => _portal.Visits.SearchRecordAsync(visitId, "dr-chen", "cardiology"), VisitStatus.RecordRead);

        AssertSucceeded(await _portal.Visits.DiagnoseAsync(visitId, "dr-chen", Diagnosis));
        await AssertRefusedAsync(() => _portal.Visits.DiagnoseAsync(visitId, "dr-chen", "again"), VisitStatus.Diagnosed);
        Assert.Equal(2, _portal.Records.RecordsOf("north-general").Single(r => r.PatientId == "alice").Entries.Count);

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
        await Assert.ThrowsAsync<PortalValidationException>(() => _portal.Visits.StartAsync("nobody", "dr-chen"));
        Assert.Equal("doctorId", (await Assert.ThrowsAsync<PortalValidationException>(() => _portal.Visits.StartAsync("alice", "dr-nobody"))).Field);
        Assert.Empty(await _portal.Queries.VisitsForAsync(CloudViewer));

        var (visitId, _) = await _portal.Visits.StartAsync("alice", "dr-chen");
        AssertSucceeded(await _portal.Visits.AcceptAsync(visitId, "dr-chen"));
        Assert.Equal("readings", (await Assert.ThrowsAsync<PortalValidationException>(() => _portal.Visits.SendReadingsAsync(visitId, "alice", "   "))).Field);
        Assert.Equal("readings", (await Assert.ThrowsAsync<PortalValidationException>(() => _portal.Visits.SendReadingsAsync(visitId, "alice", new string('x', 2001)))).Field);
        Assert.Equal(VisitStatus.Consulting, (await StatusAsync(_portal, visitId)).Status);
        Assert.Equal("visit", (await Assert.ThrowsAsync<PortalValidationException>(() => _portal.Visits.AcceptAsync(Guid.NewGuid(), "dr-chen"))).Field);
    }

    private static string? Recovered(IEnumerable<EventView> events, string name) =>
        events.OfType<MessageView>().SelectMany(m => m.Recovered).LastOrDefault(r => r.Name == name)?.Value;
}
