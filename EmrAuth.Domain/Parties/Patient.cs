using EmrAuth.Domain.Crypto;
using EmrAuth.Domain.Messages;
using EmrAuth.Domain.Phases;
using EmrAuth.Domain.Registry;
using EmrAuth.Domain.Transcript;

namespace EmrAuth.Domain.Parties;

/// <summary>
/// P, as the patient's smart device: holds B_P (derived from the biometric secret, never the raw value) and,
/// once registered, (R_P1, S_P).
/// </summary>
public sealed class Patient : Participant
{
    private readonly byte[] _biometricPassword;

    public Patient(string id, ReadOnlySpan<byte> biometricSecret, PublicBulletin bulletin, TimeProvider clock, ProtocolOptions options)
        : base(PartyRole.Patient, id, bulletin, clock, options) =>
        _biometricPassword = BiometricPassword.Derive(biometricSecret, id);

    protected override byte[]? IssuanceExtra => _biometricPassword;

    internal byte[] BiometricPasswordValue => _biometricPassword;

    /// <summary>Patient registration step 1: (ID_P, B_P) over the secure channel.</summary>
    public override RegistrationRequest RequestRegistration() =>
        new(PartyRole.Patient, Id, (byte[])_biometricPassword.Clone(), null, NewTimestamp());

    /// <summary>Starts a visit with a doctor from the directory: Eqs. 11–13.</summary>
    public PatientConsultation BeginConsultation(string doctorId, IProtocolEventSink sink)
    {
        var credentials = RequireCredentials();
        var doctor = Trust.FindParty(Phase.Consultation, doctorId, PartyRole.Doctor);
        return new PatientConsultation(this, credentials, doctor, sink);
    }
}
