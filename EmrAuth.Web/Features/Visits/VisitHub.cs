namespace EmrAuth.Web.Features.Visits;

/// <summary>A change to a visit that dashboards should show: its status and, when there is one, a new event.</summary>
public sealed record VisitChange(Guid VisitId, string PatientId, string DoctorId, string? HospitalId, string Status, EventView? Event);

/// <summary>A change to a migration: its status, the next step and, when there is one, a new event.</summary>
public sealed record MigrationChange(Guid MigrationId, string PatientId, string SourceId, string DestinationId, string Status, string NextStep, EventView? Event);

/// <summary>
/// The one in-process event stream: protocol services publish every visit event and status change, and every
/// open dashboard subscribes. Handlers run on the publisher's thread; components marshal with InvokeAsync.
/// </summary>
public sealed class VisitHub
{
    public event Action<VisitChange>? Changed;

    /// <summary>Registrations, certificates and records changed: admin lists refresh.</summary>
    public event Action<string>? RegistryChanged;

    /// <summary>Migrations (M1–M9) progressed: the patient's page, both hospitals' lists and the TTPH page refresh.</summary>
    public event Action<MigrationChange>? MigrationChanged;

    public void Publish(VisitChange change) => Changed?.Invoke(change);

    public void Publish(MigrationChange change) => MigrationChanged?.Invoke(change);

    public void PublishRegistryChange(string what) => RegistryChanged?.Invoke(what);
}
