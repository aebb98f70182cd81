using EmrAuth.Domain.Phases;
using EmrAuth.Domain.Transcript;

namespace EmrAuth.Domain.Attacks;

/// <summary>One named attack: the paper's claim it tests, what it aims at, and the scenario that runs it in a sandbox.</summary>
public sealed record AttackDefinition(string Id, string Title, string Claim, AttackTarget Target, AttackKind Kind, string Description)
{
    internal Func<LabSandbox, TamperChoice, AttackResult> Scenario { get; init; } = (_, _) => throw new InvalidOperationException();
}

/// <summary>The attack lab's catalog. Each attack runs against real party code in a fresh <see cref="LabSandbox"/>.</summary>
public static class AttackCatalog
{
    private const string Replay = "resists replay";
    private const string Mitm = "resists man-in-the-middle";
    private const string Impersonation = "resists impersonation";
    private const string NonRepudiation = "non-repudiation";
    private const string Anonymity = "patient anonymity and unlinkability";
    private const string ForwardSecrecy = "forward/backward security";
    private const string PatientConsent = "the patient decides which records a visit may search";
    private const string StandingConsent = "a record leaves under a grant only as the patient signed it";
    private const string Delegates = "the patient decides who acts for them";

    public static IReadOnlyList<AttackDefinition> All { get; } =
    [
        Visit("replay-inside-window", "Replay C_P1 inside ΔT", Replay, "A copy of the patient's request, already accepted by the doctor, sent again 5 s later.",
            ActiveAttacks.ReplayInsideWindow),
        Visit("replay-outside-window", "Replay C_P1 after ΔT", Replay, "The same copy sent again after ΔT, when the replay cache has let it go.",
            ActiveAttacks.ReplayOutsideWindow),
        Visit("stale-timestamp", "Stale timestamp", Replay, "A genuine C_P1 held back longer than ΔT before it is delivered.",
            ActiveAttacks.StaleTimestamp),
        Visit("reorder", "Reorder two answers", Mitm, "The patient asked the doctor twice; the doctor's two answers (C_D1) are delivered in the opposite order.",
            ActiveAttacks.Reorder),
        Visit("cross-session", "Message from another session", Mitm,
            "The doctor searches the same hospital for two patients at once; the hospital's C_HPC1 of the other search is delivered into this one.",
            ActiveAttacks.CrossSession),
        new("tamper", "Tamper with a message in transit", Mitm, AttackTarget.Visit, AttackKind.Active,
            "One bit of the chosen part of the chosen message is flipped on its way; the visit then goes on with genuine messages.")
        {
            Scenario = ActiveAttacks.Tamper,
        },
        Visit("impersonate-patient-own-keys", "Impersonate the patient (attacker's own keys)", Impersonation,
            "patient-mallory, a registered patient, sends C_P1 in the target patient's name, signed with her own PRK over her own B_P and R_P1.",
            l => Impostors.AsPatient(l, ownKeys: true)),
        Visit("impersonate-patient-no-keys", "Impersonate the patient (no keys)", Impersonation,
            "An outsider sends C_P1 in the target patient's name with a made-up B_P, R_P1 and signing key.",
            l => Impostors.AsPatient(l, ownKeys: false)),
        Visit("impersonate-doctor-own-keys", "Impersonate the doctor (attacker's own keys)", Impersonation,
            "dr-mallory, a registered doctor who knows PUK_P from an earlier visit, answers the patient's request in the target doctor's name with the victim's public R_D1 and Cert_D, signed with its own PRK.",
            l => Impostors.AsDoctor(l, ownKeys: true)),
        Visit("impersonate-doctor-no-keys", "Impersonate the doctor (no keys)", Impersonation,
            "An outsider answers the patient's request in the target doctor's name; PUK_P is not public, so it encrypts to a key of its own.",
            l => Impostors.AsDoctor(l, ownKeys: false)),
        Visit("impersonate-hospital-own-keys", "Impersonate the hospital (attacker's own keys)", Impersonation,
            "HPC-Mallory, a registered hospital, answers the doctor's C_D3 in the record hospital's name, signed with its own PRK.",
            l => Impostors.AsHospital(l, ownKeys: true)),
        Visit("impersonate-hospital-no-keys", "Impersonate the hospital (no keys, captured signature)", Impersonation,
            "An outsider answers the doctor's C_D3 in the record hospital's name, reusing the (Sig_HPC1, T_HPC1) the hospital just sent to another doctor.",
            l => Impostors.AsHospital(l, ownKeys: false)),
        Visit("impersonate-cloud-own-keys", "Impersonate the public cloud (attacker's own keys)", Impersonation,
            "patient-mallory answers the doctor's index query in the public cloud's name, pointing it at HPC-Mallory, signed with her own PRK.",
            l => Impostors.AsCloud(l, ownKeys: true)),
        Visit("impersonate-cloud-no-keys", "Impersonate the public cloud (no keys)", Impersonation,
            "An outsider answers the doctor's index query in the public cloud's name with a made-up signing key.",
            l => Impostors.AsCloud(l, ownKeys: false)),
        Visit("impersonate-doctor-by-escrow", "The public cloud answers as the doctor (key escrow)", NonRepudiation,
            "The public cloud intercepts the patient's C_P1 and answers as the doctor with the private key it issued to the doctor, then reads M_SD.",
            l => Impostors.AsDoctorByEscrow(l)),
        Visit("forged-certificate", "Forged Cert_D", Impersonation,
            "The doctor presents a Cert_D with its genuine fields, signed by an authority key the attacker made.",
            ActiveAttacks.ForgedCertificate),
        Visit("revoked-certificate", "Revoked Cert_D", Impersonation,
            "The medical authority revoked the doctor's Cert_D before the visit; the doctor still presents it.",
            ActiveAttacks.RevokedCertificate),
        Visit("search-outside-scope", "Doctor searches outside the patient's scope", PatientConsent,
            $"The patient allowed the visit to search the target department only; the doctor runs the EMR search for {LabSandbox.OutOfScopeDepartment}, where the patient also has a record.",
            ScopeAttacks.SearchOutsideScope),
        Visit("record-outside-scope", "Doctor asks the hospital for a record outside the scope", PatientConsent,
            $"The doctor searches the allowed department, then asks the hospital (C_D4, under SEK_2) for the {LabSandbox.OutOfScopeDepartment} record instead.",
            ScopeAttacks.RecordOutsideScope),
        Visit("cloud-widens-scope", "The public cloud widens the scope", PatientConsent,
            $"The public cloud's operator forwards the patient's scope with {LabSandbox.OutOfScopeDepartment} added, vouched with PRK_C; the doctor then asks the hospital for that record.",
            ScopeAttacks.CloudWidensScope),
        Visit("grant-forged", "Forged consent grant", StandingConsent,
            $"The doctor widens the patient's grant to every department and restricted data, keeps Sig_PG, and searches {LabSandbox.OutOfScopeDepartment} under it.",
            GrantAttacks.ForgedGrant),
        Visit("grant-expired", "Expired consent grant", StandingConsent,
            "The patient granted the doctor one day of treatment access; the doctor searches under the grant a day and a minute later.",
            GrantAttacks.ExpiredGrant),
        Visit("grant-revoked", "Revoked consent grant", StandingConsent,
            "The patient revoked the grant (signed, relayed to every hospital); the doctor still searches under it.",
            GrantAttacks.RevokedGrant),
        Visit("grant-other-doctor", "Consent grant used by a doctor it does not name", StandingConsent,
            $"{LabSandbox.OtherDoctor}, registered in the same department, presents the grant the patient gave the target doctor.",
            GrantAttacks.OtherDoctor),
        Visit("delegate-after-revocation", "Delegate acts after revocation", Delegates,
            $"The patient named {LabSandbox.OtherPatient} a proxy (start visits, read diagnoses), then revoked it; the former delegate starts a visit for the patient.",
            DelegateAttacks.AfterRevocation),
        Visit("delegate-beyond-permissions", "Delegate acts beyond its permissions", Delegates,
            $"The patient allowed {LabSandbox.OtherPatient} to read diagnoses only; the delegate starts a visit for the patient.",
            DelegateAttacks.BeyondPermissions),
        new("eavesdropper", "Eavesdropper: two visits side by side", Anonymity, AttackTarget.Visit, AttackKind.Passive,
            "A network observer records two visits of the patient with the doctor and one of another patient, and compares every part.")
        {
            Scenario = (l, _) => Eavesdrop(l, [
                () => l.Visit().RunToEnd(),
                () => l.Visit().RunToEnd(),
                () => l.Visit(LabSandbox.OtherPatient, l.Target.DoctorId).RunToEnd()]),
        },
        Visit("key-compromise-patient", "Patient's long-term key leaks after the visit", ForwardSecrecy,
            "A visit is recorded; after it ends the attacker learns PRK_P and tries to recover the session keys and plaintexts.",
            l => KeyCompromise.Run(l, PartyRole.Patient), AttackKind.Passive),
        Visit("key-compromise-doctor", "Doctor's long-term key leaks after the visit", ForwardSecrecy,
            "A visit is recorded; after it ends the attacker learns PRK_D and tries to recover the session keys and plaintexts.",
            l => KeyCompromise.Run(l, PartyRole.Doctor), AttackKind.Passive),
        new("migration-eavesdropper", "Migration: eavesdropper on two migrations side by side", Anonymity, AttackTarget.Migration, AttackKind.Passive,
            "A network observer records the patient's record moving to HPC-Other and back, and another patient's record moving to HPC-Other, and compares every part.")
        {
            Scenario = (l, _) => Eavesdrop(l, [
                () => l.Migration().RunToEnd(),
                () => l.Migration(l.Target.PatientId, LabSandbox.OtherHospital, l.Target.HospitalId).RunToEnd(),
                () => l.Migration(LabSandbox.OtherPatient, l.Target.HospitalId, LabSandbox.OtherHospital).RunToEnd()]),
        },
        new("migration-replayed-proof", "Migration: replay the proof presentation (M5)", Replay, AttackTarget.Migration, AttackKind.Active,
            "The patient's M5 (Π and Sig_P), accepted by the source, delivered to it a second time.")
        {
            Scenario = (l, _) => ActiveAttacks.ReplayMigrationProof(l),
        },
        new("migration-tampered-transfer", "Migration: tamper with the transfer (M6)", Mitm, AttackTarget.Migration, AttackKind.Active,
            "One bit of the encrypted record C_EHR flipped on its way from the source to the destination.")
        {
            Scenario = (l, _) => ActiveAttacks.TamperMigrationTransfer(l),
        },
    ];

