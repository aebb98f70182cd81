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
        : this(id, BiometricPassword.Derive(biometricSecret, id), bulletin, clock, options)
    {
    }

    private Patient(string id, byte[] biometricPassword, PublicBulletin bulletin, TimeProvider clock, ProtocolOptions options)
        : base(PartyRole.Patient, id, bulletin, clock, options) =>
        _biometricPassword = biometricPassword.Length == BiometricPassword.Length
            ? biometricPassword
            : throw new ArgumentException($"B_P is {BiometricPassword.Length} bytes.", nameof(biometricPassword));

    /// <summary>Reloads a device from the derived B_P the host keeps in encrypted storage (never the raw biometric).</summary>
    public static Patient FromBiometricPassword(string id, byte[] biometricPassword, PublicBulletin bulletin, TimeProvider clock, ProtocolOptions options) =>
        new(id, (byte[])biometricPassword.Clone(), bulletin, clock, options);

    /// <summary>B_P, only so the host can keep it in encrypted storage.</summary>
    public byte[] ExportBiometricPasswordForSealedStorage() => (byte[])_biometricPassword.Clone();

    protected override byte[]? IssuanceExtra => _biometricPassword;

    internal byte[] BiometricPasswordValue => _biometricPassword;

    /// <summary>Patient registration step 1: (ID_P, B_P) over the secure channel.</summary>
    public override RegistrationRequest RequestRegistration() =>
        new(PartyRole.Patient, Id, (byte[])_biometricPassword.Clone(), null, NewTimestamp());

    /// <summary>
    /// Admission_P for <paramref name="hospitalId"/>: the patient agrees to be registered there (issue 11, finding 3).
    /// Signed with PRK_P; PUK_P travels with it so the hospital can verify it and pin the key.
    /// </summary>
    public SignedAdmission SignAdmission(string hospitalId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(hospitalId);
        var credentials = RequireCredentials();
        var agreement = AdmissionAgreement.New(Id, hospitalId, NewTimestamp());
        return new SignedAdmission(agreement, Crypto.Sign(Phase.Indexing, credentials.Key, agreement.Encode()), credentials.PublicKey.Point);
    }

    /// <summary>
    /// Starts a visit with a doctor from the directory: Eqs. 11–13, in the given profile (default: the deployment's).
    /// <paramref name="departments"/> is the visit's search scope; without one it is the department on the doctor's Cert_D.
    /// <paramref name="includeRestricted"/> names restricted entries in the scope, so the hospital releases them too.
    /// </summary>
    public PatientConsultation BeginConsultation(string doctorId, IProtocolEventSink sink, ProtocolProfile? profile = null, IEnumerable<string>? departments = null,
        bool includeRestricted = false)
    {
        var credentials = RequireCredentials();
        var doctor = Trust.FindParty(Phase.Consultation, doctorId, PartyRole.Doctor);
        var scope = departments ?? [doctor.Certificate?.DepartmentId ?? throw new ProtocolStateException($"{doctorId} has no Cert_D in the directory.")];
        return new PatientConsultation(this, credentials, doctor, sink, profile ?? Options.Profile, scope, includeRestricted);
    }
}
