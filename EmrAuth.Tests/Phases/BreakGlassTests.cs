using EmrAuth.Domain.Crypto;
using EmrAuth.Domain.Messages;
using EmrAuth.Domain.Phases;
using EmrAuth.Domain.Transcript;
using EmrAuth.Tests.Support;

namespace EmrAuth.Tests.Phases;

/// <summary>Break-glass (issue 14): BG_D signed by the doctor, checked by the public cloud and the hospital, released to that doctor only.</summary>
public sealed class BreakGlassTests
{
    public static TheoryData<ProtocolProfile> Profiles => new(Enum.GetValues<ProtocolProfile>());

    private static (BreakGlassStatement Statement, BreakGlassRequest Message) Request(Deployment world, string doctorId = "dr-chen", string hospitalId = "HPC-North",
        BreakGlassReason reason = BreakGlassReason.LifeThreatening, string text = "Cardiac arrest in the ER.", long? startsAt = null) =>
        world.Doctors[doctorId].RequestBreakGlass("patient-alice", hospitalId, World.Cardiology, reason, text, restrictedConfirmed: false, startsAt: startsAt);

    private static string Run(Deployment world, (BreakGlassStatement Statement, BreakGlassRequest Message) request, IProtocolEventSink sink, string doctorId = "dr-chen")
    {
        var doctor = world.Doctors[doctorId];
        var forward = world.Cloud.ForwardBreakGlass(request.Message, doctor.Ref, sink);
        var release = world.Hospitals[request.Statement.HospitalId].ReleaseBreakGlass(forward, sink);
        return doctor.OpenBreakGlassRelease(release, request.Statement, sink);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void The_emergency_hospital_releases_the_record_to_the_signing_doctor_after_every_named_check(ProtocolProfile profile)
    {
        using var world = World.Build(ManualClock.StartingNow(), new ProtocolOptions { Profile = profile });
        var transcript = new SessionTranscript("break-glass");

        var record = Run(world, Request(world), transcript);

        Assert.Contains("2024 stent placed", record);
        var checks = transcript.Events.OfType<VerificationEvent>().ToList();
        Assert.All(checks, c => Assert.True(c.Passed));
        foreach (var (party, check) in new[]
                 {
                     (PartyRole.PublicCloud, BreakGlassStatement.SignatureCheck), (PartyRole.PublicCloud, BreakGlassStatement.TimeBoxCheck),
                     (PartyRole.PublicCloud, BreakGlassStatement.RecordCheck), (PartyRole.PublicCloud, "Cert_D legal"),
                     (PartyRole.HospitalCloud, BreakGlassStatement.SignatureCheck), (PartyRole.HospitalCloud, BreakGlassStatement.TimeBoxCheck),
                     (PartyRole.HospitalCloud, BreakGlassStatement.HospitalCheck), (PartyRole.HospitalCloud, "Cert_D legal"),
                     (PartyRole.HospitalCloud, "Verify Sig_CBG with PUK_C"), (PartyRole.Doctor, "Verify Sig_HBG with PUK_HPC"),
                 })
        {
            Assert.Contains(checks, c => c.Verifier.Role == party && c.Check == check);
        }
        Assert.Equal(["C_BG1, Sig_BG, T_BG", "C_BG2, Sig_CBG, T_CBG", "C_BG3, Sig_HBG, T_HBG"], transcript.Events.OfType<MessageEvent>().Select(m => m.Name));
        Assert.All(transcript.Events.OfType<MessageEvent>(), m => Assert.Equal(Phase.BreakGlass, m.Phase));
    }

    [Fact]
    public void Within_the_time_box_the_doctor_re_opens_the_record_and_one_minute_after_it_is_refused_at_the_time_box()
    {
        var clock = ManualClock.StartingNow();
        using var world = World.Build(clock);
        var first = Request(world);
        Run(world, first, NullEventSink.Instance);

        clock.Advance(TimeSpan.FromHours(3));
        Assert.Contains("stent", Run(world, Request(world, startsAt: first.Statement.StartsAt), NullEventSink.Instance));
        clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1));
        var refused = Assert.Throws<ProtocolViolationException>(() => Run(world, Request(world, startsAt: first.Statement.StartsAt), NullEventSink.Instance));

