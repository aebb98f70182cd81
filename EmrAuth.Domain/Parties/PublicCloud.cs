using System.Collections.Concurrent;
using EmrAuth.Domain.Certificates;
using EmrAuth.Domain.Crypto;
using EmrAuth.Domain.Messages;
using EmrAuth.Domain.Phases;
using EmrAuth.Domain.Registry;
using EmrAuth.Domain.Transcript;

namespace EmrAuth.Domain.Parties;

/// <summary>
/// A party the public cloud issued keys to. After the paper's issuance S is kept because the paper's scheme needs it
/// (Eqs. 26, 28, 30); after escrow-free issuance the public cloud never had S.
/// </summary>
public sealed record RegisteredParty(PartyRole Role, string Id, CurvePoint R, byte[]? IssuanceExtra, DoctorCertificate? Certificate, DateTimeOffset RegisteredAt)
{
    internal Scalar? S { get; init; }

    public KeyIssuance Issuance { get; init; } = KeyIssuance.Escrowed;

    /// <summary>S_X, only so the host can keep the escrowed scalar in encrypted storage; null after escrow-free issuance.</summary>
    public byte[]? ExportIssuedScalarForSealedStorage() => S?.ToBytes();
}

/// <summary>
/// PC: holds the master secret s and PK = s·P, its own key pair (PRK_C, PUK_C), the registry and signed directory,
/// and the EMR index. It issues every party's key pair, so in the paper's profile it is a key escrow (docs/protocol.md#g-key-escrow).
/// </summary>
/// <remarks>
/// Thread-safe for its protocol steps (index queries, filing relays, index registrations run at once): the registry
/// and index are concurrent and each directory version is signed under a lock. Registrations, deregistrations and
/// restores must not run beside one another (a registration checks the identity is free, then adds it); the portal
/// runs them exclusively, which also keeps the directory versions it stores in order.
/// </remarks>
public sealed partial class PublicCloud : Party, IDisposable
{
    private readonly object _gate = new();
    private readonly Scalar _masterSecret;
    private readonly PrivateKey _ownKey;
    private readonly ConcurrentDictionary<(PartyRole, string), RegisteredParty> _registry = new();
    private SignedDirectory _directory;

    public PublicCloud(string id, MedicalAuthority authority, TimeProvider clock, ProtocolOptions options,
        Scalar? masterSecret = null, PrivateKey? ownKey = null)
        : base(PartyRole.PublicCloud, id, clock, options)
    {
        _masterSecret = masterSecret ?? Scalar.Random();
        _ownKey = ownKey ?? PrivateKey.Generate();
        MasterPublicKey = CurvePoint.MultiplyGenerator(_masterSecret);
        Index = new EmrIndex(_masterSecret, options.Profile);
        _directory = SignDirectory(1);
        Bulletin = new PublicBulletin(MasterPublicKey, _ownKey.PublicKey, Id, authority.PublicKey, () => _directory, () => authority.RevocationList);
        Trust = new TrustView(Bulletin, Crypto);
    }

    /// <summary>PK = s·P.</summary>
    public CurvePoint MasterPublicKey { get; }

    public PublicBulletin Bulletin { get; }

    public EmrIndex Index { get; }

    public SignedDirectory Directory => _directory;

    public IReadOnlyCollection<RegisteredParty> RegisteredParties => _registry.Values.ToArray();

    internal TrustView Trust { get; }

    /// <summary>
    /// Step 2 of each registration: checks the request (Cert_D for a doctor), picks r, and issues
    /// R_X = r·P and S_X = r + Hq(ID_X || extra_X || R_X)·s (Eqs. 2–3, 5–6, 8–9). For an escrow-free request it
    /// issues R_X = R_U + r·P and w = r + Hq(ID_X || extra_X || R_X)·s instead, and keeps neither r nor any S.
    /// </summary>
    public RegistrationGrant Register(RegistrationRequest request, IProtocolEventSink sink) => Issue(request, sink, renewal: false);

    /// <summary>
    /// Renews the keys of a party issued with escrow, without escrow: the same step 2 for an escrow-free request
    /// (R_U = k_U·P) of a registered, escrowed party. The new R_X replaces the old one (and the directory entry), and
    /// the escrowed S_X is dropped, so from now on this cloud cannot sign as the party.
    /// </summary>
    public RegistrationGrant RenewWithoutEscrow(RegistrationRequest request, IProtocolEventSink sink) => Issue(request, sink, renewal: true);

