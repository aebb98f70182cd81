using System.Reflection;
using EmrAuth.Domain.Messages;
using EmrAuth.Domain.Phases;
using EmrAuth.Domain.Transcript;
using EmrAuth.Web.Features.Fhir;
using Microsoft.EntityFrameworkCore;
using static EmrAuth.Tests.Web.Support.PortalSteps;

namespace EmrAuth.Tests.Web.Infrastructure.Security;

/// <summary>
/// Every public operation of every service that acts for a user, called as each kind of caller: anonymous, each role,
/// and another party with the same role. A cell expects a refusal (<see cref="AccessDeniedException"/> and an audited
/// "Refused: …" entry) wherever docs/architecture.md "Access" says so, and anything but a refusal elsewhere (the arguments are chosen so
/// that an allowed call ends harmlessly, e.g. in a validation error). A public operation without a row fails the matrix.
/// It runs on both database providers (<see cref="ServiceAuthorizationMatrixTests"/>, <see cref="ServiceAuthorizationMatrixOnPostgresTests"/>).
/// </summary>
public abstract class ServiceAuthorizationMatrix(ServiceAuthorizationMatrix.World world)
{
    private const string Anonymous = CurrentUser.Anonymous;

    /// <summary>alice's visit with dr-chen (record at North General), and alice's record moved from North General to South University.</summary>
    public class World : IAsyncLifetime
    {
        protected virtual StorageProvider Provider => StorageProvider.Sqlite;

        public PortalHarness Portal { get; private set; } = null!;

        public Guid VisitId { get; private set; }

        public Guid MigrationId { get; private set; }

        public async Task InitializeAsync()
        {
            Portal = await PortalHarness.StartAsync(provider: Provider);
            VisitId = await CompleteVisitAsync(Portal);
            (MigrationId, _) = await Portal.AsParty("alice").Migrations.StartAsync("north-general", "cardiology", "south-university");
        }

        public async Task DisposeAsync() => await Portal.DisposeAsync();
    }

    public sealed class PostgresWorld : World
    {
        protected override StorageProvider Provider => StorageProvider.Postgres;
    }

    public static readonly string[] Callers = [Anonymous, "alice", "bob", "dr.chen", "dr.huang", "admin.north", "admin.south", CloudAdmin];

    private static readonly string[] Everyone = Callers;
    private static readonly string[] SignedIn = Callers[1..];
    private static readonly string[] Patients = ["alice", "bob"];
    private static readonly string[] Doctors = ["dr.chen", "dr.huang"];
    private static readonly string[] Hospitals = ["admin.north", "admin.south"];
    private static readonly string[] Cloud = [CloudAdmin];
    private static readonly string[] Parties = [.. Patients, .. Doctors, .. Hospitals];
    private static readonly string[] MigrationViewers = [.. Patients, .. Hospitals, CloudAdmin];
    private static readonly string[] SystemOnly = [];

    /// <summary>Who may open alice's visit: its patient, its doctor, the hospital that served the record, the cloud administrators.</summary>
    private static readonly string[] VisitParties = ["alice", "dr.chen", "admin.north", CloudAdmin];

    private sealed record Row(string[] Allowed, Func<PortalSession, World, Task> Call);

