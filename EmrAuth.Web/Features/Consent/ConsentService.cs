using EmrAuth.Domain.Crypto;
using EmrAuth.Domain.Messages;
using EmrAuth.Domain.Phases;
using EmrAuth.Domain.Transcript;
using Microsoft.EntityFrameworkCore;

namespace EmrAuth.Web.Features.Consent;

/// <summary>
/// The patient's consent grants (issue 14, docs/access.md#consent-grants): the patient's device signs a grant with
/// PRK_P and the portal keeps the signed bytes; a revocation is signed too, verified by the public cloud and relayed
/// to every hospital, and takes effect there at once. Every operation names the patient it acts for, and
/// <see cref="RequirePatientOrDelegateAsync"/> alone decides who may act for that patient.
/// </summary>
public sealed class ConsentService(IDbContextFactory<EmrAuthDbContext> dbFactory, ProtocolHost host, AuditLog audit, VisitHub hub, CurrentUser currentUser,
    DelegationService delegations)
{
    public const string NoGrantee = "Choose whom you grant access to.";
    public const string NoCategories = "Choose at least one department, or all departments.";
    public const string BadWindow = "The grant must end after it starts, in the future, and last at most 366 days.";

    /// <summary>The grants of <paramref name="patientId"/>, newest first, each with every use made of it.</summary>
    public async Task<IReadOnlyList<GrantView>> GrantsAsync(string patientId)
    {
        await RequirePatientOrDelegateAsync("Read consent grants", patientId);
        await using var db = await dbFactory.CreateDbContextAsync();
        var rows = await db.ConsentGrants.Include(g => g.Uses).Where(g => g.PatientId == patientId).ToListAsync();
        var now = host.Clock.GetUtcNow();
        return [.. rows.OrderByDescending(g => g.CreatedAt).Select(g => GrantView.From(g, now))];
    }

    /// <summary>The patient's device signs Grant_P (Sig_PG with PRK_P); the portal stores the signed bytes. Returns ID_G.</summary>
    public async Task<string> CreateAsync(string patientId, GrantForm form)
    {
        var actor = await RequirePatientOrDelegateAsync("Grant access", patientId);
        var now = host.Clock.GetUtcNow();
        var (granteeId, departments, starts, expires) = Validate(form, now);
        if (!host.Patients.TryGetValue(patientId, out var patient))
        {
            throw new PortalValidationException("patientId", "Your registration has not been approved yet.");
        }
        var signed = patient.SignGrant(form.GranteeKind, granteeId, form.Purpose, departments, form.IncludesRestricted, starts, expires);
        var grant = signed.Grant;
        await using var db = await dbFactory.CreateDbContextAsync();
        db.ConsentGrants.Add(new ConsentGrantRecord
        {
            GrantId = grant.GrantId,
            PatientId = patientId,
            GranteeKind = grant.GranteeKind.ToString(),
            GranteeId = grant.GranteeId,
            Purpose = grant.Purpose.ToString(),
            Departments = string.Join(',', grant.Departments),
            IncludesRestricted = grant.IncludesRestricted,
            NotBefore = starts,
            NotAfter = expires,
            CreatedAt = now,
            SignedGrant = signed.Encode(),
        });
        audit.Add(db, actor, "Consent granted", $"grant {grant.GrantId} to {grant.GranteeKind} {grant.GranteeId}",
            $"{grant} from {starts:u} to {expires:u}, signed with PRK_P", patientId);
        await db.SaveChangesAsync();
        hub.PublishRegistryChange("consent");
        return grant.GrantId;
    }

    /// <summary>
    /// Revoke_P signed with PRK_P (R1), verified by the public cloud, relayed to and verified by every hospital (R2). Only
    /// when every party accepted it is the revocation stored; a refused one changes nothing.
    /// </summary>
    public async Task<string> RevokeAsync(string patientId, string grantId)
    {
        var actor = await RequirePatientOrDelegateAsync("Revoke consent", patientId);
        return await host.RunVisitStepAsync(patientId, async () =>
        {
            await using var db = await dbFactory.CreateDbContextAsync();
            var row = await db.ConsentGrants.SingleOrDefaultAsync(g => g.GrantId == grantId && g.PatientId == patientId)
                ?? throw new PortalValidationException("grantId", "There is no such grant.");
            if (row.RevokedAt is not null)
            {
                return "This grant was already revoked.";
            }
            var patient = host.Patients[patientId];
            var request = patient.RequestRevocation(grantId);
            var transcript = new SessionTranscript($"revoke-{grantId}");
            try
            {
                var notices = host.Cloud.AcceptRevocation(request, patient.Ref, host.Hospitals.Keys, transcript);
                foreach (var (hospitalId, notice) in notices)
                {
                    host.Hospitals[hospitalId].ReceiveRevocationNotice(notice, transcript);
                }
            }
            catch (ProtocolViolationException e)
            {
                audit.Add(db, actor, "Consent revocation refused", $"grant {grantId}", $"{e.FailedCheck.Check}: {e.FailedCheck.Reason}", patientId);
                await db.SaveChangesAsync();
                throw new PortalValidationException("grantId", $"The revocation was refused at {e.FailedCheck.Check}: {e.FailedCheck.Reason}");
            }
            var revocation = host.Cloud.ConsentRevocations.Find(patientId, grantId)!;
            row.RevokedAt = DateTimeOffset.FromUnixTimeMilliseconds(revocation.RevokedAt);
            row.SignedRevocation = new FieldWriter().Add(revocation.Encode()).Add(request.Signature).ToArray();
            audit.Add(db, actor, "Consent revoked", $"grant {grantId}", "Revoke_P signed with PRK_P; accepted by the public cloud and every hospital", patientId);
            await db.SaveChangesAsync();
            hub.PublishRegistryChange("consent");
            return "The grant is revoked. Any search under it is refused from now on.";
        });
    }

    /// <summary>
    /// The one place that decides who may act on <paramref name="patientId"/>'s grants: the patient themselves, or a
    /// delegate whose Delegation_P allows ManageGrants (checked by the public cloud, docs/access.md#delegates).
    /// Returns the actor as the audit trail names them ("bob on behalf of alice" for a delegate).
    /// </summary>
    private async Task<string> RequirePatientOrDelegateAsync(string action, string patientId)
    {
        var subject = $"consent grants of {patientId}";
        var (user, partyId) = await currentUser.RequirePartyAsync(action, subject, Roles.Patient);
        if (partyId == patientId)
        {
            return user.UserName;
        }
        var (_, actor, delegated) = await delegations.RequireDelegateAsync(action, patientId, DelegatePermissions.ManageGrants);
        await delegations.CheckAtPublicCloudAsync(delegated, action, patientId, NullEventSink.Instance);
        return actor;
    }

    private (string GranteeId, IReadOnlyList<string> Departments, DateTimeOffset Starts, DateTimeOffset Expires) Validate(GrantForm form, DateTimeOffset now)
    {
        if (!Enum.IsDefined(form.GranteeKind) || !Enum.IsDefined(form.Purpose))
        {
            throw new PortalValidationException("granteeKind", NoGrantee);
        }
        if (string.IsNullOrWhiteSpace(form.GranteeId))
        {
            throw new PortalValidationException("granteeId", NoGrantee);
        }
        var granteeId = PortalValidation.Identity("granteeId", form.GranteeId);
        var known = form.GranteeKind switch
        {
            GranteeKind.Doctor => host.Doctors.ContainsKey(granteeId),
            GranteeKind.Hospital => host.Hospitals.ContainsKey(granteeId),
            _ => host.Doctors.Values.Any(d => d.Certificate.DepartmentId == granteeId),
        };
        if (!known)
        {
            throw new PortalValidationException("granteeId", NoGrantee);
        }
        if (!form.AllDepartments && form.Departments.Count is 0 or > ConsentGrant.MaxDepartments)
        {
            throw new PortalValidationException("departments", NoCategories);
        }
        var departments = form.AllDepartments ? [] : form.Departments.Select(d => PortalValidation.Identity("departments", d)).Distinct().ToList();
        var starts = form.Starts is { } s ? new DateTimeOffset(DateTime.SpecifyKind(s.Date, DateTimeKind.Utc)) : now;
        var expires = form.Expires is { } e ? new DateTimeOffset(DateTime.SpecifyKind(e.Date, DateTimeKind.Utc)).AddDays(1) : starts;
        // A start today means now; the grant ends at the end of its expiry day (UTC).
        starts = starts < now ? now : starts;
        if (expires <= starts || expires - starts > ConsentGrant.MaxDuration)
        {
            throw new PortalValidationException("expires", BadWindow);
        }
        return (granteeId, departments, starts, expires);
    }
}
