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

    /// <summary>Delegation_P for <paramref name="delegateId"/>, signed with PRK_P, as the message that registers it at the public cloud.</summary>
    public (SignedDelegation Delegation, PatientStatement Message) SignDelegation(string delegateId, DelegateRole role, DelegatePermissions permissions,
        DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        var credentials = RequireCredentials();
        var t = NewTimestamp();
        var delegation = PatientDelegation.New(Id, delegateId, role, permissions, notBefore.ToUnixTimeMilliseconds(), notAfter.ToUnixTimeMilliseconds(), t);
        var signed = new SignedDelegation(delegation, Crypto.Sign(Phase.Indexing, credentials.Key, delegation.Encode()));
        return (signed, new PatientStatement("Delegation_P, Sig_G", signed.Encode(), t));
    }

    /// <summary>Revocation_G of one of this patient's delegations, signed with PRK_P, as the message that registers it.</summary>
    public (SignedDelegationRevocation Revocation, PatientStatement Message) RevokeDelegation(byte[] delegationId)
    {
        var credentials = RequireCredentials();
        var t = NewTimestamp();
        var revocation = new DelegationRevocation(delegationId, Id, t);
        var signed = new SignedDelegationRevocation(revocation, Crypto.Sign(Phase.Indexing, credentials.Key, revocation.Encode()));
        return (signed, new PatientStatement("Revocation_G, Sig_R", signed.Encode(), t));
    }

    /// <summary>
    /// Grant_P || Sig_PG: the device signs a standing consent with PRK_P (docs/access.md#consent-grants). ID_G and T_PG
    /// are chosen here; the window is the patient's.
    /// </summary>
    public SignedGrant SignGrant(GranteeKind granteeKind, string granteeId, PurposeOfUse purpose, IEnumerable<string> departments, bool includesRestricted,
        DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        var credentials = RequireCredentials();
        var grant = new ConsentGrant(ConsentGrant.NewGrantId(), Id, granteeKind, granteeId, purpose, departments, includesRestricted,
            notBefore.ToUnixTimeMilliseconds(), notAfter.ToUnixTimeMilliseconds(), NewTimestamp());
        return new SignedGrant(grant, Crypto.Sign(Phase.Consent, credentials.Key, grant.Encode()));
    }

    /// <summary>R1: Revoke_P for <paramref name="grantId"/>, signed with PRK_P (Sig_R1) and encrypted to the public cloud (C_R1).</summary>
    public RevocationRequest RequestRevocation(string grantId, ProtocolProfile? profile = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(grantId);
        var credentials = RequireCredentials();
        var revocation = new ConsentRevocation(Id, grantId, NewTimestamp());
        var cR1 = Crypto.EncryptFor(Phase.Consent, Bulletin.CloudKey, revocation.Encode(), SignedContents.AssociatedData("C_R1", revocation.RevokedAt), profile ?? Options.Profile);
        return new RevocationRequest(cR1, Crypto.Sign(Phase.Consent, credentials.Key, revocation.Encode()), revocation.RevokedAt);
    }

    /// <summary>R1 and R2 in process: the public cloud verifies the revocation, then relays it to every hospital, which verifies it too.</summary>
    public void Revoke(string grantId, PublicCloud cloud, IReadOnlyDictionary<string, HospitalCloud> hospitals, IProtocolEventSink sink, ProtocolProfile? profile = null)
    {
        var notices = cloud.AcceptRevocation(RequestRevocation(grantId, profile), Ref, hospitals.Keys, sink, profile);
        foreach (var (hospitalId, notice) in notices)
        {
            hospitals[hospitalId].ReceiveRevocationNotice(notice, sink, profile);
        }
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
