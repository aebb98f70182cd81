using System.Text;
using EmrAuth.Domain.Certificates;
using EmrAuth.Domain.Crypto;
using EmrAuth.Domain.Messages;
using EmrAuth.Domain.Parties;
using EmrAuth.Domain.Phases;
using EmrAuth.Domain.Transcript;
using EmrAuth.Tests.Support;

namespace EmrAuth.Tests.Phases;

/// <summary>Registration (Eqs. 2–10): issuance, the registrant's check, uniqueness and the doctor's Cert_D.</summary>
public sealed class RegistrationTests
{
    public enum Kind { Patient, Hospital, Doctor }

    private static readonly TimeSpan Year = TimeSpan.FromDays(365);

    public static TheoryData<Kind, int> Equations => new() { { Kind.Patient, 4 }, { Kind.Hospital, 7 }, { Kind.Doctor, 10 } };

    public static TheoryData<Kind, int, string> AlteredGrants => new()
    {
        { Kind.Patient, 4, "S" }, { Kind.Patient, 4, "R" },
        { Kind.Hospital, 7, "S" }, { Kind.Hospital, 7, "R" },
        { Kind.Doctor, 10, "S" }, { Kind.Doctor, 10, "R" },
    };

    public static TheoryData<Kind, string> ExistingIdentities => new()
    {
        { Kind.Patient, "patient-alice" }, { Kind.Hospital, "HPC-North" }, { Kind.Doctor, "dr-chen" },
    };

    /// <summary>The problem, and what the refusal's reason must say about it.</summary>
    public static TheoryData<string, string> IllegalCertificates => new()
    {
        { "forged", "not signed by the medical authority (forged)" },
        { "revoked", "was revoked" },
        { "expired", "is valid" },
        { "another doctor", "was issued to dr-other, not to dr-new" },
    };

    [Theory]
    [MemberData(nameof(Equations))]
    public void Honest_registration_passes_its_equation(Kind kind, int equation)
    {
        using var deployment = new Deployment(ManualClock.StartingNow());
        using var party = NewParty(deployment, kind, "newcomer");
        var transcript = new SessionTranscript("registration");

        Deployment.Register(deployment.Cloud, party, transcript);

        Assert.True(party.IsRegistered);
        var check = Assert.Single(transcript.Verifications, v => v.Equation is not null);
        Assert.Equal((equation, "S·P = R + e·PK", true, party.Ref), (check.Equation!.Value, check.Check, check.Passed, check.Verifier));
        Assert.DoesNotContain(transcript.Verifications, v => !v.Passed);
        Assert.True(party.Credentials!.R.SameAs(deployment.Cloud.FindRegistered(party.Role, party.Id)!.R));
    }

    [Theory]
    [MemberData(nameof(AlteredGrants))]
    public void An_altered_grant_fails_its_equation_and_the_genuine_grant_still_completes(Kind kind, int equation, string altered)
    {
        using var deployment = new Deployment(ManualClock.StartingNow());
        using var party = NewParty(deployment, kind, "newcomer");
        var transcript = new SessionTranscript("registration");
        var grant = deployment.Cloud.Register(party.RequestRegistration(), transcript);
        var forged = altered == "S"
            ? grant with { S = grant.S.Add(One) }
            : grant with { R = grant.R.Add(CurvePoint.Generator) };

        var failure = Assert.Throws<ProtocolViolationException>(() => party.CompleteRegistration(forged, transcript)).FailedCheck;

        Assert.Equal((equation, "S·P = R + e·PK", false), (failure.Equation, failure.Check, failure.Passed));
        Assert.False(party.IsRegistered);
        Assert.Null(party.Credentials);

        party.CompleteRegistration(grant, transcript);
        Assert.True(party.IsRegistered);
        Assert.True(party.Credentials!.R.SameAs(grant.R));
        Assert.Contains(transcript.Verifications, v => v.Equation == equation && v.Passed);
    }

