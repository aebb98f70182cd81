using EmrAuth.Domain.Certificates;
using EmrAuth.Domain.Crypto;
using EmrAuth.Domain.Parties;
using EmrAuth.Domain.Phases;
using EmrAuth.Domain.Registry;
using EmrAuth.Domain.Transcript;
using Microsoft.EntityFrameworkCore;

namespace EmrAuth.Web.Infrastructure.Protocol;

/// <summary>
/// The protocol parties of the whole deployment, held in memory and rebuilt from the database at start: the
/// medical authority, the public cloud, and every approved hospital, doctor and patient. All protocol work runs
/// under one gate so that the in-memory parties and the database change together.
/// </summary>
public sealed class ProtocolHost(IDbContextFactory<EmrAuthDbContext> dbFactory, SecretSealer sealer, TimeProvider clock)
{
    public const string CloudId = "PC";
    public const string AuthorityName = "MA";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private PartySet? _world;

    public ProtocolOptions Options { get; } = ProtocolOptions.Default;

    public TimeProvider Clock => clock;

    public bool IsLoaded => _world is not null;

    public MedicalAuthority Authority => State.Authority;

    public PublicCloud Cloud => State.Cloud;

    public IReadOnlyDictionary<string, HospitalCloud> Hospitals => State.Hospitals;

    public IReadOnlyDictionary<string, Doctor> Doctors => State.Doctors;

    public IReadOnlyDictionary<string, Patient> Patients => State.Patients;

    public PublicBulletin Bulletin => Cloud.Bulletin;

    private PartySet State => _world ?? throw new InvalidOperationException("The protocol host has not been loaded yet.");

    /// <summary>Runs protocol work exclusively.</summary>
    public async Task<T> RunAsync<T>(Func<Task<T>> work)
    {
        await _gate.WaitAsync();
        try
        {
            return await work();
        }
        finally
        {
            _gate.Release();
        }
    }

    public Task RunAsync(Func<Task> work) => RunAsync(async () =>
    {
        await work();
        return true;
    });

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
        foreach (var record in await db.EmrEntries.OrderBy(e => e.At).ThenBy(e => e.Id).ToListAsync(cancellationToken))
        {
            if (world.Hospitals.TryGetValue(record.HospitalId, out var hospital))
            {
                var entry = new RecordEntry(record.At, record.Author, sealer.UnsealRecordText(record.HospitalId, record.SealedText), record.AuthorSignature);
                var existing = hospital.FindRecord(record.PatientId, record.DepartmentId);
                hospital.RestoreRecord(existing?.Append(entry) ?? new MedicalRecord(record.PatientId, record.DepartmentId, [entry]));
            }
        }
        foreach (var index in await db.IndexRecords.ToListAsync(cancellationToken))
        {
            cloud.Index.Restore(index.KeyHex, index.Masked);
        }
        _world = world;
    }

    /// <summary>Writes the public cloud's index to storage (it changes on index registration and on each search).</summary>
    public async Task SaveIndexAsync(EmrAuthDbContext db)
    {
        var stored = await db.IndexRecords.ToDictionaryAsync(i => i.KeyHex);
        foreach (var (key, masked) in Cloud.Index.MaskedRecords)
        {
            if (stored.TryGetValue(key, out var row))
            {
                if (!row.Masked.AsSpan().SequenceEqual(masked))
                {
                    row.Masked = masked;
                    row.UpdatedAt = clock.GetUtcNow();
                }
            }
            else
            {
                db.IndexRecords.Add(new IndexRecord { KeyHex = key, Masked = masked, UpdatedAt = clock.GetUtcNow() });
            }
        }
    }

    internal void Add(Participant participant) => State.Add(participant);

    internal void Remove(PartyRole role, string id) => State.Remove(role, id);

    private sealed class PartySet(MedicalAuthority authority, PublicCloud cloud, TimeProvider clock)
    {
        public MedicalAuthority Authority { get; } = authority;

        public PublicCloud Cloud { get; } = cloud;

        public Dictionary<string, HospitalCloud> Hospitals { get; } = [];

        public Dictionary<string, Doctor> Doctors { get; } = [];

        public Dictionary<string, Patient> Patients { get; } = [];

        /// <summary>Rebuilds one participant; returns what the public cloud must restore for it.</summary>
        public (RegisteredParty Party, byte[]? IssuedScalar) Restore(PartyRegistration registration, DoctorCertificate? certificate, SecretSealer sealer, ProtocolOptions options)
        {
            var role = Enum.Parse<PartyRole>(registration.Role);
            var r = CurvePoint.Decode(registration.R!);
            var scalar = sealer.UnsealKey(registration.SealedScalar!);
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
            participant.RestoreCredentials(r, scalar);
            Add(participant);
            return (new RegisteredParty(role, registration.PartyId, r, extra, certificate, registration.DecidedAt ?? registration.RequestedAt), scalar);
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
                PartyRole.HospitalCloud => Hospitals.Remove(id),
                PartyRole.Doctor => Doctors.Remove(id),
                _ => Patients.Remove(id),
            };
        }
    }
}
