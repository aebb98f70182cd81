using EmrAuth.Domain.Messages;
using EmrAuth.Domain.Phases;
using EmrAuth.Domain.Transcript;
using Microsoft.EntityFrameworkCore;

namespace EmrAuth.Web.Features.Delegates;

/// <summary>A delegation as the patient and the delegate see it.</summary>
public sealed record DelegationView(Guid Id, string PatientId, string DelegateUserName, DelegateRole Role, DelegatePermissions Permissions,
    DateTimeOffset NotBefore, DateTimeOffset NotAfter, DateTimeOffset? RevokedAt)
{
    public bool IsActive(DateTimeOffset now) => RevokedAt is null && now >= NotBefore && now < NotAfter;

    /// <summary>When just registered: D1 at the public cloud, its message and checks for the live protocol view; empty in listings.</summary>
    public IReadOnlyList<EventView> Events { get; init; } = [];

    internal static DelegationView From(DelegationRecord d) => new(d.Id, d.PatientId, d.DelegateUserName, Enum.Parse<DelegateRole>(d.Role),
        (DelegatePermissions)d.Permissions, d.NotBefore, d.NotAfter, d.RevokedAt);
}

/// <summary>A diagnosis the delegate reads for the patient.</summary>
public sealed record DelegateDiagnosisView(Guid VisitId, string DoctorId, DateTimeOffset At, string Diagnosis);

