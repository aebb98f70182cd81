using EmrAuth.Domain.Messages;
using EmrAuth.Domain.Parties;
using EmrAuth.Domain.Phases;
using EmrAuth.Domain.Transcript;

namespace EmrAuth.Domain.Attacks;

/// <summary>One received message of a visit, named after what crosses the network (the filing is received twice).</summary>
public enum Hop
{
    C_P1,
    C_D1,
    C_D1r,
    C_P2,
    C_D2,
    C_C,
    C_D3,
    C_HPC1,
    C_D4,
    C_HPC2,
    C_D5,
    FilingAtCloud,
    FilingAtHospital,
    Done,
}

/// <summary>
/// One visit driven message by message, the way <see cref="Visit"/> drives it, except that every message is held
/// until the caller (a man in the middle: the attack lab or a test) delivers it: it can alter, swap, delay or replay it
/// first, then let the run go on.
/// </summary>
public sealed class InterceptedVisit
{
    public const string Readings = "HR 72 bpm; BP 121/79 mmHg; SpO2 98 %";
    public const string DiagnosisText = "Stable. Continue current medication.";
    public const string RefusalReason = "Not accepting new patients this week.";

    private static readonly Hop[] AcceptedRoute =
        [Hop.C_P1, Hop.C_D1, Hop.C_P2, Hop.C_D2, Hop.C_C, Hop.C_D3, Hop.C_HPC1, Hop.C_D4, Hop.C_HPC2, Hop.C_D5, Hop.FilingAtCloud, Hop.FilingAtHospital];

    private static readonly Hop[] RefusedRoute = [Hop.C_P1, Hop.C_D1r];

    private readonly Hop[] _route;
    private int _position;
    private ProtocolMessage? _pending;
    private ProtocolMessage? _carried;
    private readonly List<ProtocolMessage> _delivered = [];

    public InterceptedVisit(Deployment deployment, SessionTranscript transcript, string patientId, string doctorId, string departmentId, bool refuses = false,
        ProtocolProfile? profile = null)
    {
        Profile = profile ?? deployment.Options.Profile;
        Deployment = deployment;
        Transcript = transcript;
        Patient = deployment.Patients[patientId];
        Doctor = deployment.Doctors[doctorId];
        DepartmentId = departmentId;
        Refuses = refuses;
        _route = refuses ? RefusedRoute : AcceptedRoute;
    }

    public ProtocolProfile Profile { get; }

    public Deployment Deployment { get; }

    public SessionTranscript Transcript { get; }

    public Patient Patient { get; }

    public Doctor Doctor { get; }

    public string DepartmentId { get; }

    public PatientConsultation? PatientSide { get; private set; }

    public DoctorConsultation? DoctorSide { get; private set; }

    public DoctorEmrSearch? Search { get; private set; }

    public HospitalAccessSession? HospitalSide { get; private set; }

    public string? Record { get; private set; }

    /// <summary>Every message delivered so far, in order: what a passive observer of the network recorded.</summary>
    public IReadOnlyList<ProtocolMessage> Delivered => _delivered;

    public string? ReceivedDiagnosis { get; private set; }

    /// <summary>True when the doctor will refuse the visit (the route ends with the refusal).</summary>
    public bool Refuses { get; }

    /// <summary>The hops of this run in order: the accepted visit, or the request and the refusal.</summary>
    public IReadOnlyList<Hop> Route => _route;

    /// <summary>The hop whose message is delivered next.</summary>
    public Hop Next => _position < _route.Length ? _route[_position] : Hop.Done;

    /// <summary>The genuine message for <see cref="Next"/>, produced by its sender on first access and held until delivered.</summary>
    public ProtocolMessage Pending => _pending ??= Produce(Next);

    public HospitalCloud Hospital => Deployment.Hospitals[Search?.HospitalId ?? throw new InvalidOperationException("No hospital found yet.")];

    /// <summary>The hop that receives what the receiver of <paramref name="hop"/> sends on (a relay's output).</summary>
    public static Hop After(Hop hop) => AcceptedRoute[Array.IndexOf(AcceptedRoute, hop) + 1];

    public PartyRef ReceiverOf(Hop hop) => hop switch
    {
        Hop.C_P1 or Hop.C_P2 or Hop.C_C or Hop.C_HPC1 or Hop.C_HPC2 => Doctor.Ref,
        Hop.C_D1 or Hop.C_D1r or Hop.C_D5 => Patient.Ref,
        Hop.C_D2 or Hop.FilingAtCloud => Deployment.Cloud.Ref,
        Hop.C_D3 or Hop.C_D4 or Hop.FilingAtHospital => Hospital.Ref,
        _ => throw new ArgumentOutOfRangeException(nameof(hop)),
    };

