using EmrAuth.Domain.Phases;
using EmrAuth.Domain.Transcript;
using EmrAuth.Tests.Phases;

namespace EmrAuth.Tests.Attacks;

/// <summary>
/// Every attack of the lab's catalog in every profile, against real party code in a sandbox: the verdict and the check
/// that stopped it (or what gave way) are pinned in one table. The table in docs/security-claims.md is
/// this one.
/// </summary>
public sealed class AttackLabTests
{
    private const string Fs = "forward secrecy";
    private const string NoFs = "no forward secrecy (docs/protocol.md#g-no-forward-secrecy)";
    private const string MigrationLinks = "C_M1 (SameLength), C_M2 (SameLength), PS_P (SameValue), h(EHR) (SameValue), C_EHR (SameLength), h(ID_P||ID_DE) (SameValue)";
    // C_C carries the forwarded Scope_P (issue 11, finding 2), which names ID_P: its length too depends on |ID_P|.
    private const string Lengths = "C_P1 (SameLength), C_P2 (SameLength), C_D2 (SameLength), C_C (SameLength), C_D3 (SameLength), C_D4 (SameLength), C_D6 (SameLength)";

    /// <summary>(attack, Paper outcome, Hardened outcome): "stopped at X" or "succeeded: X", as <see cref="AttackOutcome.Headline"/> says it.</summary>
    internal static readonly (string Attack, string Paper, string Hardened)[] Expected =
    [
        ("replay-inside-window", "stopped at Replay cache", "stopped at Replay cache"),
        ("replay-outside-window", "stopped at Freshness of T_P1", "stopped at Freshness of T_P1"),
        ("stale-timestamp", "stopped at Freshness of T_P1", "stopped at Freshness of T_P1"),
        // Paper: Sig_D1 does not cover R_P2, so only the session-key check tells the answers apart; Hardened's Sig_D1 covers it.
        ("reorder", "stopped at Eq. 22", "stopped at Eq. 21"),
        // Paper: Sig_HPC1 covers only PK, T_HPC1 and ID_HPC; Hardened's covers R_D3, R_HPC2 and Tag_HPC1.
        ("cross-session", "stopped at Eq. 44", "stopped at Eq. 43"),
        ("tamper", "stopped at Eq. 20", "stopped at Eq. 20"),
        ("impersonate-patient-own-keys", "stopped at Eq. 15", "stopped at Eq. 15"),
        ("impersonate-patient-no-keys", "stopped at Eq. 15", "stopped at Eq. 15"),
        ("impersonate-doctor-own-keys", "stopped at Eq. 21", "stopped at Eq. 21"),
        ("impersonate-doctor-no-keys", "stopped at Eq. 20", "stopped at Eq. 20"),
        ("impersonate-hospital-own-keys", "stopped at Eq. 43", "stopped at Eq. 43"),
        // Paper: a captured Sig_HPC1 still verifies in another session; only Eq. 44 stops the outsider.
        ("impersonate-hospital-no-keys", "stopped at Eq. 44", "stopped at Eq. 43"),
        ("impersonate-cloud-own-keys", "stopped at Eq. 32", "stopped at Eq. 32"),
        ("impersonate-cloud-no-keys", "stopped at Eq. 32", "stopped at Eq. 32"),
        ("impersonate-doctor-by-escrow", "succeeded: key escrow (docs/protocol.md#g-key-escrow)", "stopped at Eq. 10"),
        ("forged-certificate", "stopped at Eq. 20", "stopped at Eq. 20"),
        ("revoked-certificate", "stopped at Eq. 20", "stopped at Eq. 20"),
        // Issue 11, finding 2: the public cloud and the hospital each check the patient's Scope_P.
        ("search-outside-scope", "stopped at Eq. 28", "stopped at Eq. 28"),
        ("record-outside-scope", "stopped at Eq. 46", "stopped at Eq. 46"),
        ("cloud-widens-scope", "stopped at Eq. 37", "stopped at Eq. 37"),
        // Issue 14: a consent grant is checked at the public cloud (and again at the hospital) under stable check names.
        ("grant-forged", "stopped at Consent grant (patient-signed)", "stopped at Consent grant (patient-signed)"),
        ("grant-expired", "stopped at Consent grant time window", "stopped at Consent grant time window"),
        ("grant-revoked", "stopped at Consent grant not revoked", "stopped at Consent grant not revoked"),
        ("grant-other-doctor", "stopped at Consent grant names this doctor", "stopped at Consent grant names this doctor"),
        // Issue 14: the public cloud checks every delegate action against the patient's signed Delegation_P.
        ("delegate-after-revocation", "stopped at Delegation (patient-signed)", "stopped at Delegation (patient-signed)"),
        ("delegate-beyond-permissions", "stopped at Delegation (patient-signed)", "stopped at Delegation (patient-signed)"),
        // Hardened: every plaintext is padded to a bucket and the filing's route is sealed (docs/hardened-profile.md).
        ("eavesdropper", "succeeded: " + Lengths, "stopped at no identifying or linking field"),
        ("key-compromise-patient", "succeeded: " + NoFs, "stopped at " + Fs),
        ("key-compromise-doctor", "succeeded: " + NoFs, "stopped at " + Fs),
        ("migration-eavesdropper", "succeeded: " + MigrationLinks, "succeeded: " + MigrationLinks),
        ("migration-replayed-proof", "stopped at Replay cache", "stopped at Replay cache"),
        ("migration-tampered-transfer", "stopped at Decrypt C_EHR with PRK_D", "stopped at Decrypt C_EHR with PRK_D"),
    ];

