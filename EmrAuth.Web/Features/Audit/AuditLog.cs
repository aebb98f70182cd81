
namespace EmrAuth.Web.Features.Audit;

/// <summary>Records who did what, to what, when and with what outcome. Never records secrets or record text.</summary>
public sealed class AuditLog(TimeProvider clock)
{
    public void Add(EmrAuthDbContext db, string actor, string action, string subject, string outcome, string? patientId = null) =>
        db.AuditEntries.Add(new AuditEntry
        {
            At = clock.GetUtcNow(),
            Actor = actor,
            Action = action,
            Subject = subject,
            Outcome = outcome,
            PatientId = patientId,
        });
}
