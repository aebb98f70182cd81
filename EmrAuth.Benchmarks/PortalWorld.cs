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

namespace EmrAuth.Benchmarks;

/// <summary>
/// The portal's services (<see cref="HeadlessPortal"/>) over a fresh data folder with real SQLite and Data Protection,
/// the demo world seeded, and as many more patients as asked for, each signed up, approved by the cloud administrator
/// and given a cardiology record at North General, so that each worker can visit dr-chen as a patient of its own.
/// </summary>
internal sealed class PortalWorld : IAsyncDisposable
{
    public const string Doctor = "dr-chen";
    public const string Department = "cardiology";
    private const string Password = "throughput-password-1";

    private readonly ServiceProvider _services;
    private readonly List<AsyncServiceScope> _scopes = [];
    private readonly List<MedicalRecord> _firstRecords = [];

    private PortalWorld(string folder, ServiceProvider services) => (Folder, _services) = (folder, services);

    public string Folder { get; }

    /// <summary>dr-chen's services, shared by every worker (a doctor with many visits open).</summary>
    public VisitService DoctorVisits { get; private set; } = null!;

    /// <summary>Patient i's services, as a circuit of that signed-in patient sees them.</summary>
    public List<VisitService> PatientVisits { get; } = [];

    public static async Task<PortalWorld> StartAsync(int patients)
    {
        var folder = Path.Combine(Path.GetTempPath(), "emrauth-throughput-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var world = new PortalWorld(folder, HeadlessPortal.Build(folder, TimeProvider.System));
        await world._services.GetRequiredService<PortalInitializer>().InitializeAsync();
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
            await north.GetRequiredService<RecordService>().CreateRecordAsync(id, Department, "2025: hypertension, on ramipril 5 mg.");
            world.PatientVisits.Add((await world.SignInAsync(id, Password)).GetRequiredService<VisitService>());
        }
        world.DoctorVisits = (await world.SignInAsync("dr.chen", DemoSeeder.DemoPassword)).GetRequiredService<VisitService>();
        var hospital = world.RecordHospital;
        world._firstRecords.AddRange(Enumerable.Range(0, patients).Select(i => hospital.FindRecord($"patient-{i:D3}", Department)!));
        return world;
    }

    /// <summary>One whole visit as the patient and the doctor click it: start, accept, readings, EMR search, diagnosis.</summary>
    public async Task VisitAsync(int patient, StepTimer steps)
    {
        var (patientVisits, doctor) = (PatientVisits[patient], DoctorVisits);
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
        RecordHospital.RestoreRecord(_firstRecords[patient]);
    }

    private HospitalCloud RecordHospital => _services.GetRequiredService<ProtocolHost>().Hospitals["north-general"];

    public async ValueTask DisposeAsync()
    {
        foreach (var scope in _scopes)
        {
            await scope.DisposeAsync();
        }
        await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(Folder, recursive: true);
    }

    private static void Check(VisitActionResult result)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(result.Message);
        }
    }

    private IServiceProvider Anonymous() => Scope(new ClaimsPrincipal(new ClaimsIdentity()));

    private async Task<IServiceProvider> SignInAsync(string userName, string password)
    {
        await using var db = await _services.GetRequiredService<IDbContextFactory<EmrAuthDbContext>>().CreateDbContextAsync();
        var user = await _services.GetRequiredService<AccountService>().VerifyAsync(db, userName, password)
            ?? throw new InvalidOperationException($"{userName} could not sign in.");
        return Scope(user);
    }

    private IServiceProvider Scope(ClaimsPrincipal user)
    {
        var scope = HeadlessPortal.ScopeFor(_services, user);
        _scopes.Add(scope);
        return scope.ServiceProvider;
    }

    private async Task<int> PendingRegistrationAsync()
    {
        await using var db = await _services.GetRequiredService<IDbContextFactory<EmrAuthDbContext>>().CreateDbContextAsync();
        return await db.Registrations.Where(r => r.Status == RegistrationStatus.Pending).Select(r => r.Id).SingleAsync();
    }
}