    private static readonly Dictionary<string, Row> Rows = new()
    {
        ["RegistrationService.ApproveAsync"] = new(Cloud, (s, _) => s.Registrations.ApproveAsync(int.MaxValue)),
        ["RegistrationService.RefuseAsync"] = new(Cloud, (s, _) => s.Registrations.RefuseAsync(int.MaxValue, "no")),
        ["RegistrationService.RevokeCertificateAsync"] = new(Cloud, (s, _) => s.Registrations.RevokeCertificateAsync("no-such-serial", "no")),
        // The demo world is issued without escrow, so an allowed call ends in "already issued without escrow".
        ["RegistrationService.RenewKeysAsync"] = new(Parties, (s, _) => s.Registrations.RenewKeysAsync()),
        ["RecordService.CreateRecordAsync"] = new(Hospitals, (s, _) => s.Records.CreateRecordAsync("zed", "cardiology", "x")),
        ["RecordService.AddEntryAsync"] = new(Hospitals, (s, _) => s.Records.AddEntryAsync("zed", "cardiology", "x")),
        ["RecordService.RestrictEntryAsync"] = new(Hospitals, (s, _) => s.Records.RestrictEntryAsync("zed", "cardiology", 0)),
        ["RecordService.RecordsAsync"] = new(Hospitals, (s, _) => s.Records.RecordsAsync()),
        ["AdmissionService.RequestAsync"] = new(Hospitals, (s, _) => s.Admissions.RequestAsync("Not An Identity")),
        ["AdmissionService.HospitalRequestsAsync"] = new(Hospitals, (s, _) => s.Admissions.HospitalRequestsAsync()),
        ["AdmissionService.OwnRequestsAsync"] = new(Patients, (s, _) => s.Admissions.OwnRequestsAsync()),
        ["AdmissionService.ApproveAsync"] = new(Patients, (s, _) => s.Admissions.ApproveAsync(long.MaxValue)),
        ["AdmissionService.DeclineAsync"] = new(Patients, (s, _) => s.Admissions.DeclineAsync(long.MaxValue)),
        // Issue 14, consent grants: only the patient acts on their grants (a delegate will slot into RequirePatientOrDelegateAsync);
        // the doctors' searches are decided by the public cloud and the hospital, so an unknown grant ends in a validation error.
        ["ConsentService.GrantsAsync"] = new(["alice"], (s, _) => s.Consents.GrantsAsync("alice")),
        ["ConsentService.CreateAsync"] = new(["alice"], (s, _) => s.Consents.CreateAsync("alice", new GrantForm())),
        ["ConsentService.RevokeAsync"] = new(["alice"], (s, _) => s.Consents.RevokeAsync("alice", "no-such-grant")),
        ["GrantSearchService.GrantsAsync"] = new(Doctors, (s, _) => s.GrantSearches.GrantsAsync()),
        ["GrantSearchService.SearchAsync"] = new(Doctors, (s, _) => s.GrantSearches.SearchAsync("no-such-grant", "cardiology", PurposeOfUse.Treatment)),
        ["VisitService.StartAsync"] = new(Patients, (s, _) => s.Visits.StartAsync("dr-nobody", ProtocolProfile.Paper)),
        ["VisitService.AcceptAsync"] = new(["dr.chen"], (s, w) => s.Visits.AcceptAsync(w.VisitId)),
        ["VisitService.RefuseAsync"] = new(["dr.chen"], (s, w) => s.Visits.RefuseAsync(w.VisitId, "no")),
        ["VisitService.SendReadingsAsync"] = new(["alice"], (s, w) => s.Visits.SendReadingsAsync(w.VisitId, "HR 80")),
        ["VisitService.SearchRecordAsync"] = new(["dr.chen"], (s, w) => s.Visits.SearchRecordAsync(w.VisitId, "cardiology")),
        ["VisitService.DiagnoseAsync"] = new(["dr.chen"], (s, w) => s.Visits.DiagnoseAsync(w.VisitId, "x")),
        ["VisitService.InterruptUnfinishedAsync"] = new(SystemOnly, (s, _) => s.Visits.InterruptUnfinishedAsync()),
        ["VisitQueries.VisitsAsync"] = new(SignedIn, (s, _) => s.Queries.VisitsAsync()),
        ["VisitQueries.FindAsync"] = new(VisitParties, (s, w) => s.Queries.FindAsync(w.VisitId)),
        ["VisitQueries.EventsAsync"] = new(VisitParties, (s, w) => s.Queries.EventsAsync(w.VisitId)),
        ["VisitQueries.RecoveredAsync"] = new(VisitParties, (s, w) => s.Queries.RecoveredAsync(w.VisitId, "M_SD")),
        ["VisitQueries.AuditForPatientAsync"] = new(Patients, (s, _) => s.Queries.AuditForPatientAsync()),
        ["VisitQueries.AuditAsync"] = new(Cloud, (s, _) => s.Queries.AuditAsync(1)),
        ["EvidenceExport.ExportAsync"] = new(VisitParties, (s, w) => s.Evidence.ExportAsync(w.VisitId)),
        ["RegistryQueries.DoctorsAsync"] = new(SignedIn, (s, _) => s.Registry.DoctorsAsync()),
        ["RegistryQueries.DirectoryAsync"] = new(Cloud, (s, _) => s.Registry.DirectoryAsync()),
        ["RegistryQueries.EscrowedOfAsync"] = new(SignedIn, (s, _) => s.Registry.EscrowedOfAsync((PartyRole.Doctor, "dr-chen"))),
        ["RegistryQueries.RegistrationsAsync"] = new(Cloud, (s, _) => s.Registry.RegistrationsAsync()),
        ["RegistryQueries.RegistrationOfAsync"] = new(["alice", CloudAdmin], (s, _) => s.Registry.RegistrationOfAsync(Roles.Patient, "alice")),
        ["RegistryQueries.OwnRegistrationAsync"] = new(Parties, (s, _) => s.Registry.OwnRegistrationAsync()),
        ["RegistryQueries.DisplayNameOfAsync"] = new(SignedIn, (s, _) => s.Registry.DisplayNameOfAsync(Roles.Doctor, "dr-chen")),
        ["RegistryQueries.CertificatesAsync"] = new([.. Doctors, CloudAdmin], (s, _) => s.Registry.CertificatesAsync()),
        ["RegistryQueries.DepartmentsAsync"] = new(Everyone, (s, _) => s.Registry.DepartmentsAsync()),
        ["RegistryQueries.IndexAsync"] = new(Cloud, (s, _) => s.Registry.IndexAsync()),
        ["MigrationService.StartAsync"] = new(Patients, (s, _) => s.Migrations.StartAsync("north-general", "cardiology", "nowhere")),
        ["MigrationService.RecoverAsync"] = new(SystemOnly, (s, _) => s.Migrations.RecoverAsync()),
        ["MigrationService.CleanUpAsync"] = new(Cloud, (s, _) => s.Migrations.CleanUpAsync()),
        ["MigrationService.CertifyAsync"] = new(Cloud, (s, _) => s.Migrations.CertifyAsync("nowhere")),
        ["MigrationService.RevokeAsync"] = new(Cloud, (s, _) => s.Migrations.RevokeAsync("no-such-serial", "no")),
        ["MigrationQueries.MigrationsAsync"] = new(MigrationViewers, (s, _) => s.MigrationQueries.MigrationsAsync()),
        ["MigrationQueries.FindAsync"] = new(["alice", .. Hospitals, CloudAdmin], (s, w) => s.MigrationQueries.FindAsync(w.MigrationId)),
        ["MigrationQueries.EventsAsync"] = new(["alice", .. Hospitals, CloudAdmin], (s, w) => s.MigrationQueries.EventsAsync(w.MigrationId)),
        ["MigrationQueries.MovableRecordsAsync"] = new(Patients, (s, _) => s.MigrationQueries.MovableRecordsAsync()),
        ["MigrationQueries.DestinationsAsync"] = new(MigrationViewers, (s, _) => s.MigrationQueries.DestinationsAsync()),
        ["MigrationQueries.HospitalCertificatesAsync"] = new(Cloud, (s, _) => s.MigrationQueries.HospitalCertificatesAsync()),
        ["MigrationQueries.UncertifiedHospitalsAsync"] = new(Cloud, (s, _) => s.MigrationQueries.UncertifiedHospitalsAsync()),
        ["AttackLabService.ChoicesAsync"] = new(Cloud, (s, _) => s.AttackLab.ChoicesAsync()),
        ["AttackLabService.RunAsync"] = new(Cloud, (s, _) => s.AttackLab.RunAsync(new AttackRequest("no-such-attack", null, ProtocolProfile.Paper))),
        ["AuditTrail.VerifyAsync"] = new(Cloud, (s, _) => s.Audit.VerifyAsync()),
        ["AuditTrail.EntriesAsync"] = new(Cloud, (s, _) => s.Audit.EntriesAsync(new AuditFilter(), 1)),
        ["AuditTrail.ActionsAsync"] = new(Cloud, (s, _) => s.Audit.ActionsAsync()),
        // bob's record stays at North General (alice's moves in this world); an unknown patient answers null, a bad range a validation error.
        ["FhirExport.EverythingAsync"] = new(["bob", "admin.north"], (s, _) => s.Get<FhirExport>().EverythingAsync("bob")),
        ["FhirExport.AuditEventsAsync"] = new(["bob", CloudAdmin], (s, _) => s.Get<FhirExport>().AuditEventsAsync("bob")),
        ["FhirExport.AuditFeedAsync"] = new(Cloud, (s, _) => s.Get<FhirExport>().AuditFeedAsync(DateTimeOffset.UnixEpoch.AddDays(1), DateTimeOffset.UnixEpoch)),
        ["FhirImport.ImportAsync"] = new(Hospitals, (s, _) => s.Get<FhirImport>().ImportAsync("zed", "cardiology", new MemoryStream([]))),
        ["SignUpService.SignUpAsync"] = new(Everyone, (s, _) => s.SignUp.SignUpAsync(new SignUpForm { PartyId = "Not An Identity" })),
        // Issue 14, delegates: nobody in this world acts for alice, so every delegate action is refused (and audited).
        ["DelegationService.CreateAsync"] = new(Patients, (s, _) => s.Get<DelegationService>().CreateAsync("Not An Identity", DelegateRole.Proxy, DelegatePermissions.StartVisits, 1)),
        ["DelegationService.RevokeAsync"] = new(Patients, (s, _) => s.Get<DelegationService>().RevokeAsync(Guid.Empty)),
        ["DelegationService.OwnAsync"] = new(Patients, (s, _) => s.Get<DelegationService>().OwnAsync()),
        ["DelegationService.ActingForAsync"] = new(Patients, (s, _) => s.Get<DelegationService>().ActingForAsync()),
        ["DelegationService.DiagnosesOfAsync"] = new(SystemOnly, (s, _) => s.Get<DelegationService>().DiagnosesOfAsync("alice")),
        ["VisitService.StartForAsync"] = new(SystemOnly, (s, _) => s.Visits.StartForAsync("alice", "dr-chen")),
        // secweb (finding 6): account administration.
        ["AccountAdminService.AccountsAsync"] = new(Cloud, (s, _) => s.AccountAdmin.AccountsAsync()),
        ["AccountAdminService.SetDisabledAsync"] = new(Cloud, (s, _) => s.AccountAdmin.SetDisabledAsync(int.MaxValue, true, "no")),
        ["AccountAdminService.ChangeRoleAsync"] = new(Cloud, (s, _) => s.AccountAdmin.ChangeRoleAsync(int.MaxValue, Roles.Patient, "no")),
        // Issue 14, break-glass: an allowed call ends in a validation error (no such patient id, access or note).
        ["BreakGlassService.OpenAsync"] = new(Doctors, (s, _) => s.Get<BreakGlassService>().OpenAsync(new BreakGlassForm { PatientId = "Not An Identity" })),
        ["BreakGlassService.ReopenAsync"] = new(Doctors, (s, _) => s.Get<BreakGlassService>().ReopenAsync(Guid.Empty)),
        ["BreakGlassService.MineAsync"] = new(Doctors, (s, _) => s.Get<BreakGlassService>().MineAsync()),
        ["BreakGlassService.FindAsync"] = new(Doctors, (s, _) => s.Get<BreakGlassService>().FindAsync(Guid.Empty)),
        ["BreakGlassReviews.QueueAsync"] = new(Hospitals, (s, _) => s.Get<BreakGlassReviews>().QueueAsync()),
        ["BreakGlassReviews.ReviewAsync"] = new(Hospitals, (s, _) => s.Get<BreakGlassReviews>().ReviewAsync(Guid.Empty, true, "")),
        ["BreakGlassReviews.TranscriptAsync"] = new(Hospitals, (s, _) => s.Get<BreakGlassReviews>().TranscriptAsync(Guid.Empty)),
        ["BreakGlassReviews.OverdueAsync"] = new(Cloud, (s, _) => s.Get<BreakGlassReviews>().OverdueAsync()),
    };

