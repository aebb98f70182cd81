using System.Security.Cryptography;
using EmrAuth.Domain.Crypto;
using EmrAuth.Domain.Messages;
using EmrAuth.Domain.Phases;
using EmrAuth.Domain.Transcript;

namespace EmrAuth.Domain.Parties;

public sealed partial class Doctor
{
    /// <summary>
    /// Break-glass step 1: BG_D for the emergency at <paramref name="hospitalId"/>, signed with PRK_D (Sig_BG) and
    /// encrypted for the public cloud (C_BG1). The time box is the deployment's Δ_BG from now, or, to re-open an
    /// access within its time box, from <paramref name="startsAt"/>.
    /// </summary>
    public (BreakGlassStatement Statement, BreakGlassRequest Request) RequestBreakGlass(string patientId, string hospitalId, string departmentId,
        BreakGlassReason reason, string reasonText, bool restrictedConfirmed, ProtocolProfile? profile = null, long? startsAt = null)
    {
        var visitProfile = profile ?? Options.Profile;
        var credentials = RequireCredentials();
        var tBg = NewTimestamp();
        var statement = BreakGlassStatement.New(patientId, hospitalId, departmentId, Id, PresentedCertificate, reason, reasonText, Options.BreakGlassTimeBox,
            restrictedConfirmed, tBg, startsAt);
        var cBg1 = Crypto.EncryptFor(Phase.BreakGlass, Bulletin.CloudKey, statement.Encode(), SignedContents.AssociatedData("C_BG1", tBg), visitProfile);
        var sigBg = Crypto.Sign(Phase.BreakGlass, credentials.Key, BreakGlassContents.Request(statement, visitProfile));
        return (statement, new BreakGlassRequest(cBg1, sigBg, tBg));
    }

    /// <summary>
    /// Break-glass step 3 at the doctor: ΔT, decrypt C_BG3 with PRK_D, Sig_HBG with the hospital's PUK_HPC, and the
    /// release names this statement and hospital. Returns M_EMR.
    /// </summary>
    public string OpenBreakGlassRelease(BreakGlassRelease message, BreakGlassStatement statement, IProtocolEventSink sink, ProtocolProfile? profile = null)
    {
        var visitProfile = profile ?? Options.Profile;
        var credentials = RequireCredentials();
        var hospital = new PartyRef(PartyRole.HospitalCloud, statement.HospitalId);
        using var step = new ReceiveStep(this, sink, Phase.BreakGlass, 3, hospital, message);
        step.RequireFresh();
        var content = step.Decrypt(null, "PRK_D", (c, aad) => Crypto.Decrypt(Phase.BreakGlass, credentials.Key, c, aad, visitProfile),
            BreakGlassReleaseContent.Decode, c => c.THBG);
        var digest = statement.Digest();
        step.Require(content.HospitalId == statement.HospitalId && CryptographicOperations.FixedTimeEquals(content.StatementDigest, digest), null,
            "Release names this statement", "ID_HPC and h(BG_D) are this request's", "C_BG3 answers another statement or comes from another hospital");
        var hospitalKey = Trust.PublicKeyOf(Phase.BreakGlass, Trust.FindParty(Phase.BreakGlass, statement.HospitalId, PartyRole.HospitalCloud));
        step.RequireSignature(Crypto, hospitalKey, BreakGlassContents.Release(digest, content.HospitalId, message.Ciphertext, content.THBG), message.Signature, null,
            "Verify Sig_HBG with PUK_HPC", "the emergency's hospital released this record", "Sig_HBG does not verify with the hospital's PUK_HPC");
        step.Recovered("M_EMR", content.MedicalRecord);
        step.Accept($"{statement.HospitalId} released the record to {Id} under break-glass until {statement.Ends:u}.");
        return content.MedicalRecord;
    }
}