    private static readonly DateTimeOffset Start = ManualClock.StartingNow().GetUtcNow();

    public static TheoryData<string, ProtocolProfile> AttacksInEveryProfile()
    {
        var data = new TheoryData<string, ProtocolProfile>();
        foreach (var attack in AttackCatalog.All)
        {
            foreach (var profile in Enum.GetValues<ProtocolProfile>())
            {
                data.Add(attack.Id, profile);
            }
        }
        return data;
    }

    [Fact]
    public void The_table_has_one_row_per_attack_of_the_catalog_and_the_profile_enum_has_the_two_columns()
    {
        Assert.Equal(AttackCatalog.All.Select(a => a.Id), Expected.Select(e => e.Attack));
        Assert.Equal([ProtocolProfile.Paper, ProtocolProfile.Hardened], Enum.GetValues<ProtocolProfile>());
    }

    [Theory]
    [MemberData(nameof(AttacksInEveryProfile))]
    public void Each_attack_ends_as_the_table_says_in_each_profile(string attackId, ProtocolProfile profile)
    {
        var row = Expected.Single(e => e.Attack == attackId);
        var expected = profile == ProtocolProfile.Paper ? row.Paper : row.Hardened;

        var outcome = AttackCatalog.Run(attackId, LabTarget.Default, profile, Start);

        Assert.Equal(expected, outcome.Headline);
        Assert.Equal(profile, outcome.Profile);
        Assert.NotEmpty(outcome.Events.OfType<MessageEvent>());
        if (outcome.Verdict == AttackVerdict.Succeeded)
        {
            Assert.NotEmpty(outcome.Obtained);
        }
        else if (outcome.FailedCheck is { } failed && outcome.Where != Fs)
        {
            // Stopped at a party's check: the transcript names it, with a reason, and the receiver's outcome says so.
            Assert.Equal(outcome.Where, failed.Reference);
            Assert.Contains(outcome.Events.OfType<OutcomeEvent>(), o => !o.Succeeded && o.Description.Contains($"at {failed.Reference}"));
            Assert.Contains(failed.Reason, outcome.Summary);
        }
    }

