using EmrAuth.Domain.Messages;
using EmrAuth.Domain.Phases;
using EmrAuth.Domain.Transcript;

namespace EmrAuth.Domain.Parties;

public sealed partial class PublicCloud
{
    /// <summary>
    /// Break-glass step 1 at the public cloud: ΔT and replay, decrypt C_BG1, Cert_D, Sig_BG, reason, time box, and the
    /// index h(ID_P || ID_DE) pointing at the emergency's hospital. Forwards BG_D || Sig_BG to that hospital (C_BG2),
    /// vouching with Sig_CBG that the record is held there.
    /// </summary>
    public BreakGlassForward ForwardBreakGlass(BreakGlassRequest message, PartyRef sender, IProtocolEventSink sink, ProtocolProfile? profile = null)
    {
        var visitProfile = profile ?? Options.Profile;
        BreakGlassStatement statement;
        using (var step = new ReceiveStep(this, sink, Phase.BreakGlass, 1, sender, message))
        {
            step.RequireFresh();
            statement = step.Decrypt(null, "PRK_C", (c, aad) => Crypto.Decrypt(Phase.BreakGlass, _ownKey, c, aad, visitProfile), BreakGlassStatement.Decode, s => s.SignedAt);
            var doctor = FindRegistered(PartyRole.Doctor, statement.DoctorId);
            var doctorKey = doctor is null ? null : Trust.PublicKeyOf(Phase.BreakGlass, doctor.Id, doctor.IssuanceExtra, doctor.R);
            BreakGlassChecks.CheckStatement(step, Trust, Crypto, Now, Options, statement, message.Signature, doctorKey, visitProfile);
            var lookup = Index.Find(EmrIndex.KeyOf(statement.PatientId, statement.DepartmentId));
            step.Require(lookup.Found && (Index.Form != ProtocolProfile.Hardened || lookup.Authentic) && lookup.HospitalId == statement.HospitalId, null,
                BreakGlassStatement.RecordCheck, $"the index points h(ID_P || ID_DE) at {statement.HospitalId}",
                $"the index holds no {statement.DepartmentId} record of this patient at {statement.HospitalId}: break-glass is limited to the emergency's hospital");
            step.Require(FindRegistered(PartyRole.HospitalCloud, statement.HospitalId) is not null, null, "ID_HPC registered", $"{statement.HospitalId} is registered",
                $"{statement.HospitalId} is not registered");
            step.Accept();
        }
        var hospital = FindRegistered(PartyRole.HospitalCloud, statement.HospitalId)!;
        var hospitalKey = Trust.PublicKeyOf(Phase.BreakGlass, hospital.Id, hospital.IssuanceExtra, hospital.R);
        var tCbg = NewTimestamp();
        var content = new BreakGlassForwardContent(statement, message.Signature, tCbg);
        var cBg2 = Crypto.EncryptFor(Phase.BreakGlass, hospitalKey, content.Encode(), SignedContents.AssociatedData("C_BG2", tCbg), visitProfile);
        var sigCbg = Crypto.Sign(Phase.BreakGlass, _ownKey, BreakGlassContents.Forward(statement.Digest(), statement.HospitalId, tCbg));
        return new BreakGlassForward(cBg2, sigCbg, tCbg);
    }
}
