using EmrAuth.Domain.Parties;
using EmrAuth.Domain.Transcript;

namespace EmrAuth.Domain.Phases;

/// <summary>
/// One honest visit driven end to end in process: consultation, EMR search, diagnosis and filing, every message
/// delivered unchanged, in the given profile (default: the deployment's) and search scope (default: the department
/// on the doctor's Cert_D; restricted entries only with <paramref name="includeRestricted"/>). Tests and benchmarks use
/// it; each step is also callable on the parties themselves.
/// </summary>
public sealed class Visit(Deployment deployment, Patient patient, Doctor doctor, IProtocolEventSink sink, ProtocolProfile? profile = null,
    IReadOnlyCollection<string>? scope = null, bool includeRestricted = false)
{
    public ProtocolProfile Profile { get; } = profile ?? deployment.Options.Profile;

    public PatientConsultation? PatientSide { get; private set; }

    public DoctorConsultation? DoctorSide { get; private set; }

    public DoctorEmrSearch? Search { get; private set; }

    public HospitalAccessSession? HospitalSide { get; private set; }

    /// <summary>Eqs. 11–24.</summary>
    public void Consult(string readings)
    {
        PatientSide = patient.BeginConsultation(doctor.Id, sink, Profile, scope, includeRestricted);
        DoctorSide = doctor.ReceiveConsultationRequest(PatientSide.Request, patient.Ref, sink, Profile);
        PatientSide.ReceiveResponse(DoctorSide.Accept());
        DoctorSide.ReceiveReadings(PatientSide.SendReadings(readings));
    }

    /// <summary>Eqs. 25–48; returns M_EMR.</summary>
    public string SearchRecord(string departmentId)
    {
        var cloud = deployment.Cloud;
        Search = DoctorSide!.BeginEmrSearch(departmentId);
        var answer = cloud.AnswerIndexQuery(Search.Query, doctor.Ref, sink, Profile);
        var accessRequest = Search.ReceiveIndexAnswer(answer);
        var hospital = deployment.Hospitals[Search.HospitalId!];
        HospitalSide = hospital.ReceiveAccessRequest(accessRequest, doctor.Ref, sink, Profile);
        var recordRequest = Search.ReceiveHospitalResponse(HospitalSide.Response);
        return Search.ReceiveRecord(HospitalSide.ReceiveRecordRequest(recordRequest));
    }

    /// <summary>Eqs. 49–50 and architecture step 4 (a <paramref name="restricted"/> diagnosis with the doctor's Label_S); returns what the patient read.</summary>
    public string Diagnose(string diagnosis, bool restricted = false)
    {
        var received = PatientSide!.ReceiveDiagnosis(DoctorSide!.SendDiagnosis(diagnosis));
        var route = deployment.Cloud.RelayFiling(DoctorSide.FileDiagnosis(Search!, restricted), doctor.Ref, sink, Profile);
        deployment.Hospitals[route.HospitalId].ReceiveFiling(route.Message, sink, Profile);
        return received;
    }
}
