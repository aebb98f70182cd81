using EmrAuth.Domain.Crypto;
using EmrAuth.Domain.Messages;
using EmrAuth.Domain.Phases;
using EmrAuth.Domain.Registry;
using EmrAuth.Domain.Transcript;

namespace EmrAuth.Domain.Parties;

/// <summary>A patient, doctor or hospital cloud: registers with the public cloud and then runs sessions.</summary>
/// <remarks>Sessions may run at once (see <see cref="Party"/>); registration and restore must not run beside anything else.</remarks>
public abstract class Participant(PartyRole role, string id, PublicBulletin bulletin, TimeProvider clock, ProtocolOptions options)
    : Party(role, id, clock, options), IDisposable
{
    // Built once even when first used by two sessions at once: its caches must be the party's only ones.
    internal TrustView Trust => LazyInitializer.EnsureInitialized(ref _trust, () => new TrustView(Bulletin, Crypto));

    public PublicBulletin Bulletin { get; } = bulletin;

    public IssuedCredentials? Credentials { get; private set; }

    public bool IsRegistered => Credentials is not null;

    /// <summary>extra_X of e_X = Hq(ID_X || extra_X || R_X).</summary>
    protected abstract byte[]? IssuanceExtra { get; }

    internal PartyRef CloudRef => new(PartyRole.PublicCloud, Bulletin.CloudId);

    /// <summary>Step 1 of registration: what the party sends over the secure channel.</summary>
    public abstract RegistrationRequest RequestRegistration();

    /// <summary>
    /// Step 1 of escrow-free registration: the same request plus R_U = k_U·P. k_U stays here until the grant
    /// arrives; the public cloud never sees it (<see cref="KeyIssuance.EscrowFree"/>).
    /// </summary>
    public RegistrationRequest RequestEscrowFreeRegistration()
    {
        _requesterSecret = Scalar.Random();
        return RequestRegistration() with { RequesterPoint = Crypto.MultiplyGenerator(Phase.Registration, _requesterSecret) };
    }

    /// <summary>
    /// Renewal without escrow, step 1: a registered party whose keys were issued with escrow asks again, as at
    /// escrow-free registration (a fresh k_U, R_U = k_U·P); <see cref="CompleteRegistration"/> then replaces its keys.
    /// </summary>
    public RegistrationRequest RequestRenewalWithoutEscrow()
    {
        if (RequireCredentials().Issuance != KeyIssuance.Escrowed)
        {
            throw new ProtocolStateException($"{Role} {Id}'s keys were issued without escrow already.");
        }
        var request = RequestEscrowFreeRegistration();
        _renewing = true;
        return request;
    }

    /// <summary>
    /// Step 3 of registration: S_X·P =? R_X + Hq(ID_X || extra_X || R_X)·PK (Eq. 4, 7 or 10). After escrow-free
    /// issuance S_X = k_U + w is computed here first, and the same equation checks it.
    /// </summary>
    public void CompleteRegistration(RegistrationGrant grant, IProtocolEventSink sink) => CompleteRegistration(grant, sink, restored: false);

    private void CompleteRegistration(RegistrationGrant grant, IProtocolEventSink sink, bool restored)
    {
        var equation = Role switch { PartyRole.Patient => 4, PartyRole.HospitalCloud => 7, _ => 10 };
        using var step = new ReceiveStep(this, sink, Phase.Registration, 3, CloudRef, grant, sharedReplay: !restored);
        if (_renewing)
        {
            step.Require(Credentials?.Issuance == KeyIssuance.Escrowed, null, "Renewing escrowed keys", "the keys held were issued with escrow",
                $"{Id} holds no escrowed keys to renew");
        }
        else
        {
            step.Require(Credentials is null, null, "Not yet registered", "no credentials held yet", $"{Id} already holds credentials");
        }
        var escrowFree = grant.Issuance == KeyIssuance.EscrowFree;
        if (escrowFree)
        {
            step.Require(_requesterSecret is not null, null, "k_U held (escrow-free issuance)", "this party asked for escrow-free issuance",
                "an escrow-free grant arrived, but this party sent no R_U");
        }
        var s = escrowFree ? _requesterSecret!.Add(grant.S) : grant.S;
        var expected = Crypto.ImplicitPublicPoint(Phase.Registration, Id, IssuanceExtra, grant.R, Bulletin.MasterPublicKey);
        var actual = Crypto.MultiplyGenerator(Phase.Registration, s);
        step.Require(actual.SameAs(expected), equation, escrowFree ? "(k_U + w)·P = R + e·PK" : "S·P = R + e·PK",
            "the issued S and R match PK: the public cloud issued this key",
            "S·P differs from R + Hq(ID || extra || R)·PK: the issued S or R was altered, or not issued under PK");
        step.Recovered(grant.Parts()[0].Name, grant.R.ToString(), Sensitivity.Public);
        step.RecoveredSecret(grant.Parts()[1].Name, EmrAuth.Domain.Crypto.Curve.ScalarLength);
        step.Accept();
        // A renewal replaces the escrowed keys without disposing them: a session that began before it may still hold them.
        Credentials = new IssuedCredentials(grant.R, new Crypto.PrivateKey(s), grant.Issuance);
        _requesterSecret = null;
        _renewing = false;
    }

    /// <summary>
    /// Reloads credentials from storage after a restart. They are checked like a fresh grant (Eq. 4, 7 or 10),
    /// so corrupted storage is refused rather than used. <paramref name="issuedScalar"/> is S_X however it was issued.
    /// </summary>
    public void RestoreCredentials(CurvePoint r, byte[] issuedScalar, KeyIssuance issuance = KeyIssuance.Escrowed)
    {
        CompleteRegistration(new RegistrationGrant(Role, r, Scalar.FromBytes(issuedScalar), NewTimestamp()), NullEventSink.Instance, restored: true);
        Credentials!.Issuance = issuance;
    }

    /// <summary>
    /// Attack lab only: PRK_X = S_X, as an attacker who later compromises this party learns it (the long-term key
    /// compromise that separates the profiles, docs/protocol.md#g-no-forward-secrecy). Internal, visible to the test assembly; the portal never calls it.
    /// </summary>
    internal Scalar LeakLongTermKey() => RequireCredentials().S;

    internal IssuedCredentials RequireCredentials() =>
        Credentials ?? throw new ProtocolStateException($"{Role} {Id} has not completed registration.");

    public void Dispose()
    {
        Credentials?.Dispose();
        GC.SuppressFinalize(this);
    }

    private TrustView? _trust;
    private Scalar? _requesterSecret;
    private bool _renewing;
}
