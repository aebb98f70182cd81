using System.Collections.Concurrent;
using EmrAuth.Domain.Crypto;
using EmrAuth.Domain.Messages;
using EmrAuth.Domain.Phases;
using EmrAuth.Domain.Transcript;

namespace EmrAuth.Domain.Parties;

/// <summary>
/// Delegates (issue 14): the public cloud registers a patient's signed Delegation_P and Revocation_G, and checks every
/// delegate action against them at <see cref="PatientDelegation.Check"/>.
/// </summary>
public sealed partial class PublicCloud
{
    private readonly ConcurrentDictionary<string, SignedDelegation> _delegations = new();
    private readonly ConcurrentDictionary<string, SignedDelegationRevocation> _delegationRevocations = new();

    /// <summary>Registers a delegation: fresh, decodes, names a registered patient, Sig_G verifies with PUK_P.</summary>
    public SignedDelegation RegisterDelegation(PatientStatement message, PartyRef sender, IProtocolEventSink sink)
    {
        var signed = Receive(message, sender, sink, SignedDelegation.Decode, out var step, out var patientKey, d => d.Delegation.PatientId);
        using (step)
        {
            step.RequireSignature(Crypto, patientKey, signed.Delegation.Encode(), signed.Signature, null, PatientDelegation.Check,
                "Sig_G verifies with PUK_P", "Sig_G does not verify with the patient's PUK_P", new PartyRef(PartyRole.Patient, signed.Delegation.PatientId));
            step.Require(!_delegations.ContainsKey(signed.Delegation.IdHex), null, PatientDelegation.Check, "a new N_G", "this delegation is already registered");
            step.Accept($"Delegation of {signed.Delegation.PatientId} to {signed.Delegation.DelegateId} registered.");
        }
        _delegations[signed.Delegation.IdHex] = signed;
        return signed;
    }

    /// <summary>Registers a revocation: it names a registered delegation of the same patient and Sig_R verifies with PUK_P. Effective at once.</summary>
    public SignedDelegationRevocation RevokeDelegation(PatientStatement message, PartyRef sender, IProtocolEventSink sink)
    {
        var signed = Receive(message, sender, sink, SignedDelegationRevocation.Decode, out var step, out var patientKey, r => r.Revocation.PatientId);
        using (step)
        {
            var idHex = Convert.ToHexString(signed.Revocation.DelegationId);
            step.Require(_delegations.TryGetValue(idHex, out var delegation) && delegation.Delegation.PatientId == signed.Revocation.PatientId, null,
                DelegationRevocation.Check, "it names a delegation of this patient", "no delegation of this patient has this N_G");
            step.RequireSignature(Crypto, patientKey, signed.Revocation.Encode(), signed.Signature, null, DelegationRevocation.Check,
                "Sig_R verifies with PUK_P", "Sig_R does not verify with the patient's PUK_P", new PartyRef(PartyRole.Patient, signed.Revocation.PatientId));
            step.Accept("Delegation revoked.");
            _delegationRevocations.TryAdd(idHex, signed);
        }
        return signed;
    }