    public static AttackDefinition Find(string id) =>
        All.FirstOrDefault(a => a.Id == id) ?? throw new ArgumentException($"There is no attack named '{id}'.", nameof(id));

    /// <summary>Runs one attack in a fresh sandbox of the target visit under the given profile.</summary>
    public static AttackOutcome Run(string attackId, LabTarget target, ProtocolProfile profile, DateTimeOffset start, TamperChoice? tamper = null)
    {
        var attack = Find(attackId);
        using var lab = new LabSandbox(target, profile, start);
        var result = attack.Scenario(lab, tamper ?? TamperChoice.Default);
        var events = lab.Transcript.Events;
        return new AttackOutcome(attack.Id, profile, result.Verdict, result.Where, result.Summary, result.Obtained, events, result.Eavesdropper);
    }

    /// <summary>Runs the patient's two sessions and the other patient's one, each recorded off the wire.</summary>
    private static AttackResult Eavesdrop(LabSandbox lab, Action[] sessions)
    {
        var wire = sessions.Select(run =>
        {
            var start = lab.Transcript.Events.Count;
            // Sessions an hour apart, as an observer would record them: timestamps differ like everything fresh.
            lab.Clock.Advance(TimeSpan.FromHours(1));
            run();
            return lab.Transcript.Events.Skip(start).OfType<MessageEvent>().ToList();
        }).ToList();
        return Report(Eavesdropper.Compare(lab.Target.PatientId, LabSandbox.OtherPatient, wire[0], wire[1], wire[2]));
    }

    /// <summary>The eavesdropper's verdict: it succeeds when any part identifies or links the patient.</summary>
    public static AttackOutcome Report(ProtocolProfile profile, EavesdropperReport report, IReadOnlyList<ProtocolEvent> events)
    {
        var result = Report(report);
        return new AttackOutcome("eavesdropper", profile, result.Verdict, result.Where, result.Summary, result.Obtained, events, report);
    }

    private static AttackResult Report(EavesdropperReport report)
    {
        var linking = report.Linking.ToList();
        return linking.Count == 0
            ? AttackResult.Stopped("no identifying or linking field", "every part is fresh in each visit or the same for every patient") with { Eavesdropper = report }
            : new AttackResult(AttackVerdict.Succeeded, string.Join(", ", linking.Select(p => $"{p.Part} ({p.Linkage})").Distinct()),
                "a network observer can tell the patient's sessions apart from another patient's", report.Findings(), report);
    }

    private static AttackDefinition Visit(string id, string title, string claim, string description, Func<LabSandbox, AttackResult> scenario, AttackKind kind = AttackKind.Active) =>
        new(id, title, claim, AttackTarget.Visit, kind, description) { Scenario = (lab, _) => scenario(lab) };
}
