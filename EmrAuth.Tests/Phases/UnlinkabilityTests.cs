using EmrAuth.Domain.Attacks;
using EmrAuth.Domain.Crypto;
using EmrAuth.Domain.Messages;
using EmrAuth.Domain.Phases;
using EmrAuth.Domain.Transcript;
using EmrAuth.Tests.Support;

namespace EmrAuth.Tests.Phases;

/// <summary>
/// What a network observer can measure in the hardened profile: every ciphertext is padded to a bucket, so no length
/// depends on |ID_P| for any identity the portal accepts (3 to 32 characters), and the filing's route is sealed.
/// </summary>
public sealed class UnlinkabilityTests
{
    private const string Short = "pat";
    private static readonly string Long = new('p', 32);

    private static List<MessageEvent> VisitOf(string patientId, ProtocolProfile profile)
    {
        var clock = ManualClock.StartingNow();
        using var deployment = World.Build(clock, new ProtocolOptions { Profile = profile });
        deployment.AddPatient(patientId, patientId + "-fingerprint-template");
        deployment.AddRecord("HPC-North", patientId, World.Cardiology, "2024 stent placed; on aspirin.");
        var transcript = new SessionTranscript("visit");
        var run = new InterceptedVisit(deployment, transcript, patientId, "dr-chen", World.Cardiology, profile: profile);
        run.RunToEnd();
        return transcript.Messages.ToList();
    }

    private static IEnumerable<(string Message, string Part, int Size)> Sizes(IEnumerable<MessageEvent> messages) =>
        messages.SelectMany(m => m.Parts.Where(p => p.Bytes is not null).Select(p => (m.Name, p.Name, p.Size)));

    /// <summary>Ciphertexts that also carry free text (M_SD, M_EMR, M_DINF): its length chooses the bucket, whoever the patient is.</summary>
    private static readonly string[] FreeText = ["C_P2", "C_HPC2", "C_D5", "C_D6"];

    [Fact]
    public void In_the_hardened_profile_every_fixed_format_part_has_the_same_length_for_the_shortest_and_the_longest_patient_identity()
    {
        var visit = VisitOf(Short, ProtocolProfile.Hardened);
        var shortest = Sizes(visit).Where(p => !FreeText.Contains(p.Part)).ToList();
        var longest = Sizes(VisitOf(Long, ProtocolProfile.Hardened)).Where(p => !FreeText.Contains(p.Part)).ToList();

        // Ten messages of Eqs. 11–50 and the filing's two hops: 32 parts, of which 5 are free-text ciphertexts (C_D6 twice).
        Assert.Equal(12, visit.Count);
        Assert.Equal(27, shortest.Count);
        Assert.Equal(shortest, longest);
    }

    [Fact]
    public void A_free_text_ciphertext_changes_length_only_when_its_plaintext_moves_to_another_bucket()
    {
        var shortest = Sizes(VisitOf(Short, ProtocolProfile.Hardened)).Where(p => FreeText.Contains(p.Part)).ToList();
        var longest = Sizes(VisitOf(Long, ProtocolProfile.Hardened)).Where(p => FreeText.Contains(p.Part)).ToList();

        Assert.All(shortest.Zip(longest), pair =>
        {
            var grown = pair.Second.Size - pair.First.Size;
            // Same bucket, or the next one: a bucket is a power of two, so the step is the smaller bucket's own size.
            Assert.True(grown == 0 || (grown > 0 && (grown & (grown - 1)) == 0 && grown >= PlaintextPadding.SmallestBucket), $"{pair.First.Part} grew by {grown}");
        });
    }

    [Fact]
    public void In_the_paper_profile_the_ciphertexts_that_carry_ID_P_grow_with_it()
    {
        var shortest = Sizes(VisitOf(Short, ProtocolProfile.Paper)).ToList();
        var longest = Sizes(VisitOf(Long, ProtocolProfile.Paper)).ToList();

        var grown = shortest.Zip(longest).Where(p => p.Second.Size != p.First.Size).Select(p => p.First.Part).Distinct().ToList();
        // C_C carries ID_P inside the forwarded Scope_P; C_P1, C_D2 and C_D3 carry it twice (the content and Scope_P).
        Assert.Equal(["C_P1", "C_P2", "C_D2", "C_C", "C_D3", "C_D4", "C_D6"], grown);
        Assert.All(shortest.Zip(longest).Where(p => p.Second.Size != p.First.Size),
            p => Assert.Contains((p.Second.Size - p.First.Size) / (double)(Long.Length - Short.Length), new double[] { 1, 2 }));
    }

    [Fact]
    public void The_hardened_filing_carries_a_sealed_route_and_no_clear_hospital_identity()
    {
        var filings = VisitOf(Short, ProtocolProfile.Hardened).Where(m => m.Name.EndsWith("T_D6", StringComparison.Ordinal)).ToList();

        Assert.Equal(2, filings.Count);
        Assert.All(filings, f => Assert.Equal(["C_R", "C_D6", "T_D6"], f.Parts.Select(p => p.Name)));
        Assert.All(filings, f => Assert.Equal(PartKind.Ciphertext, f.Parts[0].Kind));
        Assert.All(filings, f => Assert.Equal(-1, f.Parts[0].Bytes!.AsSpan().IndexOf("HPC-North"u8)));
    }

    [Fact]
    public void A_hardened_filing_whose_sealed_route_is_swapped_for_another_visits_fails_at_the_hospital()
    {
        using var scene = new VisitScene();
        var run = scene.Visit("patient-alice", "dr-chen", World.Cardiology, profile: ProtocolProfile.Hardened).RunUntil(Hop.FilingAtHospital);
        var other = scene.Visit("patient-carol", "dr-huang", World.Neurology, profile: ProtocolProfile.Hardened).RunUntil(Hop.FilingAtHospital);
        var genuine = (DiagnosisFiling)run.Pending;
        var swapped = genuine with { SealedRoute = ((DiagnosisFiling)other.Pending).SealedRoute };

        var refused = Assert.Throws<ProtocolViolationException>(() => run.Receive(Hop.FilingAtHospital, swapped));

        Assert.Equal("Decrypt C_D6 with PRK_HPC", refused.FailedCheck.Check);
        run.RunToEnd();
        run.AssertHonestOutcome();
    }

    [Fact]
    public void The_public_cloud_refuses_a_filing_whose_form_is_not_the_visits_profile()
    {
        using var scene = new VisitScene();
        var hardened = scene.Visit("patient-alice", "dr-chen", World.Cardiology, profile: ProtocolProfile.Hardened).RunUntil(Hop.FilingAtCloud);
        var paper = scene.Visit("patient-carol", "dr-huang", World.Neurology, profile: ProtocolProfile.Paper).RunUntil(Hop.FilingAtCloud);

        var clear = Assert.Throws<ProtocolViolationException>(() => scene.Deployment.Cloud.RelayFiling((DiagnosisFiling)paper.Pending, paper.Doctor.Ref,
            scene.Transcript, ProtocolProfile.Hardened));
        var sealedRoute = Assert.Throws<ProtocolViolationException>(() => scene.Deployment.Cloud.RelayFiling((DiagnosisFiling)hardened.Pending, hardened.Doctor.Ref,
            scene.Transcript, ProtocolProfile.Paper));

        Assert.Equal("Route sealed (hardened profile)", clear.FailedCheck.Check);
        Assert.Equal("Route in the clear (paper profile)", sealedRoute.FailedCheck.Check);
        hardened.RunToEnd();
        hardened.AssertHonestOutcome();
    }
}
