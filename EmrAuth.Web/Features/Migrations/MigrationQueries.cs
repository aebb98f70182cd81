using EmrAuth.Domain.Migration;
using Microsoft.EntityFrameworkCore;

namespace EmrAuth.Web.Features.Migrations;

public sealed record MigrationSummary(Guid Id, string PatientId, string SourceId, string DestinationId, string DepartmentId, MigrationStatus Status,
    string NextStep, DateTimeOffset StartedAt, DateTimeOffset UpdatedAt, string? Outcome, string? FailedCheck, DateTimeOffset? ProofIssuedAt,
    string? ProofNonce, string? RecordDigest, string? ReceiptCertificate, DateTimeOffset? ReceiptSignedAt)
{
    public static MigrationSummary From(MigrationRecord m) => new(m.Id, m.PatientId, m.SourceId, m.DestinationId, m.DepartmentId, m.Status, m.NextStep,
        m.StartedAt, m.UpdatedAt, m.Outcome, m.FailedCheck, m.ProofIssuedAt, m.Proof is null ? null : MigrationProof.Decode(m.Proof).NonceHex,
        m.RecordDigest is null ? null : Convert.ToHexString(m.RecordDigest), m.ReceiptCertificate, m.ReceiptSignedAt);

    public bool HasReceipt => Status == MigrationStatus.Completed && ReceiptSignedAt is not null;
}

/// <summary>A record the patient may move: where it is served and in which department.</summary>
public sealed record MovableRecord(string HospitalId, string DepartmentId, int Entries);

/// <summary>The patient asks to move their record in <paramref name="DepartmentId"/> from <paramref name="SourceId"/> to <paramref name="DestinationId"/>.</summary>
public sealed record MoveRequest(string SourceId, string DepartmentId, string DestinationId);

/// <summary>
/// A hospital in the migration network, with its departments. A revoked one is still listed (and marked): choosing it
/// shows the protocol refusing at the named Cert_H check.
/// </summary>
public sealed record MigrationDestination(string HospitalId, string Name, IReadOnlyList<string> Departments, bool Revoked);

/// <summary>The TTPH's administrator confirmed revoking <paramref name="Certificate"/> for <paramref name="Reason"/>.</summary>
public sealed record CertificateRevocation(HospitalCertificateRecord Certificate, string Reason);

