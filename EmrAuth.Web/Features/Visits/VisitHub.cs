namespace EmrAuth.Web.Features.Visits;

/// <summary>A change to a visit that dashboards should show: its status and, when there is one, a new event.</summary>
public sealed record VisitChange(Guid VisitId, string PatientId, string DoctorId, string? HospitalId, string Status, EventView? Event);

/// <summary>A change to a migration: its status, the next step and, when there is one, a new event.</summary>
public sealed record MigrationChange(Guid MigrationId, string PatientId, string SourceId, string DestinationId, string Status, string NextStep, EventView? Event);

/// <summary>
/// The one in-process event stream: protocol services publish every visit event and status change, and every
/// open dashboard subscribes. Handlers run on the publisher's thread; components marshal with InvokeAsync.
/// </summary>
/// <remarks>
/// With several instances on PostgreSQL, each change without an event (a status change, a registry change) also goes
/// to the other instances as a NOTIFY (<see cref="InstanceEvents"/>), where it is raised again: dashboards reload
/// from the database on such changes. Transcript events stay in their instance (they are in the database too).
/// </remarks>
public sealed class VisitHub(InstanceLinks? links = null)
{
    public event Action<VisitChange>? Changed;

    /// <summary>Registrations, certificates and records changed: admin lists refresh.</summary>
    public event Action<string>? RegistryChanged;

    /// <summary>Migrations (M1–M9) progressed: the patient's page, both hospitals' lists and the TTPH page refresh.</summary>
    public event Action<MigrationChange>? MigrationChanged;

    public void Publish(VisitChange change)
    {
        Changed?.Invoke(change);
        if (change.Event is null)
        {
            links?.Notify(new InstanceEvent(links.InstanceId, change, null, null));
        }
    }

    public void Publish(MigrationChange change)
    {
        MigrationChanged?.Invoke(change);
        if (change.Event is null)
        {
            links?.Notify(new InstanceEvent(links.InstanceId, null, change, null));
        }
    }

    public void PublishRegistryChange(string what)
    {
        RegistryChanged?.Invoke(what);
        links?.Notify(new InstanceEvent(links.InstanceId, null, null, what));
    }

    /// <summary>Raises, in this instance only, a change another instance published.</summary>
    internal void Raise(InstanceEvent received)
    {
        if (received.Visit is { } visit)
        {
            Changed?.Invoke(visit);
        }
        if (received.Migration is { } migration)
        {
            MigrationChanged?.Invoke(migration);
        }
        if (received.Registry is { } what)
        {
            RegistryChanged?.Invoke(what);
        }
    }
}
