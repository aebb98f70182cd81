using static EmrAuth.Tests.Web.Support.PortalSteps;

namespace EmrAuth.Tests.Web.Features.Visits;

/// <summary>Open dashboards subscribe to <see cref="VisitHub"/> and see each event of a visit as it happens.</summary>
public sealed class VisitHubTests : IAsyncLifetime
{
    private PortalHarness _portal = null!;

    public async Task InitializeAsync() => _portal = await PortalHarness.StartAsync();

    public async Task DisposeAsync() => await _portal.DisposeAsync();

    [Fact]
    public async Task A_subscriber_receives_every_event_of_a_visit_in_order_while_it_runs()
    {
        var changes = new List<VisitChange>();
        var gate = new object();
        void OnChanged(VisitChange change)
        {
            lock (gate)
            {
                changes.Add(change);
            }
        }
        _portal.Hub.Changed += OnChanged;
        try
        {
            var (visitId, _) = await _portal.AsParty("alice").Visits.StartAsync("dr-chen");

            // Already published when StartAsync returns: the request, the doctor's checks, and the status.
            var afterStart = Snapshot();
            Assert.NotEmpty(afterStart);
            Assert.All(afterStart, c => Assert.Equal((visitId, "alice", "dr-chen"), (c.VisitId, c.PatientId, c.DoctorId)));
            Assert.Contains(afterStart, c => c.Event is VerificationView { Equation: 15, Passed: true });
            Assert.Equal((nameof(VisitStatus.Requested), null), (afterStart[^1].Status, afterStart[^1].Event));
            var startedEvents = afterStart.Count(c => c.Event is not null);
            Assert.Equal(startedEvents, (await _portal.AsCloud().Queries.EventsAsync(visitId)).Count);

            AssertSucceeded(await _portal.AsParty("dr-chen").Visits.AcceptAsync(visitId));
            Assert.Contains(Snapshot().Skip(afterStart.Count), c => c.Event is VerificationView { Equation: 22, Passed: true });
            Assert.Equal(nameof(VisitStatus.Consulting), Snapshot()[^1].Status);

            AssertSucceeded(await _portal.AsParty("alice").Visits.SendReadingsAsync(visitId, Readings));
            AssertSucceeded(await _portal.AsParty("dr-chen").Visits.SearchRecordAsync(visitId, "cardiology"));
            Assert.Equal(("north-general", nameof(VisitStatus.RecordRead)), (Snapshot()[^1].HospitalId, Snapshot()[^1].Status));
            AssertSucceeded(await _portal.AsParty("dr-chen").Visits.DiagnoseAsync(visitId, Diagnosis));

            var all = Snapshot();
            var published = all.Where(c => c.Event is not null).Select(c => c.Event!).ToList();
            var stored = await _portal.AsParty("dr-chen").Queries.EventsAsync(visitId);

            // Every stored event was published exactly once, in sequence order, with the same content.
            Assert.Equal(Enumerable.Range(1, stored.Count).Select(i => (long)i), published.Select(e => e.Sequence));
            Assert.Equal(stored.Select(Describe), published.Select(Describe));

            // One status change per action, in the order the visit went through them.
            Assert.Equal(
                ["Requested", "Consulting", "Searching", "RecordRead", "Diagnosed"],
                all.Where(c => c.Event is null).Select(c => c.Status));
            Assert.Equal(nameof(VisitStatus.Diagnosed), all[^1].Status);
        }
        finally
        {
            _portal.Hub.Changed -= OnChanged;
        }

        List<VisitChange> Snapshot()
        {
            lock (gate)
            {
                return [.. changes];
            }
        }
    }

    [Fact]
    public async Task Refused_input_publishes_nothing_and_registry_changes_are_announced()
    {
        var changes = new List<VisitChange>();
        var registry = new List<string>();
        void OnChanged(VisitChange change) => changes.Add(change);
        void OnRegistry(string what) => registry.Add(what);
        _portal.Hub.Changed += OnChanged;
        _portal.Hub.RegistryChanged += OnRegistry;
        try
        {
            var (visitId, _) = await _portal.AsParty("alice").Visits.StartAsync("dr-chen");
            var count = changes.Count;
            await Assert.ThrowsAsync<AccessDeniedException>(() => _portal.AsParty("dr-huang").Visits.AcceptAsync(visitId));
            await Assert.ThrowsAsync<PortalValidationException>(() => _portal.AsParty("alice").Visits.SendReadingsAsync(visitId, Readings));
            Assert.Equal(count, changes.Count);

            await _portal.AsParty("north-general").Records.AddEntryAsync("alice", "cardiology", "Follow-up booked.");
            var serial = (await _portal.AsCloud().Registry.DoctorsAsync()).Single(d => d.Id == "dr-deng").CertificateSerial;
            await _portal.AsCloud().Registrations.RevokeCertificateAsync(serial, "Retired");
            Assert.Equal(["records", "certificates"], registry);
        }
        finally
        {
            _portal.Hub.Changed -= OnChanged;
            _portal.Hub.RegistryChanged -= OnRegistry;
        }
    }

    private static string Describe(EventView view) => System.Text.Json.JsonSerializer.Serialize(view);
}
