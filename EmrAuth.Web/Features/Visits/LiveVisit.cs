using EmrAuth.Domain.Phases;
using EmrAuth.Domain.Transcript;

namespace EmrAuth.Web.Features.Visits;

/// <summary>
/// A visit's protocol sessions while a step runs. Between steps they live sealed in the database
/// (<see cref="VisitStateStore"/>); this instance keeps the copy it last saved, used again while it is still the
/// stored version, so any instance, or this one after a restart, can continue the visit.
/// </summary>
/// <remarks>Not thread-safe: the steps of a visit run one at a time, under its patient's gate (ProtocolHost).</remarks>
/// <param name="persistedSequence">The last transcript sequence already stored: a restored visit numbers on from it.</param>
internal sealed class LiveVisit(Guid id, string patientId, ProtocolProfile profile, long persistedSequence = 0)
{
    public Guid Id { get; } = id;

    /// <summary>Whose gate the visit's steps hold.</summary>
    public string PatientId { get; } = patientId;

    /// <summary>The profile this visit runs, as stored in <c>VisitRecord.Profile</c>; every step passes it to the parties.</summary>
    public ProtocolProfile Profile { get; } = profile;

    public SessionTranscript Transcript { get; } = new(id.ToString(), persistedSequence);

    public PatientConsultation? PatientSide { get; set; }

    public DoctorConsultation? DoctorSide { get; set; }

    public DoctorEmrSearch? Search { get; set; }

    public HospitalAccessSession? HospitalSide { get; set; }

    /// <summary>The last transcript sequence written to the database.</summary>
    public long PersistedSequence { get; set; } = persistedSequence;

    /// <summary>The <see cref="VisitSessionState.Version"/> these sessions were last saved as.</summary>
    public long StateVersion { get; set; }
}

/// <summary>This instance's copies of running visits, each valid while its version is the stored one (<see cref="VisitStateStore"/>).</summary>
public sealed class OpenVisits
{
    internal System.Collections.Concurrent.ConcurrentDictionary<Guid, LiveVisit> Sessions { get; } = new();
}
