using System.Security.Claims;
using Microsoft.Extensions.DependencyInjection;

namespace EmrAuth.Tests.Web.Support;

/// <summary>
/// The portal's scoped services as one user sees them (a circuit's scope): whatever they do, they do as that user,
/// and whatever they refuse is refused to that user.
/// </summary>
public sealed class PortalSession : IAsyncDisposable
{
    private readonly AsyncServiceScope _scope;

    internal PortalSession(IServiceProvider services, ClaimsPrincipal user)
    {
        _scope = HeadlessPortal.ScopeFor(services, user);
    }

    public VisitService Visits => Get<VisitService>();

    public VisitQueries Queries => Get<VisitQueries>();

    public RegistryQueries Registry => Get<RegistryQueries>();

    public RecordService Records => Get<RecordService>();

    public AdmissionService Admissions => Get<AdmissionService>();

    public ConsentService Consents => Get<ConsentService>();

    public GrantSearchService GrantSearches => Get<GrantSearchService>();

    public MigrationService Migrations => Get<MigrationService>();

    public MigrationQueries MigrationQueries => Get<MigrationQueries>();

    public RegistrationService Registrations => Get<RegistrationService>();

    public SignUpService SignUp => Get<SignUpService>();

    public AuditTrail Audit => Get<AuditTrail>();

    public EvidenceExport Evidence => Get<EvidenceExport>();

    public AttackLabService AttackLab => Get<AttackLabService>();

    public AccountAdminService AccountAdmin => Get<AccountAdminService>();

    public T Get<T>()
        where T : notnull => _scope.ServiceProvider.GetRequiredService<T>();

    public ValueTask DisposeAsync() => _scope.DisposeAsync();
}
