using EmrAuth.Domain.Certificates;
using EmrAuth.Domain.Crypto;
using EmrAuth.Domain.Messages;
using EmrAuth.Domain.Phases;
using EmrAuth.Domain.Transcript;
using EmrAuth.Tests.Support;

namespace EmrAuth.Tests.Certificates;

public class DoctorCertificateDecodingTests
{
    private static byte[] CertificateWithValidity(long notBefore, long notAfter)
    {
        var content = new FieldWriter().Add("Cert_D v1").Add("MA-000001").Add("dr-chen").Add("cardiology").Add(notBefore).Add(notAfter).ToArray();
        return new FieldWriter().Add(content).Add(new byte[64]).ToArray();
    }

    [Theory]
    [InlineData(long.MaxValue, 0L)]
    [InlineData(0L, long.MinValue)]
    public void A_validity_outside_the_calendar_is_malformed_not_a_crash(long notBefore, long notAfter) =>
        Assert.Throws<MalformedMessageException>(() => DoctorCertificate.Decode(CertificateWithValidity(notBefore, notAfter)));

    [Fact]
    public void Encode_and_decode_round_trip()
    {
        using var authority = new MedicalAuthority("MA", ManualClock.StartingNow());
        var issued = authority.Issue("dr-chen", "cardiology", TimeSpan.FromDays(30));
        var decoded = DoctorCertificate.Decode(issued.Encode());
        Assert.Equal(issued.Encode(), decoded.Encode());
    }

    [Fact]
    public void An_attacker_without_keys_sending_such_a_certificate_is_stopped_at_Eq_27()
    {
        var clock = ManualClock.StartingNow();
        using var deployment = World.Build(clock);
        var sentAt = clock.GetUtcNow().ToUnixTimeMilliseconds();
        var plaintext = new FieldWriter().Add("patient-alice").Add(sentAt).Add("dr-chen")
            .Add(CertificateWithValidity(long.MaxValue, 0)).Add(World.Cardiology).ToArray();
        var ciphertext = PublicKeyCipher.Encrypt(deployment.Cloud.Bulletin.CloudKey, plaintext, SignedContents.AssociatedData("C_D2", sentAt));
        var transcript = new SessionTranscript("attack");

        var rejected = Assert.Throws<ProtocolViolationException>(() =>
            deployment.Cloud.AnswerIndexQuery(new IndexQuery(ciphertext, new byte[64], sentAt), new PartyRef(PartyRole.Doctor, "attacker"), transcript));

        Assert.Equal(27, rejected.FailedCheck.Equation);
        Assert.Contains("calendar", rejected.FailedCheck.Reason);
    }
}