    /// <summary>
    /// A delegate's action: fresh and unseen; Delegation_P registered here and unchanged; Sig_G verifies with PUK_P; it
    /// names this delegate; not revoked; inside its window; its permissions cover the action. Returns the delegation.
    /// </summary>
    public PatientDelegation ReceiveDelegateAction(DelegateAction message, IProtocolEventSink sink)
    {
        var sender = new PartyRef(PartyRole.Patient, message.DelegateId);
        using var step = new ReceiveStep(this, sink, Phase.Indexing, 1, sender, message);
        step.RequireFresh();
        var signed = step.Open(null, PatientDelegation.Check, "Delegation_P decoded", "Delegation_P is malformed", () => SignedDelegation.Decode(message.Delegation));
        var delegation = signed.Delegation;
        step.Recovered("ID_P", delegation.PatientId);
        step.Recovered("ID_G", delegation.DelegateId, Sensitivity.Public);
        step.Require(_delegations.TryGetValue(delegation.IdHex, out var registered) && registered.Encode().AsSpan().SequenceEqual(message.Delegation), null,
            PatientDelegation.Check, "registered at the public cloud", "this delegation was never registered at the public cloud");
        var patient = FindRegistered(PartyRole.Patient, delegation.PatientId);
        step.Require(patient is not null, null, PatientDelegation.Check, "the patient is registered", $"patient {delegation.PatientId} is not registered");
        var patientKey = Trust.PublicKeyOf(Phase.Indexing, patient!.Id, patient.IssuanceExtra, patient.R);
        step.RequireSignature(Crypto, patientKey, delegation.Encode(), signed.Signature, null, PatientDelegation.Check,
            "Sig_G verifies with PUK_P", "Sig_G does not verify with the patient's PUK_P", new PartyRef(PartyRole.Patient, delegation.PatientId));
        step.Require(delegation.DelegateId == message.DelegateId, null, PatientDelegation.Check, $"it names {message.DelegateId}",
            $"the delegation names {delegation.DelegateId}, not {message.DelegateId}");
        step.Require(!_delegationRevocations.TryGetValue(delegation.IdHex, out var revoked), null, PatientDelegation.Check, "not revoked",
            $"the patient revoked this delegation at {DateTimeOffset.FromUnixTimeMilliseconds(revoked?.Revocation.RevokedAt ?? 0):u}");
        var failure = delegation.Covers(message.Action, Now.ToUnixTimeMilliseconds());
        step.Require(failure is null, null, PatientDelegation.Check, $"{message.Action} allowed now, until {DateTimeOffset.FromUnixTimeMilliseconds(delegation.NotAfter):u}",
            failure ?? "");
        step.Accept($"{message.DelegateId} acts on behalf of {delegation.PatientId} ({message.Action}).");
        return delegation;
    }

    /// <summary>Whether the public cloud holds a revocation of this delegation.</summary>
    public bool IsDelegationRevoked(byte[] delegationId) => _delegationRevocations.ContainsKey(Convert.ToHexString(delegationId));

    /// <summary>Reloads a registered delegation (and its revocation) from storage after a restart.</summary>
    public void RestoreDelegation(SignedDelegation delegation, SignedDelegationRevocation? revocation)
    {
        _delegations[delegation.Delegation.IdHex] = delegation;
        if (revocation is not null)
        {
            _delegationRevocations[delegation.Delegation.IdHex] = revocation;
        }
    }

    /// <summary>
    /// Opens a patient statement's step: fresh, decoded, about the sending patient, who is registered; the caller checks
    /// its signature and accepts.
    /// </summary>
    private T Receive<T>(PatientStatement message, PartyRef sender, IProtocolEventSink sink, Func<byte[], T> decode, out ReceiveStep step, out PublicKey patientKey,
        Func<T, string> patientOf)
    {
        step = new ReceiveStep(this, sink, Phase.Indexing, 1, sender, message);
        try
        {
            step.RequireFresh();
            var statement = step.Open(null, message.StatementName.StartsWith("Revocation", StringComparison.Ordinal) ? DelegationRevocation.Check : PatientDelegation.Check,
                $"{message.StatementName} decoded", $"{message.StatementName} is malformed", () => decode(message.Statement));
            var patient = patientOf(statement) == sender.Id ? FindRegistered(PartyRole.Patient, sender.Id) : null;
            step.Require(patient is not null, null, PatientDelegation.Check, "the sending patient is registered and named", $"the statement is not about {sender.Id}, a registered patient");
            patientKey = Trust.PublicKeyOf(Phase.Indexing, patient!.Id, patient.IssuanceExtra, patient.R);
            return statement;
        }
        catch
        {
            step.Dispose();
            throw;
        }
    }
}