/// <summary>
/// The read side of migrations, always filtered for the signed-in account (see <see cref="Viewer"/>): a migration's patient,
/// its two hospitals and the cloud administrators (hosting the TTPH) open it; anyone else is refused and audited.
/// </summary>
public sealed class MigrationQueries(IDbContextFactory<EmrAuthDbContext> dbFactory, ProtocolHost host, MigrationHost migrations, SecretSealer sealer,
    CurrentUser currentUser)
{
    private static readonly string[] Participants = [Roles.Patient, Roles.HospitalAdmin, Roles.CloudAdmin];

    public async Task<IReadOnlyList<MigrationSummary>> MigrationsAsync()
    {
        var viewer = Viewer.Of(await currentUser.RequireAsync("List migrations", "migrations", Participants));
        await using var db = await dbFactory.CreateDbContextAsync();
        var query = viewer.Role switch
        {
            Roles.Patient => db.Migrations.Where(m => m.PatientId == viewer.PartyId),
            Roles.HospitalAdmin => db.Migrations.Where(m => m.SourceId == viewer.PartyId || m.DestinationId == viewer.PartyId),
            Roles.CloudAdmin => db.Migrations,
            _ => db.Migrations.Where(_ => false),
        };
        return (await query.ToListAsync()).OrderByDescending(m => m.StartedAt).Select(MigrationSummary.From).ToList();
    }

    /// <summary>The migration, or null when there is none; refused when the account may not open it.</summary>
    public async Task<MigrationSummary?> FindAsync(Guid id) => (await OpenAsync(id, "Open migration"))?.Migration;

    /// <summary>The stored transcript; identities the receivers recovered are blanked for viewers who do not hold the record.</summary>
    public async Task<IReadOnlyList<EventView>> EventsAsync(Guid id)
    {
        if (await OpenAsync(id, "Read migration transcript") is not (var migration, var viewer))
        {
            return [];
        }
        await using var db = await dbFactory.CreateDbContextAsync();
        var rows = await db.MigrationEvents.Where(e => e.MigrationId == id).OrderBy(e => e.Sequence).ToListAsync();
        var events = rows.Select(r => sealer.UnsealEvent(r.SealedPayload)).ToList();
        return viewer.MaySeePersonalData(migration) ? events : events.Select(VisitQueries.Redact).ToList();
    }

    private async Task<(MigrationSummary Migration, Viewer Viewer)?> OpenAsync(Guid id, string action)
    {
        var subject = $"migration {id}";
        var user = await currentUser.RequireAsync(action, subject, Participants);
        await using var db = await dbFactory.CreateDbContextAsync();
        var migration = await db.Migrations.SingleOrDefaultAsync(m => m.Id == id);
        if (migration is null)
        {
            return null;
        }
        var summary = MigrationSummary.From(migration);
        var viewer = Viewer.Of(user);
        return viewer.MayOpen(summary)
            ? (summary, viewer)
            : throw await currentUser.RefuseAsync(user, action, subject, "not a party to this migration", "This migration is not yours.", migration.PatientId);
    }

    /// <summary>The records the signed-in patient can move: the ones hospitals serve for them now.</summary>
    public async Task<IReadOnlyList<MovableRecord>> MovableRecordsAsync()
    {
        var (_, patientId) = await currentUser.RequirePartyAsync("List movable records", "own records", Roles.Patient);
        return host.Hospitals.Values.SelectMany(h => h.Records.Where(r => r.PatientId == patientId).Select(r => new MovableRecord(h.Id, r.DepartmentId, r.Entries.Count)))
            .OrderBy(r => r.DepartmentId).ThenBy(r => r.HospitalId).ToList();
    }

    public async Task<IReadOnlyList<MigrationDestination>> DestinationsAsync()
    {
        await currentUser.RequireAsync("List migration destinations", "the migration network", Participants);
        await using var db = await dbFactory.CreateDbContextAsync();
        var names = await db.Registrations.Where(r => r.Role == "HospitalCloud").ToDictionaryAsync(r => r.PartyId, r => r.DisplayName);
        var departments = (await db.Departments.ToListAsync()).ToLookup(d => d.HospitalId, d => d.DepartmentId);
        var revocations = migrations.Network.Ttph.Authority.RevocationList;
        return migrations.Network.Endpoints.Values
            .Select(e => new MigrationDestination(e.Id, names.GetValueOrDefault(e.Id, e.Id), departments[e.Id].Order().ToList(),
                revocations.Find(e.Certificate.Serial) is not null))
            .OrderBy(d => d.Name).ToList();
    }

    public async Task<IReadOnlyList<HospitalCertificateRecord>> HospitalCertificatesAsync()
    {
        await currentUser.RequireAsync("List hospital certificates", "Cert_H", Roles.CloudAdmin);
        await using var db = await dbFactory.CreateDbContextAsync();
        return (await db.HospitalCertificates.ToListAsync()).OrderBy(c => c.HospitalId).ThenBy(c => c.Serial, StringComparer.Ordinal).ToList();
    }

    /// <summary>Registered hospitals with no current Cert_H (never certified, or their certificate was revoked).</summary>
    public async Task<IReadOnlyList<string>> UncertifiedHospitalsAsync()
    {
        await currentUser.RequireAsync("List uncertified hospitals", "Cert_H", Roles.CloudAdmin);
        var revocations = migrations.Network.Ttph.Authority.RevocationList;
        return host.Hospitals.Keys.Where(id => migrations.Network.Ttph.Authority.CertificateOf(id) is not { } c || revocations.Find(c.Serial) is not null)
            .Order(StringComparer.Ordinal).ToList();
    }
}
