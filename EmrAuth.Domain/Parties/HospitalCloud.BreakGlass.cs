using EmrAuth.Domain.Messages;
using EmrAuth.Domain.Phases;
using EmrAuth.Domain.Transcript;

namespace EmrAuth.Domain.Parties;

public sealed partial class HospitalCloud
{
    /// <summary>
    /// Break-glass step 2 at the hospital: ΔT and replay, decrypt C_BG2, Sig_CBG, then its own checks of BG_D (Cert_D,
    /// Sig_BG, reason, time box), that it is the emergency's hospital and holds the record. Releases M_EMR only to the
    /// signing doctor (C_BG3 under that doctor's PUK_D); restricted entries only when BG_D confirms them a second time.
    /// </summary>
    public BreakGlassRelease ReleaseBreakGlass(BreakGlassForward message, IProtocolEventSink sink, ProtocolProfile? profile = null)
    {
        var visitProfile = profile ?? Options.Profile;
        var credentials = RequireCredentials();
        BreakGlassForwardContent content;
        ReleasedRecord released;
        Crypto.PublicKey? doctorKey;
        using (var step = new ReceiveStep(this, sink, Phase.BreakGlass, 2, CloudRef, message))
        {
            step.RequireFresh();
            content = step.Decrypt(null, "PRK_HPC", (c, aad) => Crypto.Decrypt(Phase.BreakGlass, credentials.Key, c, aad, visitProfile), BreakGlassForwardContent.Decode,
                c => c.TCBG);
            var statement = content.Statement;
            step.RequireSignature(Crypto, Bulletin.CloudKey, BreakGlassContents.Forward(statement.Digest(), statement.HospitalId, content.TCBG), message.Signature, null,
                "Verify Sig_CBG with PUK_C", "the public cloud found the record at this hospital", "Sig_CBG does not verify with PUK_C");
            var doctor = Trust.TryFindParty(Phase.BreakGlass, statement.DoctorId, PartyRole.Doctor);
            doctorKey = doctor is null ? null : Trust.PublicKeyOf(Phase.BreakGlass, doctor);
            BreakGlassChecks.CheckStatement(step, Trust, Crypto, Now, Options, statement, content.DoctorSignature, doctorKey, visitProfile);
            step.Require(statement.HospitalId == Id, null, BreakGlassStatement.HospitalCheck, $"the emergency is at {Id}",
                $"the statement names {statement.HospitalId}, not {Id}: break-glass is limited to the emergency's hospital");
            var record = FindRecord(statement.PatientId, statement.DepartmentId);
            step.Require(record is not null, null, "Record held here", "the record exists", $"{Id} holds no record of this patient in {statement.DepartmentId}");
            // Restricted entries only when BG_D carries the doctor's second confirmation (its restricted flag, under Sig_BG).
            released = record!.Release(statement.RestrictedConfirmed);
            step.Require(true, null, SensitivityLabel.ReleaseCheck, SensitivityLabel.DescribeRelease(released, "BG_D"), "");
            step.Accept();
        }
        var tHbg = NewTimestamp();
        var digest = content.Statement.Digest();
        var release = new BreakGlassReleaseContent(Id, digest, released.Render(), tHbg);
        var cBg3 = Crypto.EncryptFor(Phase.BreakGlass, doctorKey!, release.Encode(), SignedContents.AssociatedData("C_BG3", tHbg), visitProfile);
        var sigHbg = Crypto.Sign(Phase.BreakGlass, credentials.Key, BreakGlassContents.Release(digest, Id, cBg3, tHbg));
        return new BreakGlassRelease(cBg3, sigHbg, tHbg);
    }
}