    /// <summary>Hands a message to the receiver of <paramref name="hop"/> without advancing this run; returns what the receiver sends on.</summary>
    public object? Receive(Hop hop, ProtocolMessage message)
    {
        var sink = Transcript;
        switch (hop)
        {
            case Hop.C_P1: return Doctor.ReceiveConsultationRequest((ConsultationRequest)message, Patient.Ref, sink, Profile);
            case Hop.C_D1: PatientSide!.ReceiveResponse((ConsultationResponse)message); return null;
            case Hop.C_D1r: PatientSide!.ReceiveRefusal((ConsultationRefusal)message); return null;
            case Hop.C_P2: return DoctorSide!.ReceiveReadings((SensorReadings)message);
            case Hop.C_D2: return Deployment.Cloud.AnswerIndexQuery((IndexQuery)message, Doctor.Ref, sink, Profile);
            case Hop.C_C: return Search!.ReceiveIndexAnswer((IndexAnswer)message);
            case Hop.C_D3: return Hospital.ReceiveAccessRequest((HospitalAccessRequest)message, Doctor.Ref, sink, Profile);
            case Hop.C_HPC1: return Search!.ReceiveHospitalResponse((HospitalAccessResponse)message);
            case Hop.C_D4: return HospitalSide!.ReceiveRecordRequest((RecordRequest)message);
            case Hop.C_HPC2: return Search!.ReceiveRecord((RecordDelivery)message);
            case Hop.C_D5: return PatientSide!.ReceiveDiagnosis((DiagnosisMessage)message);
            case Hop.FilingAtCloud: return Deployment.Cloud.RelayFiling((DiagnosisFiling)message, Doctor.Ref, sink, Profile).Message;
            // The hospital the search found, whatever ID_HPC the filing now names: a man in the middle sits after the relay.
            case Hop.FilingAtHospital: Hospital.ReceiveFiling((DiagnosisFiling)message, sink, Profile); return null;
            default: throw new ArgumentOutOfRangeException(nameof(hop));
        }
    }

    /// <summary>Delivers <paramref name="message"/> as this run's <see cref="Next"/> message and advances the run.</summary>
    public void Deliver(ProtocolMessage message)
    {
        var hop = Next;
        var result = Receive(hop, message);
        switch (result)
        {
            case DoctorConsultation consultation: DoctorSide = consultation; break;
            case HospitalAccessSession session: HospitalSide = session; break;
            case ProtocolMessage onward: _carried = onward; break;
            case string text when hop == Hop.C_HPC2: Record = text; break;
            case string text when hop == Hop.C_D5: ReceivedDiagnosis = text; break;
        }
        _delivered.Add(message);
        _pending = null;
        _position++;
    }

    /// <summary>Delivers every genuine message until <paramref name="hop"/> is next (its message not yet produced).</summary>
    public InterceptedVisit RunUntil(Hop hop)
    {
        if (hop != Hop.Done && !_route.Contains(hop))
        {
            throw new ArgumentException($"{hop} is not on this run's route.", nameof(hop));
        }
        while (Next != hop)
        {
            Deliver(Pending);
        }
        return this;
    }

    public InterceptedVisit RunToEnd() => RunUntil(Hop.Done);

    /// <summary>Everything a receiver could have advanced; equal snapshots mean a rejected message changed nothing.</summary>
    public string Snapshot()
    {
        var records = Deployment.Hospitals.Values.SelectMany(h => h.Records).Sum(r => r.Entries.Count);
        return $"P={PatientSide?.State} D={DoctorSide?.State} S={Search?.State} HPC={HospitalSide?.Completed} hospital={Search?.HospitalId} " +
            $"readings={DoctorSide?.Readings} record={Record is not null} diagnosis={ReceivedDiagnosis} entries={records}";
    }

    private ProtocolMessage Produce(Hop hop) => hop switch
    {
        Hop.C_P1 => (PatientSide = Patient.BeginConsultation(Doctor.Id, Transcript, Profile, [DepartmentId])).Request,
        Hop.C_D1 => DoctorSide!.Accept(),
        Hop.C_D1r => DoctorSide!.Refuse(RefusalReason),
        Hop.C_P2 => PatientSide!.SendReadings(Readings),
        Hop.C_D2 => (Search = DoctorSide!.BeginEmrSearch(DepartmentId)).Query,
        Hop.C_HPC1 => HospitalSide!.Response,
        Hop.C_D5 => DoctorSide!.SendDiagnosis(DiagnosisText),
        Hop.FilingAtCloud => DoctorSide!.FileDiagnosis(Search!),
        Hop.Done => throw new InvalidOperationException("The run is over."),
        _ => _carried!,
    };
}