/// <summary>
/// Delegates (issue 14): a patient names another patient-role account (a guardian or a proxy) to act for them. The
/// patient's device signs Delegation_P (and Revocation_G) with PRK_P and the public cloud registers it; every action a
/// delegate takes is presented to the public cloud as a <see cref="DelegateAction"/> and checked there at
/// <see cref="PatientDelegation.Check"/>, and audited as "X on behalf of Y". Delegates need no role of their own.
/// </summary>
public sealed class DelegationService(IDbContextFactory<EmrAuthDbContext> dbFactory, ProtocolHost host, SecretSealer sealer, AuditLog audit, VisitHub hub,
    CurrentUser currentUser)
{
    public const int MaxDays = 366;

    /// <summary>
    /// The patient names <paramref name="delegateUserName"/> for <paramref name="days"/> days from now; the result carries
    /// D1 (the signed Delegation_P and the public cloud's checks) for the live protocol view.
    /// </summary>
    public async Task<DelegationView> CreateAsync(string delegateUserName, DelegateRole role, DelegatePermissions permissions, int days)
    {
        var (user, patientId) = await currentUser.RequirePartyAsync("Name delegate", $"delegate {delegateUserName}", Roles.Patient);
        var delegateName = PortalValidation.Identity("delegate", delegateUserName?.Trim().ToLowerInvariant());
        if (!Enum.IsDefined(role))
        {
            throw new PortalValidationException("role", "Choose guardian or proxy.");
        }
        if (permissions == DelegatePermissions.None || (permissions & ~PatientDelegation.All) != 0)
        {
            throw new PortalValidationException("permissions", "Choose at least one thing the delegate may do.");
        }
        if (days is < 1 or > MaxDays)
        {
            throw new PortalValidationException("days", $"A delegation lasts 1 to {MaxDays} days.");
        }
        await using var db = await dbFactory.CreateDbContextAsync();
        if (delegateName == user.UserName || !await db.Accounts.AnyAsync(a => a.UserName == delegateName && a.Role == Roles.Patient && a.DisabledAt == null))
        {
            throw new PortalValidationException("delegate", "Name another patient account of this portal.");
        }
        if (!host.Patients.TryGetValue(patientId, out var patient))
        {
            throw new PortalValidationException("delegate", "Your registration has not been approved yet.");
        }
        var now = host.Clock.GetUtcNow();
        var (signed, message) = patient.SignDelegation(delegateName, role, permissions, now, now.AddDays(days));
        var transcript = new SessionTranscript($"delegation-{new Guid(signed.Delegation.Id)}");
        try
        {
            host.Cloud.RegisterDelegation(message, patient.Ref, transcript);
        }
        catch (ProtocolViolationException e)
        {
            throw new PortalValidationException("delegate", $"{e.FailedCheck.Check}: {e.FailedCheck.Reason}");
        }
        var delegation = signed.Delegation;
        var row = new DelegationRecord
        {
            Id = new Guid(delegation.Id),
            PatientId = patientId,
            DelegateUserName = delegateName,
            Role = role.ToString(),
            Permissions = (int)permissions,
            NotBefore = now,
            NotAfter = now.AddDays(days),
            SignedDelegation = signed.Encode(),
        };
        db.Delegations.Add(row);
        audit.Add(db, user.UserName, "Delegate named", $"{delegateName} for {patientId}",
            $"{role}: {permissions} until {row.NotAfter:u} (Delegation_P signed with PRK_P, registered: {PatientDelegation.Check} passed)", patientId);
        await db.SaveChangesAsync();
        hub.PublishRegistryChange("delegations");
        return DelegationView.From(row) with { Events = [.. transcript.Events.Select(EventView.From)] };
    }

    /// <summary>
    /// The patient revokes one of their delegations: Revocation_G, signed with PRK_P, takes effect at the public cloud at
    /// once. Returns D2 (the message and the public cloud's checks) for the live protocol view; nothing when already revoked.
    /// </summary>
    public async Task<IReadOnlyList<EventView>> RevokeAsync(Guid delegationId)
    {
        var subject = $"delegation {delegationId}";
        var (user, patientId) = await currentUser.RequirePartyAsync("Revoke delegate", subject, Roles.Patient);
        await using var db = await dbFactory.CreateDbContextAsync();
        var row = await db.Delegations.SingleOrDefaultAsync(d => d.Id == delegationId) ?? throw new PortalValidationException("delegation", "There is no such delegation.");
        if (row.PatientId != patientId)
        {
            throw await currentUser.RefuseAsync(user, "Revoke delegate", subject, "not this patient's delegation", "This delegation is not yours.", patientId);
        }
        if (row.RevokedAt is not null)
        {
            return [];
        }
        row.RestoreInto(host.Cloud);
        var (signed, message) = host.Patients[patientId].RevokeDelegation(delegationId.ToByteArray());
        var transcript = new SessionTranscript($"delegation-revocation-{delegationId}");
        host.Cloud.RevokeDelegation(message, host.Patients[patientId].Ref, transcript);
        (row.RevokedAt, row.SignedRevocation) = (host.Clock.GetUtcNow(), signed.Encode());
        audit.Add(db, user.UserName, "Delegate revoked", $"{row.DelegateUserName} for {patientId}", $"Revocation_G signed with PRK_P, registered at {row.RevokedAt:u}", patientId);
        await db.SaveChangesAsync();
        hub.PublishRegistryChange("delegations");
        return [.. transcript.Events.Select(EventView.From)];
    }

    /// <summary>The signed-in patient's delegations, newest first.</summary>
    public async Task<IReadOnlyList<DelegationView>> OwnAsync()
    {
        var (_, patientId) = await currentUser.RequirePartyAsync("Read delegates", "own delegates", Roles.Patient);
        await using var db = await dbFactory.CreateDbContextAsync();
        return [.. (await db.Delegations.Where(d => d.PatientId == patientId).ToListAsync()).OrderByDescending(d => d.NotBefore).Select(DelegationView.From)];
    }

    /// <summary>The delegations naming the signed-in account that are in force now: the patients it may act for.</summary>
    public async Task<IReadOnlyList<DelegationView>> ActingForAsync()
    {
        var user = await currentUser.RequireAsync("Read delegations", "patients the account acts for", Roles.Patient);
        return await InForceAsync(user.UserName);
    }

    /// <summary>The delegate reads the patient's diagnoses (ReadDiagnoses), checked by the public cloud and audited for the patient.</summary>
    public Task<IReadOnlyList<DelegateDiagnosisView>> DiagnosesOfAsync(string patientId) => ReadDiagnosesAsync(patientId, visitId: null);

    /// <summary>
    /// One visit's diagnosis for a delegate in force with <paramref name="permissions"/>, by the rule of
    /// <see cref="DiagnosesOfAsync"/>: without ReadDiagnoses nothing is presented and nothing shown (null); with it the
    /// public cloud checks the delegation and the read is audited for the patient.
    /// </summary>
    internal async Task<string?> DiagnosisOfVisitAsync(Guid visitId, string patientId, DelegatePermissions permissions) =>
        permissions.HasFlag(DelegatePermissions.ReadDiagnoses) ? (await ReadDiagnosesAsync(patientId, visitId)).SingleOrDefault()?.Diagnosis : null;

    private async Task<IReadOnlyList<DelegateDiagnosisView>> ReadDiagnosesAsync(string patientId, Guid? visitId)
    {
        var (_, actor, action) = await RequireDelegateAsync("Read diagnoses", patientId, DelegatePermissions.ReadDiagnoses);
        await CheckAtPublicCloudAsync(action, "Read diagnoses", patientId, NullEventSink.Instance);
        await using var db = await dbFactory.CreateDbContextAsync();
        var visits = await db.Visits.Where(v => v.PatientId == patientId && v.SealedDiagnosis != null && (visitId == null || v.Id == visitId)).ToListAsync();
        var subject = visitId is null ? $"diagnoses of {patientId}" : $"diagnosis of visit {visitId}";
        audit.Add(db, actor, "Diagnoses read", subject, $"{visits.Count} read ({PatientDelegation.Check} passed)", patientId);
        await db.SaveChangesAsync();
        return [.. visits.OrderByDescending(v => v.UpdatedAt).Select(v => new DelegateDiagnosisView(v.Id, v.DoctorId, v.UpdatedAt, sealer.UnsealTranscript(v.SealedDiagnosis!)))];
    }

    /// <summary>
    /// The service gate for a delegate's action for <paramref name="patientId"/>: a patient-role account named by a
    /// delegation of that patient that allows <paramref name="permission"/> (the public cloud then checks it in full).
    /// Returns the audit actor "X on behalf of Y" and the <see cref="DelegateAction"/> to present. Refused and audited otherwise.
    /// </summary>
    internal async Task<(SignedInUser User, string Actor, DelegateAction Action)> RequireDelegateAsync(string action, string patientId, DelegatePermissions permission)
    {
        var subject = $"{action} for {patientId}";
        var user = await currentUser.RequireAsync(action, subject, Roles.Patient);
        await using var db = await dbFactory.CreateDbContextAsync();
        var rows = await db.Delegations.Where(d => d.PatientId == patientId && d.DelegateUserName == user.UserName).ToListAsync();
        // The newest unrevoked one that allows the action; a revoked or expired one still goes to the public cloud's check, which refuses it.
        var row = rows.Where(d => ((DelegatePermissions)d.Permissions & permission) == permission).OrderBy(d => d.RevokedAt is not null).ThenByDescending(d => d.NotBefore).FirstOrDefault()
            ?? rows.OrderBy(d => d.RevokedAt is not null).ThenByDescending(d => d.NotBefore).FirstOrDefault()
            ?? throw await currentUser.RefuseAsync(user, action, subject, "no delegation of this patient names the account", "You do not act for this patient.", patientId);
        // Registered or revoked on another instance meanwhile: the public cloud checks what is stored.
        row.RestoreInto(host.Cloud);
        return (user, OnBehalf(user.UserName, patientId), new DelegateAction(row.SignedDelegation, user.UserName, permission, host.Clock.GetUtcNow().ToUnixTimeMilliseconds()));
    }

    /// <summary>The public cloud's <see cref="PatientDelegation.Check"/> of a delegate action; a refusal is audited for the patient and denied.</summary>
    internal async Task CheckAtPublicCloudAsync(DelegateAction action, string what, string patientId, IProtocolEventSink sink)
    {
        try
        {
            host.Cloud.ReceiveDelegateAction(action, sink);
        }
        catch (ProtocolViolationException e)
        {
            var user = await currentUser.RequireAsync(what, patientId, Roles.Patient);
            throw await currentUser.RefuseAsync(user, what, $"{what} for {patientId}", $"{e.FailedCheck.Check}: {e.FailedCheck.Reason}",
                $"The public cloud refused: {e.FailedCheck.Reason}.", patientId);
        }
    }

    /// <summary>A delegate's patient-side step of a visit (StartVisits), checked by the public cloud; returns the audit actor.</summary>
    internal async Task<string> RequireVisitStepAsync(string action, string patientId)
    {
        var (_, actor, delegated) = await RequireDelegateAsync(action, patientId, DelegatePermissions.StartVisits);
        await CheckAtPublicCloudAsync(delegated, action, patientId, NullEventSink.Instance);
        return actor;
    }

    /// <summary>
    /// What a patient-role account may do for each patient whose delegation in force names it (the permissions of all of
    /// them): which of those patients' visits it may open and follow. Empty for any other role.
    /// </summary>
    internal async Task<IReadOnlyDictionary<string, DelegatePermissions>> PermissionsOfAsync(SignedInUser user) =>
        user.Role != Roles.Patient ? new Dictionary<string, DelegatePermissions>()
            : (await InForceAsync(user.UserName)).GroupBy(d => d.PatientId).ToDictionary(g => g.Key, g => g.Aggregate(DelegatePermissions.None, (all, d) => all | d.Permissions));

    private async Task<IReadOnlyList<DelegationView>> InForceAsync(string delegateUserName)
    {
        var now = host.Clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync();
        var rows = await db.Delegations.Where(d => d.DelegateUserName == delegateUserName && d.RevokedAt == null).ToListAsync();
        return [.. rows.Select(DelegationView.From).Where(d => d.IsActive(now)).OrderBy(d => d.PatientId, StringComparer.Ordinal)];
    }

    public static string OnBehalf(string delegateUserName, string patientId) => $"{delegateUserName} on behalf of {patientId}";
}

/// <summary>What the patient's "Name a delegate" form asks for.</summary>
public sealed record NewDelegate(string DelegateUserName, DelegateRole Role, DelegatePermissions Permissions, int Days);