    [Theory]
    [MemberData(nameof(ExistingIdentities))]
    public void Registering_the_same_identity_twice_is_refused_and_adds_nothing(Kind kind, string id)
    {
        using var deployment = World.Build(ManualClock.StartingNow());
        var cloud = deployment.Cloud;
        using var twin = NewParty(deployment, kind, id);
        var directory = cloud.Directory;
        var registered = Registry(cloud);
        var transcript = new SessionTranscript("registration");

        var failure = Assert.Throws<ProtocolViolationException>(() => cloud.Register(twin.RequestRegistration(), transcript)).FailedCheck;

        Assert.Equal("Unique identity", failure.Check);
        Assert.Contains(id, failure.Reason);
        Assert.Same(directory, cloud.Directory);
        Assert.Equal(directory.Version, cloud.Directory.Version);
        Assert.Equal(registered, Registry(cloud));
        Assert.False(twin.IsRegistered);
        Assert.Contains(transcript.Events.OfType<OutcomeEvent>(), o => !o.Succeeded && o.Description.Contains("Unique identity"));
    }

    [Theory]
    [MemberData(nameof(IllegalCertificates))]
    public void A_doctor_without_a_legal_Cert_D_is_refused_and_the_directory_is_unchanged(string problem, string reason)
    {
        var clock = ManualClock.StartingNow();
        using var deployment = World.Build(clock);
        var cloud = deployment.Cloud;
        using var rogue = new MedicalAuthority("Rogue", clock);
        var certificate = problem switch
        {
            "forged" => rogue.Issue("dr-new", World.Cardiology, Year),
            "revoked" => Revoked(deployment.Authority, deployment.Authority.Issue("dr-new", World.Cardiology, Year)),
            "expired" => deployment.Authority.Issue("dr-new", World.Cardiology, TimeSpan.FromMinutes(5)),
            _ => deployment.Authority.Issue("dr-other", World.Cardiology, Year),
        };
        if (problem == "expired")
        {
            clock.Advance(TimeSpan.FromMinutes(6));
        }
        using var doctor = new Doctor("dr-new", certificate, cloud.Bulletin, clock, deployment.Options);
        var directory = cloud.Directory;
        var registered = Registry(cloud);

        var failure = Assert.Throws<ProtocolViolationException>(() => cloud.Register(doctor.RequestRegistration(), NullEventSink.Instance)).FailedCheck;

        Assert.Equal(("Cert_D legal", false), (failure.Check, failure.Passed));
        Assert.StartsWith("registration refused: ", failure.Reason);
        Assert.Contains(reason, failure.Reason);
        Assert.Contains(certificate.Serial, failure.Reason);
        Assert.Same(directory, cloud.Directory);
        Assert.Equal(registered, Registry(cloud));
        Assert.Null(cloud.FindRegistered(PartyRole.Doctor, "dr-new"));
        Assert.Null(cloud.Directory.Find("dr-new", PartyRole.Doctor));
    }

    [Fact]
    public void The_same_doctor_with_a_legal_Cert_D_is_registered_and_listed()
    {
        // Control for the refusals above: only the certificate differs.
        var clock = ManualClock.StartingNow();
        using var deployment = World.Build(clock);
        var version = deployment.Cloud.Directory.Version;
        using var doctor = new Doctor("dr-new", deployment.Authority.Issue("dr-new", World.Cardiology, Year), deployment.Cloud.Bulletin, clock, deployment.Options);

        Deployment.Register(deployment.Cloud, doctor, NullEventSink.Instance);

        Assert.True(doctor.IsRegistered);
        Assert.Equal(version + 1, deployment.Cloud.Directory.Version);
        Assert.Equal(doctor.Certificate, deployment.Cloud.Directory.Find("dr-new", PartyRole.Doctor)!.Certificate);
    }

    private static readonly Scalar One = Scalar.FromBytes([.. new byte[31], 1]);

    private static Participant NewParty(Deployment deployment, Kind kind, string id) => kind switch
    {
        Kind.Patient => new Patient(id, Encoding.UTF8.GetBytes($"{id}-other-template"), deployment.Cloud.Bulletin, deployment.Clock, deployment.Options),
        Kind.Hospital => new HospitalCloud(id, deployment.Cloud.Bulletin, deployment.Clock, deployment.Options),
        _ => new Doctor(id, deployment.Authority.Issue(id, World.Neurology, Year), deployment.Cloud.Bulletin, deployment.Clock, deployment.Options),
    };

    private static DoctorCertificate Revoked(MedicalAuthority authority, DoctorCertificate certificate)
    {
        authority.Revoke(certificate.Serial, "licence suspended");
        return certificate;
    }

    /// <summary>The public cloud's registry as comparable values: role, identity and issued R.</summary>
    private static List<string> Registry(PublicCloud cloud) =>
        [.. cloud.RegisteredParties.Select(p => $"{p.Role} {p.Id} {p.R}").Order(StringComparer.Ordinal)];
}