    private RegistrationGrant Issue(RegistrationRequest request, IProtocolEventSink sink, bool renewal)
    {
        if (request.Role is not (PartyRole.Patient or PartyRole.HospitalCloud or PartyRole.Doctor))
        {
            throw new ArgumentException($"{request.Role} does not register with the public cloud.");
        }
        using var step = new ReceiveStep(this, sink, Phase.Registration, 2, new PartyRef(request.Role, request.Id), request);
        step.Require(!string.IsNullOrWhiteSpace(request.Id), null, "Identity", "identity given", "the identity is empty");
        if (renewal)
        {
            var existing = FindRegistered(request.Role, request.Id);
            step.Require(existing is not null, null, "Registered (renewal)", $"{request.Id} is registered", $"{request.Role} {request.Id} is not registered");
            step.Require(existing!.Issuance == KeyIssuance.Escrowed, null, "Issued with escrow (renewal)",
                $"{request.Id}'s keys were issued with escrow", $"{request.Id}'s keys are already escrow-free");
            step.Require(request.RequesterPoint is not null, null, "R_U present (renewal without escrow)", "the request carries R_U = k_U·P",
                "a renewal must be escrow-free: the request carries no R_U");
        }
        else
        {
            step.Require(!_registry.ContainsKey((request.Role, request.Id)), null, "Unique identity",
                $"{request.Id} is not yet registered", $"{request.Role} {request.Id} is already registered");
        }
        if (request.Role == PartyRole.Patient)
        {
            step.Require(request.BiometricPassword is { Length: 32 }, null, "B_P", "B_P present", "B_P must be the 32-byte value the device derives");
        }
        if (request.Role == PartyRole.Doctor)
        {
            var status = request.Certificate is null
                ? new CertificateStatus(false, "no Cert_D was presented")
                : Trust.CheckCertificate(Phase.Registration, request.Certificate, request.Id, Now);
            step.Require(status.IsLegal, null, "Cert_D legal", status.Reason, $"registration refused: {status.Reason}");
        }
        var r = Scalar.Random();
        var rPoint = Crypto.MultiplyGenerator(Phase.Registration, r);
        var escrowFree = request.RequesterPoint is not null;
        if (escrowFree)
        {
            rPoint = request.RequesterPoint!.Add(rPoint);
        }
        Operations.Add(Phase.Registration, Operation.Hash);
        var e = ImplicitCertificate.IssuanceHash(request.Id, request.IssuanceExtra, rPoint);
        // S_X for the paper's issuance; for an escrow-free one this is w, and only the requester's k_U + w is S_X.
        var s = r.Add(e.Multiply(_masterSecret));
        step.Accept();
        _registry[(request.Role, request.Id)] = new RegisteredParty(request.Role, request.Id, rPoint, request.IssuanceExtra, request.Certificate, Now)
        {
            S = escrowFree ? null : s,
            Issuance = request.Issuance,
        };
        if (request.Role != PartyRole.Patient)
        {
            RepublishDirectory();
        }
        return new RegistrationGrant(request.Role, rPoint, s, NewTimestamp()) { Issuance = request.Issuance };
    }

    /// <summary>The master secret s, only so the host can keep it in encrypted storage.</summary>
    public byte[] ExportMasterSecretForSealedStorage() => _masterSecret.ToBytes();

    /// <summary>PRK_C, only so the host can keep it in encrypted storage.</summary>
    public byte[] ExportOwnKeyForSealedStorage() => _ownKey.Scalar.ToBytes();

    /// <summary>
    /// Reloads registrations from storage after a restart (no events: nothing crossed the network). The directory
    /// is signed once for the whole batch, not once per party. An escrow-free party comes back without S.
    /// </summary>
    public void RestoreRegistrations(IEnumerable<(RegisteredParty Party, byte[]? IssuedScalar)> registrations)
    {
        foreach (var (party, issuedScalar) in registrations)
        {
            if ((party.Issuance == KeyIssuance.Escrowed) != (issuedScalar is not null))
            {
                throw new ArgumentException($"{party.Id}: an escrowed registration needs its S, an escrow-free one has none.");
            }
            _registry[(party.Role, party.Id)] = party with { S = issuedScalar is null ? null : Scalar.FromBytes(issuedScalar) };
        }
        RepublishDirectory();
    }

    /// <summary>
    /// Reloads one stored index record written in <paramref name="storedForm"/>; a record of the paper's XOR form is
    /// re-sealed when this cloud's index is the hardened one (the host then writes it back in the new form).
    /// </summary>
    public void RestoreIndexRecord(string indexKeyHex, byte[] storedRecord, ProtocolProfile storedForm)
    {
        if (storedForm == Index.Form)
        {
            Index.Restore(indexKeyHex, storedRecord);
            return;
        }
        Index.RestoreConverted(indexKeyHex, storedRecord, new EmrIndex(_masterSecret, storedForm));
    }

    /// <summary>Withdraws a hospital's or doctor's registration: it leaves the signed directory.</summary>
    public void Deregister(PartyRole role, string id)
    {
        if (!_registry.TryRemove((role, id), out _))
        {
            throw new ProtocolStateException($"{role} '{id}' is not registered.");
        }
        RepublishDirectory();
    }

    public RegisteredParty? FindRegistered(PartyRole role, string id) => _registry.GetValueOrDefault((role, id));

    private void RepublishDirectory()
    {
        lock (_gate)
        {
            _directory = SignDirectory(_directory.Version + 1);
        }
    }

    private SignedDirectory SignDirectory(long version)
    {
        var entries = _registry.Values
            .Where(p => p.Role != PartyRole.Patient)
            .OrderBy(p => p.Role).ThenBy(p => p.Id, StringComparer.Ordinal)
            .Select(p => new DirectoryEntry(p.Id, p.Role, p.R, p.Certificate))
            .ToArray();
        var unsigned = new SignedDirectory(version, entries, []);
        return unsigned with { Signature = _ownKey.Sign(unsigned.SignedContent()) };
    }

    public void Dispose() => _ownKey.Dispose();
}
