using EmrAuth.Domain.Messages;
using EmrAuth.Domain.Phases;
using EmrAuth.Domain.Transcript;
using EmrAuth.Tests.Support;

namespace EmrAuth.Tests.Phases;

public enum Partner
{
    /// <summary>patient-bob → dr-deng (cardiology, HPC-South): every party but the cloud differs.</summary>
    OtherPair,

    /// <summary>A second visit patient-alice → dr-chen (cardiology, HPC-North): same parties, other session.</summary>
    SamePair,
}

/// <summary>
/// A man in the middle against every message a party receives in a visit (alice → dr-chen, cardiology at HPC-North):
/// bit flips, replays, delays, swaps with a concurrent visit. Each rejection must name the expected check, leave the
/// receiver where it was, and the genuine message must then complete the visit honestly. Runs once per profile
/// (<see cref="MessageAttackTests"/>, <see cref="HardenedMessageAttackTests"/>).
/// </summary>
public abstract class MessageAttackMatrix(ProtocolProfile profile)
{
    protected ProtocolProfile Profile { get; } = profile;

    /// <summary>An expectation "→ X" means the receiver is a relay that cannot check this part: it passes it on, and the next receiver fails X.</summary>
    internal const string Onward = "→ ";
    private const string DecryptD6 = "Decrypt C_D6 with PRK_HPC";

    /// <summary>
    /// The pinned table: every part of every received message in <see cref="ProtocolMessage.Parts"/> order, and the check a one-bit
    /// flip of it must fail. A timestamp flip that stays inside ΔT fails the decryption equation (T is the AEAD's associated data);
    /// one that leaves ΔT fails "Freshness of T_x" instead (see <see cref="ExpectedFor"/>).
    /// </summary>
    internal static readonly (Hop Hop, (string Part, string Check)[] Parts)[] Table =
    [
        (Hop.C_P1, [("C_P1", "Eq. 14"), ("Sig_P1", "Eq. 15"), ("T_P1", "Eq. 14")]),
        (Hop.C_D1, [("C_D1", "Eq. 20"), ("Sig_D1", "Eq. 21"), ("T_D1", "Eq. 20")]),
        (Hop.C_D1r, [("C_D1r", "Eq. 20"), ("Sig_D1r", "Eq. 21"), ("T_D1r", "Eq. 20")]),
        (Hop.C_P2, [("C_P2", "Eq. 24"), ("T_P2", "Eq. 24")]),
        (Hop.C_D2, [("C_D2", "Eq. 27"), ("Sig_D2", "Eq. 28"), ("T_D2", "Eq. 27")]),
        (Hop.C_C, [("C_C", "Eq. 31"), ("Sig_C", "Eq. 32"), ("T_C", "Eq. 31")]),
        (Hop.C_D3, [("C_D3", "Eq. 36"), ("Sig_D3", "Eq. 37"), ("T_D3", "Eq. 36")]),
        (Hop.C_HPC1, [("C_HPC1", "Eq. 42"), ("Sig_HPC1", "Eq. 43"), ("T_HPC1", "Eq. 42")]),
        (Hop.C_D4, [("C_D4", "Eq. 46"), ("T_D4", "Eq. 46")]),
        (Hop.C_HPC2, [("C_HPC2", "Eq. 48"), ("T_HPC2", "Eq. 48")]),
        (Hop.C_D5, [("C_D5", "Eq. 50"), ("T_D5", "Eq. 50")]),
        (Hop.FilingAtCloud, [("ID_HPC", "ID_HPC registered"), ("C_D6", Onward + DecryptD6), ("T_D6", Onward + DecryptD6)]),
        (Hop.FilingAtHospital, [("ID_HPC", "Addressed to this hospital"), ("C_D6", DecryptD6), ("T_D6", DecryptD6)]),
    ];

    /// <summary>
    /// Where the hardened profile's parts differ from <see cref="Table"/>: the filing's route is C_R = E_PUK_C(ID_HPC), which
    /// the public cloud decrypts and which C_D6's associated data binds at the hospital.
    /// </summary>
    private static readonly Dictionary<(Hop, int), (string Part, string Check)> HardenedParts = new()
    {
        [(Hop.FilingAtCloud, 0)] = ("C_R", "Decrypt C_R with PRK_C"),
        // T_D6 is C_R's associated data too, so the public cloud now sees a changed T_D6 itself.
        [(Hop.FilingAtCloud, 2)] = ("T_D6", "Decrypt C_R with PRK_C"),
        [(Hop.FilingAtHospital, 0)] = ("C_R", DecryptD6),
    };