        Assert.Equal((PartyRole.PublicCloud, BreakGlassStatement.TimeBoxCheck), (refused.FailedCheck.Verifier.Role, refused.FailedCheck.Check));
        Assert.Contains("ended", refused.FailedCheck.Reason);
    }

    [Theory]
    [MemberData(nameof(Profiles))]
    public void A_restricted_entry_is_released_only_when_the_doctor_confirmed_restricted_data_a_second_time(ProtocolProfile profile)
    {
        using var world = World.Build(ManualClock.StartingNow(), new ProtocolOptions { Profile = profile });
        world.Hospitals["HPC-North"].LabelEntry("patient-alice", World.Cardiology, 0);
        var doctor = world.Doctors["dr-chen"];
        var transcript = new SessionTranscript("break-glass");

        var plain = Run(world, Request(world), transcript);
        var confirmed = Run(world, doctor.RequestBreakGlass("patient-alice", "HPC-North", World.Cardiology, BreakGlassReason.LifeThreatening, "Arrest.",
            restrictedConfirmed: true, profile), NullEventSink.Instance);

        Assert.DoesNotContain("stent", plain);
        Assert.Contains("1 restricted entry withheld", plain);
        Assert.Contains("stent", confirmed);
        Assert.Equal("1 restricted entry withheld: BG_D does not name restricted data",
            transcript.Verifications.Single(v => v.Check == SensitivityLabel.ReleaseCheck).Reason);
    }

    [Fact]
    public void Another_doctor_cannot_open_the_release_meant_for_the_signing_doctor()
    {
        using var world = World.Build(ManualClock.StartingNow());
        var request = Request(world);
        var forward = world.Cloud.ForwardBreakGlass(request.Message, world.Doctors["dr-chen"].Ref, NullEventSink.Instance);
        var release = world.Hospitals["HPC-North"].ReleaseBreakGlass(forward, NullEventSink.Instance);

        var refused = Assert.Throws<ProtocolViolationException>(() => world.Doctors["dr-deng"].OpenBreakGlassRelease(release, request.Statement, NullEventSink.Instance));

        Assert.Equal("Decrypt C_BG3 with PRK_D", refused.FailedCheck.Check);
    }

    [Fact]
    public void A_forward_delivered_to_another_hospital_does_not_open_there()
    {
        using var world = World.Build(ManualClock.StartingNow());
        var forward = world.Cloud.ForwardBreakGlass(Request(world).Message, world.Doctors["dr-chen"].Ref, NullEventSink.Instance);

        var refused = Assert.Throws<ProtocolViolationException>(() => world.Hospitals["HPC-South"].ReleaseBreakGlass(forward, NullEventSink.Instance));

        Assert.Equal("Decrypt C_BG2 with PRK_HPC", refused.FailedCheck.Check);
    }

    [Fact]
    public void The_reason_Other_needs_words_and_a_request_whose_record_is_elsewhere_stops_at_the_public_cloud()
    {
        using var world = World.Build(ManualClock.StartingNow());

        var noWords = Assert.Throws<ProtocolViolationException>(() => Run(world, Request(world, reason: BreakGlassReason.Other, text: " "), NullEventSink.Instance));
        var elsewhere = Assert.Throws<ProtocolViolationException>(() => Run(world, Request(world, hospitalId: "HPC-South"), NullEventSink.Instance));

        Assert.Equal(BreakGlassStatement.ReasonCheck, noWords.FailedCheck.Check);
        Assert.Equal((PartyRole.PublicCloud, BreakGlassStatement.RecordCheck), (elsewhere.FailedCheck.Verifier.Role, elsewhere.FailedCheck.Check));
    }

    [Fact]
    public void The_time_box_refuses_a_longer_box_than_the_deployment_allows_and_one_that_starts_in_the_future()
    {
        var at = ManualClock.StartingNow().GetUtcNow();
        var statement = Statement(at.ToUnixTimeMilliseconds(), TimeSpan.FromHours(4));

        Assert.Null(statement.TimeBoxFailure(at.AddHours(4), TimeSpan.FromHours(4), TimeSpan.FromSeconds(30)));
        Assert.Contains("at most 4 h", Statement(at.ToUnixTimeMilliseconds(), TimeSpan.FromHours(5)).TimeBoxFailure(at, TimeSpan.FromHours(4), TimeSpan.FromSeconds(30)));
        Assert.Contains("in the future", statement.TimeBoxFailure(at.AddMinutes(-1), TimeSpan.FromHours(4), TimeSpan.FromSeconds(30)));
        Assert.Contains("ended", statement.TimeBoxFailure(at.AddHours(4).AddMilliseconds(1), TimeSpan.FromHours(4), TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void A_statement_round_trips_and_a_decoder_refuses_an_unknown_reason_or_a_short_nonce()
    {
        var statement = Statement(1_000, TimeSpan.FromHours(4)) with { RestrictedConfirmed = true };

        var decoded = BreakGlassStatement.Decode(statement.Encode());

        Assert.Equal(statement.Encode(), decoded.Encode());
        Assert.True(decoded.RestrictedConfirmed);
        var unknownReason = statement.Encode();
        var reasonAt = Locate(unknownReason, statement with { Reason = BreakGlassReason.Other });
        unknownReason[reasonAt] = 0x7F;
        Assert.Throws<MalformedMessageException>(() => BreakGlassStatement.Decode(unknownReason));
        Assert.Throws<MalformedMessageException>(() => BreakGlassStatement.Decode(statement.Encode()[..^4]));
    }

    /// <summary>The one byte where two encodings differ: the reason code's last byte.</summary>
    private static int Locate(byte[] encoded, BreakGlassStatement other) =>
        Enumerable.Range(0, encoded.Length).Single(i => encoded[i] != other.Encode()[i]);

    private static BreakGlassStatement Statement(long startsAt, TimeSpan duration)
    {
        using var world = World.Build(ManualClock.StartingNow());
        return BreakGlassStatement.New("patient-alice", "HPC-North", World.Cardiology, "dr-chen", world.Doctors["dr-chen"].Certificate, BreakGlassReason.LifeThreatening,
            "Cardiac arrest.", duration, false, startsAt, startsAt);
    }
}
