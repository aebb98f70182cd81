
namespace EmrAuth.Tests.Web.Components.Protocol;

public class ProtocolTextTests
{
    [Theory]
    [InlineData(20, "Cert_D legal", "Cert_D MA-000002 was revoked at 2026-11-21 09:00:00Z: licence suspended",
        "the doctor's licence certificate could not be confirmed (it has been revoked: licence suspended)")]
    [InlineData(36, "Cert_D legal", "Cert_D MA-000002 is not signed by the medical authority (forged)",
        "the doctor's licence certificate could not be confirmed (it was not issued by the medical authority)")]
    [InlineData(null, "Freshness of T_D1", "T_D1 is 9 s old", "a message arrived too late or was replayed")]
    [InlineData(null, "Replay cache", "already accepted", "a message was received twice (possible replay)")]
    [InlineData(20, "Decrypt C_D1 with PRK_P", "C_D1 does not decrypt", "a message was altered in transit or not meant for this party")]
    [InlineData(20, "T_D1 inside C_D1 = T_D1 sent", "differs", "a message was altered in transit or not meant for this party")]
    [InlineData(21, "Verify Sig_D1 with PUK_D (corrected)", "does not verify", "a signature did not match: the sender could not be authenticated")]
    [InlineData(22, "SEK_1 = h(S_P·R_D2 + r5·PUK_D || r5·R_D2)", "differs", "the two sides did not agree on a session key")]
    [InlineData(29, "Index record h(ID_P || ID_DE)", "none", "no hospital holds a record for this patient in that department")]
    [InlineData(47, "Record held here", "HPC-North holds no record of this patient in department neurology",
        "HPC-North holds no record of this patient in department neurology")]
    public void Failed_checks_read_in_plain_words(int? equation, string check, string reason, string expected)
    {
        var view = new VerificationView(1, "Consultation", 2, DateTimeOffset.UnixEpoch, new PartyView("Patient", "p"), equation, check, false, reason);

        Assert.Equal(expected, ProtocolText.Plain(view));
    }

    [Theory]
    [InlineData("ABCDEF", "ABCDEF")]
    [InlineData("00112233445566778899AABBCCDDEEFF0011223344", "0011223344556677…11223344")]
    public void Hex_is_shortened_to_16_and_8_digits(string hex, string expected) => Assert.Equal(expected, ProtocolText.ShortHex(hex));
}
