using System.Collections.Concurrent;
using EmrAuth.Domain.Certificates;
using EmrAuth.Domain.Crypto;
using EmrAuth.Domain.Messages;
using EmrAuth.Domain.Parties;
using EmrAuth.Domain.Phases;
using EmrAuth.Domain.Registry;
using EmrAuth.Domain.Transcript;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace EmrAuth.Web.Infrastructure.Protocol;

/// <summary>
/// The protocol parties of the whole deployment, held in memory and rebuilt from the database at start: the
/// medical authority, the public cloud, and every approved hospital, doctor and patient.
/// </summary>
/// <remarks>
/// Two levels of locking keep the in-memory parties and the database changing together while visits run in parallel:
/// <list type="bullet">
/// <item>Work that changes the set of parties or what they all share (registration, revocation, records, migrations,
/// and with them the directory's versions) runs exclusively (<see cref="RunExclusiveAsync{T}"/>).</item>
/// <item>A visit step runs shared, holding also its patient's gate (<see cref="RunVisitStepAsync{T}"/>): steps of
/// different patients' visits run at once, the steps of one patient's visits one after another. What a step writes
/// beyond its own visit is the patient's (the index record h(ID_P || ID_DE), the filed diagnosis in the patient's
/// record), so those writes reach the database in the order the parties made them. The parties' own shared state
/// (replay caches, trust caches, counters, keys) is thread-safe in the domain.</item>
/// </list>
/// The audit chain orders its appends under its own gate (AuditChainWriter), whoever saves.
/// With several instances on one PostgreSQL database, each gate has an advisory-lock twin and the parties are brought
/// up to date with the database before the work runs (ProtocolHost.Instances.cs).
/// </remarks>
public sealed partial class ProtocolHost(IDbContextFactory<EmrAuthDbContext> dbFactory, SecretSealer sealer, TimeProvider clock, IOptions<ProtocolSettings> settings,
    InstanceLinks links, IOptions<BreakGlassSettings> breakGlass)
{
    public const string CloudId = "PC";
    public const string AuthorityName = "MA";

    private readonly SharedExclusiveGate _gate = new();

    // One per patient who has started a visit: bounded by the registered patients, so entries are never removed.
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _patientGates = new();
    private PartySet? _world;

    /// <summary>
    /// The deployment's profile (<see cref="ProtocolSettings"/>): how keys are issued, the index's form, and a visit's default; the
    /// replay digests shared by the deployment's instances; and the break-glass time box every party enforces
    /// (<see cref="BreakGlassSettings.Duration"/>).
    /// </summary>
    public ProtocolOptions Options { get; } = new() { Profile = settings.Value.Profile, SharedReplay = links.Replay, BreakGlassTimeBox = breakGlass.Value.Duration };

    public TimeProvider Clock => clock;

    public bool IsLoaded => _world is not null;

    public MedicalAuthority Authority => State.Authority;

    public PublicCloud Cloud => State.Cloud;

    public IReadOnlyDictionary<string, HospitalCloud> Hospitals => State.Hospitals;

    public IReadOnlyDictionary<string, Doctor> Doctors => State.Doctors;

    public IReadOnlyDictionary<string, Patient> Patients => State.Patients;

    public PublicBulletin Bulletin => Cloud.Bulletin;

    private PartySet State => _world ?? throw new InvalidOperationException("The protocol host has not been loaded yet.");

    /// <summary>Runs work that changes the parties or what they share, while no other protocol work runs (in any instance).</summary>
    public async Task<T> RunExclusiveAsync<T>(Func<Task<T>> work)
    {
        await _gate.EnterExclusiveAsync();
        try
        {
            await using var lease = await links.LockAsync((InstanceLinks.DeploymentKey, false));
            await AnnounceChangeAsync(lease);
            try
            {
                return await work();
            }
            catch
            {
                ForgetLoadedState(null);
                throw;
            }
        }
        finally
        {
            _gate.ExitExclusive();
        }
    }

    public Task RunExclusiveAsync(Func<Task> work) => RunExclusiveAsync(async () =>
    {
        await work();
        return true;
    });

    /// <summary>Runs work that only reads the parties, beside visit steps.</summary>
    public Task<T> RunSharedAsync<T>(Func<Task<T>> work) => RunVisitStepAsync(null, work);

    /// <summary>
    /// Runs one step of a visit of <paramref name="patientId"/> beside the steps of other patients' visits; null when
    /// the visit is not running (then the step only reads and refuses).
    /// </summary>
    public async Task<T> RunVisitStepAsync<T>(string? patientId, Func<Task<T>> work)
    {
        while (true)
        {
            await _gate.EnterSharedAsync();
            var patientGate = patientId is null ? null : _patientGates.GetOrAdd(patientId, _ => new SemaphoreSlim(1, 1));
            try
            {
                if (patientGate is not null)
                {
                    await patientGate.WaitAsync();
                }
                try
                {
                    await using var lease = await links.LockAsync(patientId is null
                        ? [(InstanceLinks.DeploymentKey, true)]
                        : [(InstanceLinks.DeploymentKey, true), (InstanceLinks.PatientKey(patientId), false)]);
                    if (await IsCurrentAsync(lease, patientId))
                    {
                        try
                        {
                            return await work();
                        }
                        catch
                        {
                            ForgetLoadedState(patientId);
                            throw;
                        }
                    }
                }
                finally
                {
                    patientGate?.Release();
                }
            }
            finally
            {
                _gate.ExitShared();
            }
            // Another instance changed the parties since this one loaded them: catch up, then try again.
            await CatchUpAsync();
        }
    }

    /// <summary>Creates the long-term secrets of a new deployment (first start).</summary>
    public void CreateSecrets(EmrAuthDbContext db)
    {
        db.CloudSecrets.Add(new CloudSecrets
        {
            Id = 1,
            SealedMasterSecret = sealer.SealKey(Scalar.Random().ToBytes()),
            SealedCloudKey = sealer.SealKey(Scalar.Random().ToBytes()),
            SealedAuthorityKey = sealer.SealKey(Scalar.Random().ToBytes()),
        });
    }

    /// <summary>Rebuilds every party from storage; each restored credential is re-checked (Eqs. 4, 7, 10).</summary>
    public async Task LoadAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        // Read before the state: a change made meanwhile by another instance leaves this version behind, so it is caught up.
        var version = await DeploymentVersionAsync(db, cancellationToken);
        var secrets = await db.CloudSecrets.SingleAsync(cancellationToken);
        var authority = new MedicalAuthority(AuthorityName, clock, new PrivateKey(Scalar.FromBytes(sealer.UnsealKey(secrets.SealedAuthorityKey))));
        var certificates = await db.Certificates.ToListAsync(cancellationToken);
        authority.Restore(certificates.Select(c => c.Serial),
            certificates.Where(c => c.RevokedAt is not null).Select(c => new Revocation(c.Serial, c.RevokedAt!.Value, c.RevocationReason ?? "")));
        var cloud = new PublicCloud(CloudId, authority, clock, Options,
            Scalar.FromBytes(sealer.UnsealKey(secrets.SealedMasterSecret)),
            new PrivateKey(Scalar.FromBytes(sealer.UnsealKey(secrets.SealedCloudKey))));
        var world = new PartySet(authority, cloud, clock);
        var bySerial = certificates.ToDictionary(c => c.Serial);
        var restored = new List<(RegisteredParty, byte[]?)>();
        foreach (var registration in await db.Registrations.Where(r => r.Status == RegistrationStatus.Approved).ToListAsync(cancellationToken))
        {
            restored.Add(world.Restore(registration, registration.CertificateSerial is { } serial ? DoctorCertificate.Decode(bySerial[serial].Encoded) : null, sealer, Options));
        }
        cloud.RestoreRegistrations(restored);
        foreach (var delegation in await db.Delegations.ToListAsync(cancellationToken))
        {
            delegation.RestoreInto(cloud);
        }
        foreach (var revocation in await db.ConsentGrants.Where(g => g.SignedRevocation != null).Select(g => g.SignedRevocation!).ToListAsync(cancellationToken))
        {
            world.RestoreConsentRevocation(revocation);
        }
        RestoreRecords(world.Hospitals, await db.EmrEntries.OrderBy(e => e.At).ThenBy(e => e.Id).ToListAsync(cancellationToken));
        var stored = await db.IndexRecords.ToListAsync(cancellationToken);
        foreach (var index in stored)
        {
            cloud.RestoreIndexRecord(index.KeyHex, index.Masked, index.Form);
        }
        _world = world;
        Loaded(version);
        if (stored.Any(i => i.Form != cloud.Index.Form))
        {
            // Records of the paper's XOR form were re-sealed in memory (a deployment that moved to the hardened profile):
            // store them in the new form at once, so the masked form does not stay on disk.
            await SaveIndexAsync(db);
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    /// <summary>Writes the public cloud's index to storage (it changes on index registration and on each search).</summary>
    public Task SaveIndexAsync(EmrAuthDbContext db) => SaveIndexAsync(db, Cloud.Index.MaskedRecords);

    /// <summary>
    /// Writes the one index record h(ID_P || ID_DE) an EMR search rewrote (Eq. 30). Only that record: another
    /// patient's record may be changing in a visit that runs beside this one, and is that visit's to write.
    /// </summary>
    public Task SaveIndexRecordAsync(EmrAuthDbContext db, string patientId, string departmentId)
    {
        var key = Convert.ToHexString(EmrIndex.KeyOf(patientId, departmentId));
        return SaveIndexAsync(db, Cloud.Index.MaskedRecords.Where(r => r.Key == key));
    }

    private async Task SaveIndexAsync(EmrAuthDbContext db, IEnumerable<KeyValuePair<string, byte[]>> records)
    {
        var changed = records.ToList();
        var keys = changed.Select(r => r.Key).ToList();
        var stored = await db.IndexRecords.Where(i => keys.Contains(i.KeyHex)).ToDictionaryAsync(i => i.KeyHex);
        foreach (var (key, masked) in changed)
        {
            if (stored.TryGetValue(key, out var row))
            {
                if (!row.Masked.AsSpan().SequenceEqual(masked))
                {
                    row.Masked = masked;
                    row.Form = Cloud.Index.Form;
                    row.UpdatedAt = clock.GetUtcNow();
                }
            }
            else
            {
                db.IndexRecords.Add(new IndexRecord { KeyHex = key, Masked = masked, Form = Cloud.Index.Form, UpdatedAt = clock.GetUtcNow() });
            }
        }
    }

    internal void Add(Participant participant) => State.Add(participant);

    internal void Remove(PartyRole role, string id) => State.Remove(role, id);

    /// <summary>Changed only under the exclusive gate; concurrent so that pages may read it at any time.</summary>
    private sealed class PartySet(MedicalAuthority authority, PublicCloud cloud, TimeProvider clock)
    {
        public MedicalAuthority Authority { get; } = authority;

        public PublicCloud Cloud { get; } = cloud;

        public ConcurrentDictionary<string, HospitalCloud> Hospitals { get; } = [];

        public ConcurrentDictionary<string, Doctor> Doctors { get; } = [];

        public ConcurrentDictionary<string, Patient> Patients { get; } = [];

        /// <summary>Rebuilds one participant; returns what the public cloud must restore for it.</summary>
        public (RegisteredParty Party, byte[]? IssuedScalar) Restore(PartyRegistration registration, DoctorCertificate? certificate, SecretSealer sealer, ProtocolOptions options)
        {
            var role = Enum.Parse<PartyRole>(registration.Role);
            var r = CurvePoint.Decode(registration.R!);
            // An escrowed S_X is the public cloud's copy, which the party shares; an escrow-free one only the party holds.
            var escrowed = registration.Issuance == KeyIssuance.Escrowed;
            var scalar = escrowed
                ? sealer.UnsealKey(registration.SealedScalar!)
                : sealer.UnsealPartyKey(registration.Role, registration.PartyId, registration.SealedPartyKey!);
            Participant participant = role switch
            {
                PartyRole.HospitalCloud => new HospitalCloud(registration.PartyId, Cloud.Bulletin, clock, options),
                PartyRole.Doctor => new Doctor(registration.PartyId, certificate!, Cloud.Bulletin, clock, options),
                _ => Patient.FromBiometricPassword(registration.PartyId, sealer.UnsealKey(registration.SealedBiometricPassword!), Cloud.Bulletin, clock, options),
            };
            var extra = role switch
            {
                PartyRole.Doctor => certificate!.Encode(),
                PartyRole.Patient => ((Patient)participant).ExportBiometricPasswordForSealedStorage(),
                _ => null,
            };
            participant.RestoreCredentials(r, scalar, registration.Issuance);
            Add(participant);
            return (new RegisteredParty(role, registration.PartyId, r, extra, certificate, registration.DecidedAt ?? registration.RequestedAt) { Issuance = registration.Issuance },
                escrowed ? scalar : null);
        }

        /// <summary>A revocation the public cloud and every hospital accepted before the restart (Revoke_P || Sig_R1, as stored).</summary>
        public void RestoreConsentRevocation(byte[] stored)
        {
            var revocation = ConsentRevocation.Decode(new FieldReader(stored).ReadBytes());
            Cloud.ConsentRevocations.Add(revocation);
            foreach (var hospital in Hospitals.Values)
            {
                hospital.ConsentRevocations.Add(revocation);
            }
        }

        public void Add(Participant participant)
        {
            switch (participant)
            {
                case HospitalCloud hospital: Hospitals[hospital.Id] = hospital; break;
                case Doctor doctor: Doctors[doctor.Id] = doctor; break;
                case Patient patient: Patients[patient.Id] = patient; break;
            }
        }

        public void Remove(PartyRole role, string id)
        {
            _ = role switch
            {
                PartyRole.HospitalCloud => Hospitals.TryRemove(id, out _),
                PartyRole.Doctor => Doctors.TryRemove(id, out _),
                _ => Patients.TryRemove(id, out _),
            };
        }
    }
}