    /// <summary>The services that act for a user. AccountService is not one: it is the sign-in itself (it checks passwords).</summary>
    private static readonly Type[] Services =
    [
        typeof(RegistrationService), typeof(RecordService), typeof(AdmissionService), typeof(ConsentService), typeof(GrantSearchService), typeof(VisitService), typeof(VisitQueries), typeof(EvidenceExport),
        typeof(RegistryQueries), typeof(MigrationService), typeof(MigrationQueries), typeof(AttackLabService), typeof(AuditTrail),
        typeof(SignUpService), typeof(AccountAdminService), typeof(FhirExport), typeof(FhirImport), typeof(DelegationService), typeof(BreakGlassService), typeof(BreakGlassReviews),
    ];

    public static TheoryData<string> Operations => new(Rows.Keys);

    [Fact]
    public void Every_public_service_operation_has_a_row()
    {
        var operations = Services
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                .Where(m => !m.IsSpecialName)
                .Select(m => $"{t.Name}.{m.Name}"))
            .ToHashSet();

        Assert.Empty(operations.Except(Rows.Keys).Order());
        Assert.Empty(Rows.Keys.Except(operations).Order());
    }

    [Theory]
    [MemberData(nameof(Operations))]
    public async Task Each_caller_is_allowed_or_refused_as_the_access_rules_say(string operation)
    {
        var row = Rows[operation];
        var wrong = new List<string>();
        foreach (var caller in Callers)
        {
            var session = caller == Anonymous ? world.Portal.Anonymous() : world.Portal.As(caller);
            var refusalsBefore = await RefusalsOfAsync(caller);
            Exception? thrown = null;
            try
            {
                await row.Call(session, world);
            }
            catch (Exception e)
            {
                thrown = e;
            }
            var refused = thrown is AccessDeniedException;
            var audited = await RefusalsOfAsync(caller) == refusalsBefore + 1;
            if (refused == row.Allowed.Contains(caller) || refused != audited)
            {
                wrong.Add($"{caller}: {(refused ? "refused" : "allowed")}{(refused && !audited ? " without an audit entry" : "")} ({thrown?.GetType().Name}: {thrown?.Message})");
            }
        }
        Assert.True(wrong.Count == 0, $"{operation}: " + string.Join("; ", wrong));
    }

    private async Task<int> RefusalsOfAsync(string caller)
    {
        await using var db = world.Portal.OpenDb();
        return await db.AuditEntries.CountAsync(a => a.Actor == caller && a.Outcome.StartsWith("Refused: "));
    }
}

public sealed class ServiceAuthorizationMatrixTests(ServiceAuthorizationMatrix.World world)
    : ServiceAuthorizationMatrix(world), IClassFixture<ServiceAuthorizationMatrix.World>;

public sealed class ServiceAuthorizationMatrixOnPostgresTests(ServiceAuthorizationMatrix.PostgresWorld world)
    : ServiceAuthorizationMatrix(world), IClassFixture<ServiceAuthorizationMatrix.PostgresWorld>;
