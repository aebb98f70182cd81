using EmrAuth.Domain.Phases;
using EmrAuth.Domain.Transcript;

namespace EmrAuth.Web.Features.Visits;

/// <summary>
/// A visit's protocol sessions while it runs. They hold the ephemeral r_i and session keys, so they live only
/// in memory: after a restart an unfinished visit is marked interrupted and must be started again.
/// </summary>
/// <remarks>Not thread-safe: the steps of a visit run one at a time, under its patient's gate (ProtocolHost).</remarks>
internal sealed class LiveVisit(Guid id, string patientId, ProtocolProfile profile)
{
    public Guid Id { get; } = id;

    /// <summary>Whose gate the visit's steps hold.</summary>
    public string PatientId { get; } = patientId;

    /// <summary>The profile this visit runs, as stored in <c>VisitRecord.Profile</c>; every step passes it to the parties.</summary>
    public ProtocolProfile Profile { get; } = profile;

    public SessionTranscript Transcript { get; } = new(id.ToString());

    public PatientConsultation? PatientSide { get; set; }

    public DoctorConsultation? DoctorSide { get; set; }

    public DoctorEmrSearch? Search { get; set; }

    public HospitalAccessSession? HospitalSide { get; set; }

    /// <summary>The last transcript sequence written to the database.</summary>
    public long PersistedSequence { get; set; }
}

/// <summary>The deployment's running visits: one table for every user's <see cref="VisitService"/>.</summary>
public sealed class OpenVisits
{
    internal System.Collections.Concurrent.ConcurrentDictionary<Guid, LiveVisit> Sessions { get; } = new();
}
