using EmrAuth.Domain.Parties;
using System.Security.Claims;
using EmrAuth.Web.Features.Accounts;
using EmrAuth.Web.Features.Records;
using EmrAuth.Web.Features.Registry;
using EmrAuth.Web.Features.Visits;
using EmrAuth.Web.Infrastructure;
using EmrAuth.Web.Infrastructure.Persistence;
using EmrAuth.Web.Infrastructure.Protocol;
using EmrAuth.Web.Infrastructure.Security;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace EmrAuth.Benchmarks;

/// <summary>
/// The portal's services (<see cref="HeadlessPortal"/>) over a fresh data folder with real SQLite and Data Protection,
/// the demo world seeded, and as many more patients as asked for, each signed up, approved by the cloud administrator
/// and given a cardiology record at North General, so that each worker can visit dr-chen as a patient of its own.
/// On PostgreSQL (a fresh database on the given server) it can run as several instances: service hosts on one
/// database and one data folder, as deploy/local-cluster.sh runs processes; worker i uses instance i mod n for every step.
/// </summary>
internal sealed class PortalWorld : IAsyncDisposable
{
    public const string Doctor = "dr-chen";
    public const string Department = "cardiology";
    private const string Password = "throughput-password-1";

    private readonly List<ServiceProvider> _instances = [];
    private readonly List<AsyncServiceScope> _scopes = [];
    private readonly List<List<MedicalRecord>> _firstRecords = [];
    private readonly string? _postgresServer;
    private readonly string? _database;

    private PortalWorld(string folder, string? postgresServer) =>
        (Folder, _postgresServer, _database) = (folder, postgresServer, postgresServer is null ? null : "emrauth_bench_" + Guid.NewGuid().ToString("N"));

    public string Folder { get; }

    /// <summary>dr-chen's services on each instance, shared by that instance's workers (a doctor with many visits open).</summary>
    private List<VisitService> DoctorVisits { get; } = [];

    /// <summary>Patient i's services on its instance, as a circuit of that signed-in patient sees them.</summary>
    private List<VisitService> PatientVisits { get; } = [];

    private string? ConnectionString => _postgresServer is null ? null : new NpgsqlConnectionStringBuilder(_postgresServer) { Database = _database }.ConnectionString;

