using EmrAuth.Domain.Crypto;
using EmrAuth.Domain.Messages;
using EmrAuth.Domain.Parties;
using EmrAuth.Domain.Registry;
using EmrAuth.Domain.Transcript;

namespace EmrAuth.Domain.Phases;

/// <summary>
/// The checks of BG_D that the public cloud and the hospital both make, each against its own clock and trust view:
/// Cert_D legal, Sig_BG under PUK_D, the reason, and the time box.
/// </summary>
internal static class BreakGlassChecks
{
    public static void CheckStatement(ReceiveStep step, TrustView trust, PartyCrypto crypto, DateTimeOffset now, ProtocolOptions options,
        BreakGlassStatement statement, byte[] signature, PublicKey? doctorKey, ProtocolProfile profile)
    {
        step.Recovered("ID_P", statement.PatientId);
        step.Recovered("ID_D", statement.DoctorId, Sensitivity.Public);
        step.Recovered("ID_HPC", statement.HospitalId, Sensitivity.Public);
        step.Recovered("Reason", $"{statement.Reason}: {statement.ReasonText}");
        step.Recovered("Time box", $"{statement.Starts:u} – {statement.Ends:u}{(statement.RestrictedConfirmed ? ", restricted data confirmed" : "")}", Sensitivity.Public);
        var status = trust.CheckCertificate(Phase.BreakGlass, statement.Certificate, statement.DoctorId, now);
        step.Require(status.IsLegal, null, "Cert_D legal", status.Reason, status.Reason);
        step.Require(doctorKey is not null, null, "ID_D registered", $"{statement.DoctorId} is registered", $"doctor {statement.DoctorId} is not registered");
        step.RequireSignature(crypto, doctorKey!, BreakGlassContents.Request(statement, profile), signature, null, BreakGlassStatement.SignatureCheck,
            "Sig_BG verifies with PUK_D: the doctor signed this emergency access", "Sig_BG does not verify with the doctor's PUK_D",
            new PartyRef(PartyRole.Doctor, statement.DoctorId));
        var reason = statement.ReasonFailure();
        step.Require(reason is null, null, BreakGlassStatement.ReasonCheck, $"{statement.Reason} with a stated reason", reason ?? "");
        var timeBox = statement.TimeBoxFailure(now, options.BreakGlassTimeBox, options.FreshnessWindow);
        step.Require(timeBox is null, null, BreakGlassStatement.TimeBoxCheck, $"now is inside {statement.Starts:u} – {statement.Ends:u}", timeBox ?? "");
    }
}
