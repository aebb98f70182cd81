using System.Collections.Concurrent;
using EmrAuth.Domain.Messages;
using EmrAuth.Domain.Parties;
using Microsoft.EntityFrameworkCore;

namespace EmrAuth.Web.Infrastructure.Protocol;

/// <summary>
/// Several instances on one PostgreSQL database (docs/postgresql.md#several-instances): each holds its own parties,
/// so before protocol work it checks, under the advisory locks, that they are what the database holds.
/// </summary>
/// <remarks>
/// Two counters, each bumped (and committed) BEFORE the change it announces, while its lock is held: the deployment's
/// ("DeploymentState", by exclusive work) and each patient's ("PatientVersions", by every step of the patient's
/// visits). An instance that finds the deployment's counter ahead of what it loaded reloads every party (and what
/// follows them, e.g. the migration network); one that finds a patient's counter ahead of what it saw last re-reads
/// that patient's records and index records. A process that dies after the bump leaves the counter ahead, so the
/// others re-read rather than trust memory. On SQLite (one process) there is no lease and nothing to check.
/// </remarks>
public sealed partial class ProtocolHost
{
    private readonly List<Func<Task>> _followers = [];

    // The patients' counters as this instance last saw them under their lock; absent: not seen since the last load.
    private readonly ConcurrentDictionary<string, long> _patientVersions = new();

    // The deployment's counter the parties in memory reflect; −1: unknown (reload before the next work).
    private long _loadedVersion = -1;

    /// <summary>Also reloaded whenever this host reloads because another instance changed the deployment.</summary>
    public void AfterReload(Func<Task> reload) => _followers.Add(reload);

    private void Loaded(long version)
    {
        Interlocked.Exchange(ref _loadedVersion, version);
        _patientVersions.Clear();
    }

    /// <summary>Exclusive work starts: announce it to the other instances, and first catch up with theirs.</summary>
    private async Task AnnounceChangeAsync(AdvisoryLease? lease)
    {
        if (lease is null)
        {
            return;
        }
        var before = await lease.BumpDeploymentAsync();
        if (before != Interlocked.Read(ref _loadedVersion))
        {
            await ReloadAsync();
        }
        Loaded(before + 1);
    }

    /// <summary>
    /// Whether the parties are current for a step (under the shared lock and the patient's): false when the whole
    /// deployment must be reloaded first; a patient changed by another instance is re-read here.
    /// </summary>
    private async Task<bool> IsCurrentAsync(AdvisoryLease? lease, string? patientId)
    {
        if (lease is null)
        {
            return true;
        }
        if (await lease.DeploymentVersionAsync() != Interlocked.Read(ref _loadedVersion))
        {
            return false;
        }
        if (patientId is not null)
        {
            var before = await lease.BumpPatientAsync(patientId);
            if (!_patientVersions.TryGetValue(patientId, out var seen) || seen != before)
            {
                await RefreshPatientAsync(patientId);
            }
            _patientVersions[patientId] = before + 1;
        }
        return true;
    }

    /// <summary>Work failed halfway: memory may differ from the database, so re-read before the next work.</summary>
    private void ForgetLoadedState(string? patientId)
    {
        if (!links.IsShared)
        {
            return;
        }
        if (patientId is null)
        {
            Interlocked.Exchange(ref _loadedVersion, -1);
        }
        else
        {
            _patientVersions.TryRemove(patientId, out _);
        }
    }

    /// <summary>
    /// Reloads the parties if another instance changed the deployment since this one loaded them: alone in this
    /// instance and with no exclusive work running in any. Protocol work does this by itself; a change announced by
    /// another instance (<see cref="InstanceEvents"/>) does it at once, for pages that read the parties.
    /// </summary>
    public async Task CatchUpAsync()
    {
        if (!links.IsShared)
        {
            return;
        }
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            // Most announced changes (admissions, consent, delegations) leave the parties as they are: no lock to wait for then.
            if (await DeploymentVersionAsync(db, CancellationToken.None) == Interlocked.Read(ref _loadedVersion))
            {
                return;
            }
        }
        await _gate.EnterExclusiveAsync();
        try
        {
            await using var lease = await links.LockAsync((InstanceLinks.DeploymentKey, true));
            if (await lease!.DeploymentVersionAsync() != Interlocked.Read(ref _loadedVersion))
            {
                await ReloadAsync();
            }
        }
        finally
        {
            _gate.ExitExclusive();
        }
    }

    private async Task ReloadAsync()
    {
        await LoadAsync();
        foreach (var follower in _followers)
        {
            await follower();
        }
    }

    private async Task<long> DeploymentVersionAsync(EmrAuthDbContext db, CancellationToken cancellationToken) =>
        db is PostgresEmrAuthDbContext shared && links.IsShared
            ? await shared.DeploymentVersions.Where(v => v.Id == 1).Select(v => v.Version).SingleAsync(cancellationToken)
            : 0;

    /// <summary>One patient's records at every hospital and index records h(ID_P || ID_DE) as the database holds them.</summary>
    private async Task RefreshPatientAsync(string patientId)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        RestoreRecords(Hospitals, await db.EmrEntries.Where(e => e.PatientId == patientId).OrderBy(e => e.At).ThenBy(e => e.Id).ToListAsync());
        // Revoke_P runs as a step of the patient's, so another instance's revocation is caught up here.
        foreach (var revocation in await db.ConsentGrants.Where(g => g.PatientId == patientId && g.SignedRevocation != null).Select(g => g.SignedRevocation!).ToListAsync())
        {
            State.RestoreConsentRevocation(revocation);
        }
        var departments = await db.Departments.Select(d => d.DepartmentId).Distinct().ToListAsync();
        var keys = departments.Select(d => Convert.ToHexString(EmrIndex.KeyOf(patientId, d))).ToList();
        foreach (var index in await db.IndexRecords.Where(i => keys.Contains(i.KeyHex)).ToListAsync())
        {
            Cloud.RestoreIndexRecord(index.KeyHex, index.Masked, index.Form);
        }
    }

    /// <summary>Rebuilds the records the rows hold (in order), replacing what the hospitals held for them.</summary>
    private void RestoreRecords(IReadOnlyDictionary<string, HospitalCloud> hospitals, IEnumerable<EmrEntry> rows)
    {
        foreach (var record in rows.GroupBy(r => (r.HospitalId, r.PatientId, r.DepartmentId)))
        {
            if (!hospitals.TryGetValue(record.Key.HospitalId, out var hospital))
            {
                continue;
            }
            var entries = record.Select(row => new RecordEntry(row.At, row.Author, sealer.UnsealRecordText(row.HospitalId, row.SealedText), row.AuthorSignature,
                row.SealedCommitmentKey is { } key ? sealer.UnsealRecord(row.HospitalId, key) : null,
                row.SealedSensitivityLabel is { } label ? SignedSensitivityLabel.Decode(sealer.UnsealRecord(row.HospitalId, label)) : null)).ToList();
            hospital.RestoreRecord(new MedicalRecord(record.Key.PatientId, record.Key.DepartmentId, entries));
        }
    }
}