    public static TheoryData<Hop, int, string, ProtocolProfile> EveryPartOfEveryMessage()
    {
        var data = new TheoryData<Hop, int, string, ProtocolProfile>();
        foreach (var (hop, parts) in MessageAttackMatrix.Table.Where(t => t.Hop != Hop.C_D1r))
        {
            for (var part = 0; part < parts.Length; part++)
            {
                foreach (var profile in Enum.GetValues<ProtocolProfile>())
                {
                    data.Add(hop, part, MessageAttackMatrix.PartIn(hop, part, profile).Check.Replace(MessageAttackMatrix.Onward, ""), profile);
                }
            }
        }
        return data;
    }

    /// <summary>The man in the middle, one part at a time: where each flip is stopped is the 234-case matrix's answer (<see cref="MessageAttackTests"/>).</summary>
    [Theory]
    [MemberData(nameof(EveryPartOfEveryMessage))]
    public void Tampering_with_any_part_of_any_message_is_stopped_at_its_check(Hop hop, int part, string check, ProtocolProfile profile)
    {
        Assert.Equal(MessageAttackMatrix.PartIn(hop, part, profile).Part, TamperChoice.PartsOf(hop, profile)[part]);
        var outcome = AttackCatalog.Run("tamper", LabTarget.Default, profile, Start, new TamperChoice(hop, part));

        Assert.Equal($"stopped at {check}", outcome.Headline);
    }

    [Fact]
    public void Under_Paper_a_leaked_PRK_P_gives_SEK_1_and_the_readings_and_diagnosis_of_a_finished_visit()
    {
        var outcome = AttackCatalog.Run("key-compromise-patient", LabTarget.Default, ProtocolProfile.Paper, Start);

        Assert.Collection(outcome.Obtained,
            o => Assert.Matches($"^SEK_1 \\(sandbox key, SHA-256 fingerprint [0-9a-f]{{12}}\\) opens C_P2: \"{LabSandbox.Readings}\"$", o),
            o => Assert.StartsWith("SEK_1 (sandbox key", o));
        Assert.Contains(InterceptedVisit.DiagnosisText, outcome.Obtained[1]);
    }

    [Fact]
    public void Under_Paper_a_leaked_PRK_D_gives_SEK_2_and_the_record()
    {
        var outcome = AttackCatalog.Run("key-compromise-doctor", LabTarget.Default, ProtocolProfile.Paper, Start);

        Assert.Contains(outcome.Obtained, o => o.StartsWith("SEK_2 (sandbox key", StringComparison.Ordinal) && o.Contains(LabSandbox.RecordText));
        Assert.DoesNotContain(outcome.Obtained, o => o.StartsWith("SEK_1", StringComparison.Ordinal));
    }

    [Fact]
    public void Under_Paper_the_public_cloud_answers_as_the_doctor_with_the_escrowed_S_D_and_reads_M_SD_under_Hardened_its_best_guess_fails_Eq_10()
    {
        var paper = AttackCatalog.Run("impersonate-doctor-by-escrow", LabTarget.Default, ProtocolProfile.Paper, Start);
        var hardened = AttackCatalog.Run("impersonate-doctor-by-escrow", LabTarget.Default, ProtocolProfile.Hardened, Start);

        Assert.Contains($"M_SD read by the public cloud: \"{LabSandbox.Readings}\"", paper.Obtained);
        Assert.Contains(paper.Events.OfType<VerificationEvent>(), v => v.Reference == "Eq. 22" && v.Passed && v.Verifier.Role == PartyRole.Patient);
        Assert.Equal((10, false), (hardened.FailedCheck!.Equation, hardened.FailedCheck.Passed));
        Assert.Empty(hardened.Obtained);
    }