    /// <param name="patients">One per worker.</param>
    /// <param name="postgresServer">A PostgreSQL server's connection string (the run gets a database of its own); null: SQLite.</param>
    /// <param name="instances">Service hosts on the one database; more than one needs PostgreSQL.</param>
    public static async Task<PortalWorld> StartAsync(int patients, string? postgresServer = null, int instances = 1)
    {
        if (instances > 1 && postgresServer is null)
        {
            throw new ArgumentException("Several instances need PostgreSQL: SQLite is one process's file (docs/deployment.md).", nameof(instances));
        }
        var folder = Path.Combine(Path.GetTempPath(), "emrauth-throughput-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var world = new PortalWorld(folder, postgresServer);
        if (postgresServer is not null)
        {
            // Created first, as an administrator would: the instances take their start-up lock in it.
            await world.ExecuteOnServerAsync($"CREATE DATABASE \"{world._database}\"");
        }
        var provider = postgresServer is null ? StorageProvider.Sqlite : StorageProvider.Postgres;
        for (var i = 0; i < instances; i++)
        {
            // One after the other, as the script starts them: the first migrates and seeds.
            var services = HeadlessPortal.Build(folder, TimeProvider.System, provider: provider, connectionString: world.ConnectionString);
            world._instances.Add(services);
            await services.GetRequiredService<PortalInitializer>().InitializeAsync();
        }
        var cloud = await world.SignInAsync("cloud.admin", DemoSeeder.DemoPassword);
        var north = await world.SignInAsync("admin.north", DemoSeeder.DemoPassword);
        for (var i = 0; i < patients; i++)
        {
            var id = $"patient-{i:D3}";
            await world.Anonymous().GetRequiredService<SignUpService>().SignUpAsync(new SignUpForm
            {
                Kind = Roles.Patient, UserName = id, Password = Password, DisplayName = $"Patient {i}", PartyId = id, BiometricSecret = $"{id}-thumb",
            });
            await cloud.GetRequiredService<RegistrationService>().ApproveAsync(await world.PendingRegistrationAsync());
            var patient = await world.SignInAsync(id, Password, world.InstanceOf(i));
            // Issue 11: no record without the patient's agreement; the hospital asks, the patient's device approves.
            await north.GetRequiredService<AdmissionService>().RequestAsync(id);
            var admissions = patient.GetRequiredService<AdmissionService>();
            await admissions.ApproveAsync((await admissions.OwnRequestsAsync()).Single(r => r.Status == AdmissionStatus.Pending).Id);
            await north.GetRequiredService<RecordService>().CreateRecordAsync(id, Department, "2025: hypertension, on ramipril 5 mg.");
            world.PatientVisits.Add(patient.GetRequiredService<VisitService>());
        }
        foreach (var instance in world._instances)
        {
            world.DoctorVisits.Add((await world.SignInAsync("dr.chen", DemoSeeder.DemoPassword, instance)).GetRequiredService<VisitService>());
            var hospital = RecordHospital(instance);
            world._firstRecords.Add([.. Enumerable.Range(0, patients).Select(i => hospital.FindRecord($"patient-{i:D3}", Department)!)]);
        }
        return world;
    }

    private ServiceProvider InstanceOf(int patient) => _instances[patient % _instances.Count];

    /// <summary>One whole visit as the patient and the doctor click it: start, accept, readings, EMR search, diagnosis.</summary>
    public async Task VisitAsync(int patient, StepTimer steps)
    {
        var (patientVisits, doctor) = (PatientVisits[patient], DoctorVisits[patient % _instances.Count]);
        var (visitId, started) = await steps.TimeAsync(() => patientVisits.StartAsync(Doctor));
        Check(started);
        Check(await steps.TimeAsync(() => doctor.AcceptAsync(visitId)));
        Check(await steps.TimeAsync(() => patientVisits.SendReadingsAsync(visitId, BenchWorld.Readings)));
        Check(await steps.TimeAsync(() => doctor.SearchRecordAsync(visitId, Department)));
        Check(await steps.TimeAsync(() => doctor.DiagnoseAsync(visitId, BenchWorld.DiagnosisText)));
        // As in the domain run: every visit files a diagnosis into the record the next one searches, renders and
        // encrypts, so a worker's record would grow by an entry per visit and so would each visit's cost. Outside the
        // timed steps, the hospital's copy goes back to its first entry (the filed rows stay in SQLite; nothing reads
        // them back during the run).
        RecordHospital(InstanceOf(patient)).RestoreRecord(_firstRecords[patient % _instances.Count][patient]);
    }

    private static HospitalCloud RecordHospital(IServiceProvider instance) => instance.GetRequiredService<ProtocolHost>().Hospitals["north-general"];

    public async ValueTask DisposeAsync()
    {
        foreach (var scope in _scopes)
        {
            await scope.DisposeAsync();
        }
        foreach (var instance in _instances)
        {
            await instance.DisposeAsync();
        }
        SqliteConnection.ClearAllPools();
        Directory.Delete(Folder, recursive: true);
        if (_postgresServer is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await ExecuteOnServerAsync($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)");
        }
    }

    private async Task ExecuteOnServerAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_postgresServer);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static void Check(VisitActionResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(result.Message);
        }
    }

    private IServiceProvider Anonymous() => Scope(new ClaimsPrincipal(new ClaimsIdentity()), _instances[0]);

    private async Task<IServiceProvider> SignInAsync(string userName, string password, ServiceProvider? instance = null)
    {
        instance ??= _instances[0];
        await using var db = await instance.GetRequiredService<IDbContextFactory<EmrAuthDbContext>>().CreateDbContextAsync();
        var user = await instance.GetRequiredService<AccountService>().VerifyAsync(db, userName, password)
            ?? throw new InvalidOperationException($"{userName} could not sign in.");
        return Scope(user, instance);
    }

    private IServiceProvider Scope(ClaimsPrincipal user, ServiceProvider instance)
    {
        var scope = HeadlessPortal.ScopeFor(instance, user);
        _scopes.Add(scope);
        return scope.ServiceProvider;
    }

    private async Task<int> PendingRegistrationAsync()
    {
        await using var db = await _instances[0].GetRequiredService<IDbContextFactory<EmrAuthDbContext>>().CreateDbContextAsync();
        return await db.Registrations.Where(r => r.Status == RegistrationStatus.Pending).Select(r => r.Id).SingleAsync();
    }
}