    /// <summary>The part's name and the check a flip of it must fail, in <paramref name="profile"/>.</summary>
    internal static (string Part, string Check) PartIn(Hop hop, int part, ProtocolProfile profile) =>
        profile == ProtocolProfile.Hardened && HardenedParts.TryGetValue((hop, part), out var hardened) ? hardened : Table.Single(t => t.Hop == hop).Parts[part];

    private static readonly Hop[] AllHops = Table.Select(t => t.Hop).ToArray();

    public static TheoryData<Hop, int, string, Flip, string> BitFlips()
    {
        var data = new TheoryData<Hop, int, string, Flip, string>();
        foreach (var (hop, parts) in Table)
        {
            for (var index = 0; index < parts.Length; index++)
            {
                var (part, check) = parts[index];
                Flip[] flips = part.StartsWith("T_", StringComparison.Ordinal)
                    ? [Flip.LastByteBit0, Flip.TimestampBit14, Flip.TimestampBit15, Flip.Byte0Bit7]
                    : [Flip.Byte0Bit0, Flip.Byte0Bit7, Flip.MiddleByte, Flip.LastByteBit0];
                foreach (var flip in flips)
                {
                    data.Add(hop, index, part, flip, ExpectedFor(part, flip, check));
                }
            }
        }
        return data;
    }

    private static string ExpectedFor(string part, Flip flip, string check) =>
        part.StartsWith("T_", StringComparison.Ordinal) && flip is Flip.TimestampBit15 or Flip.Byte0Bit7 ? $"Freshness of {part}" : check;

    [Theory]
    [MemberData(nameof(BitFlips))]
    public void A_flipped_bit_is_rejected_at_the_expected_check_and_the_genuine_message_still_completes_the_visit(
        Hop hop, int part, string partName, Flip flip, string expected)
    {
        if (Profile == ProtocolProfile.Hardened && HardenedParts.ContainsKey((hop, part)))
        {
            var (name, check) = PartIn(hop, part, Profile);
            (partName, expected) = (name, ExpectedFor(name, flip, check));
        }
        using var scene = new VisitScene();
        var run = Alice(scene, hop).RunUntil(hop);
        var genuine = run.Pending;
        var original = genuine.Parts()[part];
        Assert.Equal(partName, original.Name);
        var tampered = genuine.WithPart(part, flip.Apply(original.Bytes!));
        Assert.NotEqual(genuine.Digest(), tampered.Digest());

        AssertRejected(run, hop, tampered, expected);

        AssertGenuineStillCompletes(run);
    }

    public static TheoryData<Hop> ReplayCached => new() { Hop.C_P1, Hop.C_D2, Hop.C_D3, Hop.FilingAtCloud, Hop.FilingAtHospital };

    public static TheoryData<Hop> SessionBound => new() { Hop.C_D1, Hop.C_D1r, Hop.C_P2, Hop.C_C, Hop.C_HPC1, Hop.C_D4, Hop.C_HPC2, Hop.C_D5 };

    [Theory]
    [MemberData(nameof(ReplayCached))]
    public void A_second_copy_to_a_party_that_would_serve_it_again_is_rejected_at_the_replay_cache(Hop hop)
    {
        using var scene = new VisitScene();
        var run = Alice(scene, hop).RunUntil(hop);
        var genuine = run.Pending;
        run.Deliver(genuine);

        AssertRejected(run, hop, genuine, "Replay cache");

        run.RunToEnd();
        run.AssertHonestOutcome();
    }

    [Theory]
    [MemberData(nameof(SessionBound))]
    public void A_second_copy_to_a_session_that_already_advanced_throws_ProtocolStateException(Hop hop)
    {
        using var scene = new VisitScene();
        var run = Alice(scene, hop).RunUntil(hop);
        var genuine = run.Pending;
        run.Deliver(genuine);
        var before = run.Snapshot();

        var thrown = Assert.Throws<ProtocolStateException>(() => run.Receive(hop, genuine));

        Assert.False(string.IsNullOrWhiteSpace(thrown.Message));
        Assert.Equal(before, run.Snapshot());
        run.RunToEnd();
        run.AssertHonestOutcome();
    }

