using Microsoft.EntityFrameworkCore;

namespace EmrAuth.Web.Infrastructure;

/// <summary>
/// Configuration section Demo. Seed: create the demo world (with its published password) on a first start. Off unless
/// set: appsettings.Development.json turns it on, so a Production start never has the demo accounts.
/// </summary>
public sealed class DemoOptions
{
    public const string Section = "Demo";

    public bool Seed { get; set; }
}

/// <summary>
/// The demo world of a first start: the public cloud with its medical authority, two hospitals with departments,
/// three doctors, four patients with records, and accounts for every role. Everything goes through the same
/// services people use, so seeding runs the real registrations (Eqs. 2–10) and index registrations, as the
/// <see cref="SystemActor"/> "seed": approving as the cloud administrators do, filing records as each hospital.
/// </summary>
public sealed class DemoSeeder(IDbContextFactory<EmrAuthDbContext> dbFactory, ProtocolHost host, AccountService accounts, IServiceScopeFactory scopes,
    Microsoft.Extensions.Options.IOptions<DemoOptions> options)
    : IDemoAccounts
{
    public const string DemoPassword = "emrauth-demo-2026";
    private const string Seeder = "seed";

    private static readonly (string Id, string Name, (string Id, string Name)[] Departments)[] HospitalSeeds =
    [
        ("north-general", "North General Hospital", [("cardiology", "Cardiology"), ("neurology", "Neurology")]),
        ("south-university", "South University Hospital", [("cardiology", "Cardiology"), ("oncology", "Oncology")]),
    ];

    private static readonly (string Id, string Name, string Department)[] DoctorSeeds =
    [
        ("dr-chen", "Dr. Mei Chen", "cardiology"),
        ("dr-huang", "Dr. Wei Huang", "neurology"),
        ("dr-deng", "Dr. Li Deng", "oncology"),
    ];

    private static readonly (string Id, string Name, string Hospital, string Department, string Record)[] PatientSeeds =
    [
        ("alice", "Alice Martin", "north-general", "cardiology", "2024-03: stent placed in the LAD. Aspirin 100 mg, atorvastatin 40 mg."),
        ("bob", "Bob Keller", "north-general", "neurology", "2025-01: migraine with aura, 2–3 episodes a month. Sumatriptan as needed."),
        ("carol", "Carol Singh", "south-university", "cardiology", "Hypertension since 2019, on ramipril 5 mg. Last echo normal."),
        ("dan", "Dan Okafor", "south-university", "oncology", "2023: stage I colon cancer, resected; surveillance CT yearly, last clear."),
    ];

    /// <summary>The seeded accounts, or none when seeding is off.</summary>
    public IReadOnlyList<DemoAccount> Accounts => options.Value.Seed ? AllAccounts : [];

    public bool Enabled => options.Value.Seed;

    private static readonly IReadOnlyList<DemoAccount> AllAccounts =
    [
        new("cloud.admin", DemoPassword, Roles.CloudAdmin, "Public-cloud administrator and medical authority"),
        .. HospitalSeeds.Select(h => new DemoAccount($"admin.{h.Id.Split('-')[0]}", DemoPassword, Roles.HospitalAdmin, $"Administrator of {h.Name}")),
        .. DoctorSeeds.Select(d => new DemoAccount(d.Id.Replace('-', '.'), DemoPassword, Roles.Doctor, $"{d.Name}, {d.Department}")),
        .. PatientSeeds.Select(p => new DemoAccount(p.Id, DemoPassword, Roles.Patient, $"{p.Name}, record in {p.Department} at {p.Hospital}")),
    ];

    /// <summary>The biometric secret of a demo patient's simulated device.</summary>
    public static string BiometricSecretOf(string patientId) => $"{patientId}-demo-fingerprint-template";

    /// <summary>Seeds a fresh database; does nothing if the deployment already has its secrets.</summary>
    public async Task SeedIfEmptyAsync()
    {
        await using var cloud = SystemActor.CreateScope(scopes, Seeder, Roles.CloudAdmin);
        var registrations = cloud.ServiceProvider.GetRequiredService<RegistrationService>();
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            if (await db.CloudSecrets.AnyAsync())
            {
                return;
            }
            host.CreateSecrets(db);
            await accounts.CreateAsync(db, "cloud.admin", DemoPassword, Roles.CloudAdmin, null, "Cloud Administrator");
            foreach (var (id, name, departments) in HospitalSeeds)
            {
                await registrations.SubmitHospitalAsync(db, id, name, departments);
                await accounts.CreateAsync(db, $"admin.{id.Split('-')[0]}", DemoPassword, Roles.HospitalAdmin, id, $"{name} administrator");
            }
            await db.SaveChangesAsync();
        }
        await host.LoadAsync();
        // Doctors apply for departments of registered hospitals, so the hospitals are approved first.
        await ApprovePendingAsync(registrations);
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            foreach (var (id, name, _, _, _) in PatientSeeds)
            {
                await registrations.SubmitPatientAsync(db, id, name, BiometricSecretOf(id));
                await accounts.CreateAsync(db, id, DemoPassword, Roles.Patient, id, name);
            }
            foreach (var (id, name, department) in DoctorSeeds)
            {
                await registrations.SubmitDoctorAsync(db, id, name, department);
                await accounts.CreateAsync(db, id.Replace('-', '.'), DemoPassword, Roles.Doctor, id, name);
            }
            await db.SaveChangesAsync();
        }
        await ApprovePendingAsync(registrations);
        foreach (var (id, _, hospital, department, record) in PatientSeeds)
        {
            // A hospital keeps a record only with the patient's signed agreement: it asks, the patient's device approves.
            await using var filing = SystemActor.CreateScope(scopes, Seeder, Roles.HospitalAdmin, hospital);
            await filing.ServiceProvider.GetRequiredService<AdmissionService>().RequestAsync(id);
            await using (var patient = SystemActor.CreateScope(scopes, Seeder, Roles.Patient, id))
            {
                var admissions = patient.ServiceProvider.GetRequiredService<AdmissionService>();
                var request = (await admissions.OwnRequestsAsync()).Single(r => r.HospitalId == hospital && r.Status == AdmissionStatus.Pending);
                await admissions.ApproveAsync(request.Id);
            }
            await filing.ServiceProvider.GetRequiredService<RecordService>().CreateRecordAsync(id, department, record);
        }
    }

    private async Task ApprovePendingAsync(RegistrationService registrations)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        foreach (var id in await db.Registrations.Where(r => r.Status == RegistrationStatus.Pending).OrderBy(r => r.Id).Select(r => r.Id).ToListAsync())
        {
            await registrations.ApproveAsync(id);
        }
    }
}