    [Fact]
    public void The_eavesdropper_sees_no_identity_and_no_repeated_value_only_lengths_that_depend_on_ID_P()
    {
        var report = AttackCatalog.Run("eavesdropper", LabTarget.Default, ProtocolProfile.Paper, Start).Eavesdropper!;

        Assert.DoesNotContain(report.Parts, p => p.Linkage is Linkage.Identifies or Linkage.SameValue);
        var linking = report.Linking.ToList();
        Assert.All(linking, p => Assert.Equal((Linkage.SameLength, p.SizeA), (p.Linkage, p.SizeB)));
        // Every such length differs by a multiple of |ID_P| − |other ID_P|: the ciphertexts carry ID_P (once, or again in Scope_P) without padding.
        var difference = LabSandbox.OtherPatient.Length - LabTarget.Default.PatientId.Length;
        Assert.All(linking, p => Assert.Contains(p.SizeOther - p.SizeA, new[] { difference, 2 * difference }));
        Assert.Contains(report.Parts, p => p.Part == "Sig_P1" && p.Linkage == Linkage.None && p.HexA != p.HexB);
    }

    [Fact]
    public void In_the_hardened_profile_the_eavesdropper_finds_no_linking_part_in_the_same_visits()
    {
        var report = AttackCatalog.Run("eavesdropper", LabTarget.Default, ProtocolProfile.Hardened, Start).Eavesdropper!;

        Assert.Empty(report.Linking);
        Assert.Empty(report.Findings());
        // The same three visits as in the paper's profile: the parts are there, only none links.
        Assert.Contains(report.Parts, p => p.Part == "C_P1" && p.SizeA == p.SizeB && p.SizeOther == p.SizeA);
        Assert.Contains(report.Parts, p => p.Part == "C_R" && p.HexA != p.HexB);
        Assert.DoesNotContain(report.Parts, p => p.Part == "ID_HPC");
    }

    [Theory]
    [InlineData(ProtocolProfile.Paper)]
    [InlineData(ProtocolProfile.Hardened)]
    public void The_migration_pseudonym_and_the_index_key_sent_in_the_clear_are_the_same_in_every_migration_of_the_patient(ProtocolProfile profile)
    {
        var report = AttackCatalog.Run("migration-eavesdropper", LabTarget.Default, profile, Start).Eavesdropper!;

        var pseudonyms = report.Parts.Where(p => p.Part == "PS_P").ToList();
        Assert.Equal(4, pseudonyms.Count);
        Assert.All(pseudonyms, p => Assert.Equal((Linkage.SameValue, p.HexA), (p.Linkage, p.HexB)));
        var indexKey = Assert.Single(report.Parts, p => p.Part == "h(ID_P||ID_DE)");
        Assert.Equal((Linkage.SameValue, indexKey.HexA), (indexKey.Linkage, indexKey.HexB));
        Assert.Contains("PS_P in M3, M4, M5, M6: the same bytes in both sessions of this patient, other bytes for another patient", report.Findings());
    }

    [Fact]
    public void A_target_using_an_identity_the_lab_reserves_is_refused_before_anything_runs()
    {
        var target = LabTarget.Default with { PatientId = LabSandbox.AttackerPatient };

        var refused = Assert.Throws<ArgumentException>(() => AttackCatalog.Run("tamper", target, ProtocolProfile.Paper, Start));

        Assert.Contains("reserves", refused.Message);
    }

    [Theory]
    [InlineData(Hop.C_D1r, 0, "not a message of an accepted visit")]
    [InlineData(Hop.C_P2, 2, "has 2 parts")]
    public void A_tamper_choice_outside_the_visit_is_refused_with_a_clear_error(Hop hop, int part, string message)
    {
        var refused = Assert.Throws<ArgumentException>(() => AttackCatalog.Run("tamper", LabTarget.Default, ProtocolProfile.Paper, Start, new TamperChoice(hop, part)));

        Assert.Contains(message, refused.Message);
    }

    [Fact]
    public void An_unknown_attack_is_refused_by_name()
    {
        var refused = Assert.Throws<ArgumentException>(() => AttackCatalog.Find("no-such-attack"));

        Assert.Contains("'no-such-attack'", refused.Message);
    }
}