    [Theory]
    [MemberData(nameof(SessionBound))]
    public void A_copy_accepted_by_one_session_is_rejected_by_a_concurrent_session_of_the_same_party_at_the_replay_cache(Hop hop)
    {
        using var scene = new VisitScene();
        var (run, other) = InLockstep(scene, hop, Partner.SamePair);
        var stolen = other.Pending;
        other.Deliver(stolen);

        AssertRejected(run, hop, stolen, "Replay cache");

        AssertGenuineStillCompletes(run, other);
    }

    public static TheoryData<Hop, bool> Delays()
    {
        var data = new TheoryData<Hop, bool>();
        foreach (var hop in AllHops)
        {
            data.Add(hop, false);
            data.Add(hop, true);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Delays))]
    public void A_message_more_than_dT_old_or_ahead_of_the_receiver_clock_fails_freshness(Hop hop, bool fromTheFuture)
    {
        using var scene = new VisitScene();
        var run = Alice(scene, hop).RunUntil(hop);
        var genuine = run.Pending;
        var timestamp = genuine.Parts().Single(p => p.Kind == PartKind.Timestamp).Name;
        var shift = scene.FreshnessWindow + TimeSpan.FromMilliseconds(1);
        var receiverClockMoves = fromTheFuture ? -shift : shift;

        scene.Clock.Advance(receiverClockMoves);
        var failed = AssertRejected(run, hop, genuine, $"Freshness of {timestamp}");
        scene.Clock.Advance(-receiverClockMoves);

        Assert.Contains(fromTheFuture ? "in the future" : "old", failed.Reason);
        AssertGenuineStillCompletes(run);
    }

    [Theory]
    [MemberData(nameof(Delays))]
    public void A_message_exactly_dT_old_or_ahead_is_still_fresh(Hop hop, bool fromTheFuture)
    {
        using var scene = new VisitScene();
        var run = Alice(scene, hop).RunUntil(hop);
        var genuine = run.Pending;

        scene.Clock.Advance(fromTheFuture ? -scene.FreshnessWindow : scene.FreshnessWindow);
        run.Deliver(genuine);

        Assert.DoesNotContain(scene.Transcript.Verifications, v => !v.Passed);
        run.RunToEnd();
        run.AssertHonestOutcome();
    }

    /// <summary>
    /// (message, partner visit, expected check when the partner's copy reaches this visit's receiver, and where the hardened
    /// profile differs, its check: its Sig_D1 and Sig_HPC1 cover both ephemeral points, so a copy from another session of
    /// the same parties fails at the signature instead of the session-key check).
    /// </summary>
    public static TheoryData<Hop, Partner, string, string?> Swaps => new()
    {
        { Hop.C_P1, Partner.OtherPair, "Eq. 14", null },
        { Hop.C_D1, Partner.OtherPair, "Eq. 20", null },
        { Hop.C_D1, Partner.SamePair, "Eq. 22", "Eq. 21" },
        { Hop.C_D1r, Partner.OtherPair, "Eq. 20", null },
        { Hop.C_D1r, Partner.SamePair, "Eq. 21", null },
        { Hop.C_P2, Partner.OtherPair, "Eq. 24", null },
        { Hop.C_P2, Partner.SamePair, "Eq. 24", null },
        { Hop.C_D2, Partner.OtherPair, Onward + "Eq. 31", null },
        { Hop.C_C, Partner.OtherPair, "Eq. 31", null },
        { Hop.C_D3, Partner.OtherPair, "Eq. 36", null },
        { Hop.C_HPC1, Partner.OtherPair, "Eq. 42", null },
        { Hop.C_HPC1, Partner.SamePair, "Eq. 44", "Eq. 43" },
        { Hop.C_D4, Partner.OtherPair, "Eq. 46", null },
        { Hop.C_D4, Partner.SamePair, "Eq. 46", null },
        { Hop.C_HPC2, Partner.OtherPair, "Eq. 48", null },
        { Hop.C_HPC2, Partner.SamePair, "Eq. 48", null },
        { Hop.C_D5, Partner.OtherPair, "Eq. 50", null },
        { Hop.C_D5, Partner.SamePair, "Eq. 50", null },
        // Hardened: the route is sealed, and C_D6, encrypted for another hospital, names that hospital in its associated data.
        { Hop.FilingAtCloud, Partner.OtherPair, Onward + "Addressed to this hospital", Onward + DecryptD6 },
        { Hop.FilingAtHospital, Partner.OtherPair, "Addressed to this hospital", DecryptD6 },
    };

    [Theory]
    [MemberData(nameof(Swaps))]
    public void The_same_message_of_a_concurrent_visit_is_rejected_at_the_expected_check(Hop hop, Partner partner, string paper, string? hardened)
    {
        var expected = Profile == ProtocolProfile.Hardened ? hardened ?? paper : paper;
        using var scene = new VisitScene();
        var (run, other) = InLockstep(scene, hop, partner);

        AssertRejected(run, hop, other.Pending, expected);

        // A relay accepted the partner's copy, so the partner's own copy would now be a replay there; only this visit goes on.
        AssertGenuineStillCompletes(run, expected.StartsWith(Onward, StringComparison.Ordinal) ? null : other);
    }

    protected InterceptedVisit Alice(VisitScene scene, Hop hop) =>
        scene.Visit("patient-alice", "dr-chen", World.Cardiology, refuses: hop == Hop.C_D1r, profile: Profile);

    private (InterceptedVisit Run, InterceptedVisit Other) InLockstep(VisitScene scene, Hop hop, Partner partner)
    {
        var run = Alice(scene, hop);
        var other = partner == Partner.OtherPair
            ? scene.Visit("patient-bob", "dr-deng", World.Cardiology, refuses: run.Refuses, profile: Profile)
            : scene.Visit("patient-alice", "dr-chen", World.Cardiology, refuses: run.Refuses, profile: Profile);
        foreach (var step in run.Route.TakeWhile(h => h != hop).Append(hop))
        {
            run.RunUntil(step);
            other.RunUntil(step);
        }
        _ = (run.Pending, other.Pending);
        return (run, other);
    }

    /// <summary>
    /// Delivers <paramref name="message"/> at <paramref name="hop"/> and asserts the receiver (or, for "→ X", the next receiver after
    /// the relay) fails exactly <paramref name="expected"/>, explains why, records a failed outcome naming the check, and changes nothing.
    /// </summary>
    protected static VerificationEvent AssertRejected(InterceptedVisit run, Hop hop, ProtocolMessage message, string expected)
    {
        var before = run.Snapshot();
        if (expected.StartsWith(Onward, StringComparison.Ordinal))
        {
            var onward = Assert.IsAssignableFrom<ProtocolMessage>(run.Receive(hop, message));
            (hop, message, expected) = (InterceptedVisit.After(hop), onward, expected[Onward.Length..]);
        }
        var failed = Assert.Throws<ProtocolViolationException>(() => run.Receive(hop, message)).FailedCheck;

        Assert.Equal(expected, failed.Reference);
        Assert.Equal(expected.StartsWith("Eq. ", StringComparison.Ordinal), failed.Equation is not null);
        Assert.False(failed.Passed);
        Assert.Equal(run.ReceiverOf(hop), failed.Verifier);
        Assert.True(failed.Reason.Length >= 15 && !failed.Reason.Contains("Exception", StringComparison.Ordinal), $"unreadable reason: '{failed.Reason}'");
        var events = run.Transcript.Events;
        var recorded = Assert.IsType<VerificationEvent>(events[^2]);
        Assert.Equal((failed.Reference, failed.Check, false, failed.Reason), (recorded.Reference, recorded.Check, recorded.Passed, recorded.Reason));
        var outcome = Assert.IsType<OutcomeEvent>(events[^1]);
        Assert.False(outcome.Succeeded);
        Assert.Equal(failed.Verifier, outcome.Party);
        Assert.Contains($"at {failed.Reference} ({failed.Check})", outcome.Description);
        Assert.Equal(before, run.Snapshot());
        return failed;
    }

    private static void AssertGenuineStillCompletes(params InterceptedVisit?[] runs)
    {
        foreach (var run in runs.OfType<InterceptedVisit>())
        {
            run.RunToEnd();
            run.AssertHonestOutcome();
        }
    }
}