/// <summary>
/// On start: migrate the database, seed a demo world the first time (if enabled; otherwise create the deployment's
/// secrets and open the first administrator's setup token), rebuild the parties and the migration network
/// (the first start creates the TTPH and certifies every hospital), then settle what a stop interrupted, as the
/// <see cref="SystemActor"/> "portal".
/// </summary>
public sealed class PortalInitializer(IDbContextFactory<EmrAuthDbContext> dbFactory, DemoSeeder seeder, ProtocolHost host,
    MigrationHost migrationNetwork, AuditChainWriter auditChain, IServiceScopeFactory scopes, FirstAdminSetup setup,
    Microsoft.Extensions.Options.IOptions<SignUpOptions> signUp, AuditLog audit, InstanceLinks links, InstanceEvents events)
{
    public const string Actor = "portal";

    /// <summary>
    /// Migrates, seeds or opens the first-administrator setup, loads the parties and recovers unfinished work. With
    /// several instances on PostgreSQL one instance starts at a time (an advisory lock), so two never migrate or seed
    /// at once; each then listens for the others' changes.
    /// </summary>
    public async Task InitializeAsync()
    {
        await using (await links.LockAsync((InstanceLinks.StartupKey, false)))
        {
            await StartAsync();
        }
        host.AfterReload(migrationNetwork.LoadAsync);
        await events.StartAsync();
    }

    private async Task StartAsync()
    {
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            await db.Database.MigrateAsync();
            await auditChain.OpenAsync(db);
            // Unfinished sign-ups past their time are released at start too, so none is approved after it expired.
            await SignUpRelease.ReleaseAsync(db, signUp.Value, host.Clock.GetUtcNow(), audit);
        }
        if (seeder.Enabled)
        {
            await seeder.SeedIfEmptyAsync();
        }
        else
        {
            await CreateSecretsIfNewAsync();
            await setup.OpenIfNoAdministratorAsync(Console.Out);
        }
        if (!host.IsLoaded)
        {
            await host.LoadAsync();
        }
        await migrationNetwork.LoadAsync();
        await using var system = SystemActor.CreateScope(scopes, Actor, Roles.CloudAdmin);
        await system.ServiceProvider.GetRequiredService<VisitService>().InterruptUnfinishedAsync();
        await system.ServiceProvider.GetRequiredService<MigrationService>().RecoverAsync();
    }

    private async Task CreateSecretsIfNewAsync()
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        if (!await db.CloudSecrets.AnyAsync())
        {
            host.CreateSecrets(db);
            await db.SaveChangesAsync();
        }
    }
}
