using System.Security.Cryptography;
using EmrAuth.Domain.Crypto;
using EmrAuth.Domain.Evidence;
using EmrAuth.Domain.Messages;
using EmrAuth.Domain.Parties;
using EmrAuth.Domain.Transcript;

namespace EmrAuth.Domain.Phases;

/// <summary>
/// One party receiving one message. Every check becomes a <see cref="VerificationEvent"/>; the first failure
/// throws <see cref="ProtocolViolationException"/> before the party changes any state. On disposal the step
/// publishes the message (with what the receiver recovered) followed by its checks, in that order.
/// </summary>
/// <remarks>
/// With a sink that does not record, passed checks leave no trace (nobody would read it); failures are thrown as always.
/// One step is used by one thread; many steps of one party may run at once (see <see cref="ReplayCache"/>).
/// <paramref name="sharedReplay"/> false keeps a message the host made itself (a restored grant, re-checked at every
/// load) out of the replay store the processes of a deployment share: only a message off the wire belongs there.</remarks>
internal sealed class ReceiveStep(Party receiver, IProtocolEventSink sink, Phase phase, int step, PartyRef sender, ProtocolMessage message,
    bool sharedReplay = true)
    : IDisposable
{
    private readonly DateTimeOffset _at = receiver.Now;
    private readonly List<VerificationEvent> _checks = [];
    private readonly List<RecoveredField> _recovered = [];
    private bool _accepted;
    private (bool Succeeded, string Description)? _outcome;
    private byte[]? _digest;

    public Phase Phase => phase;

    /// <summary>The replay cache's key, looked up by <see cref="RequireFresh"/> and stored by <see cref="Accept"/>: hashed once.</summary>
    private byte[] Digest => _digest ??= message.Digest();

    /// <summary>|T' − T| ≤ ΔT, then the replay cache.</summary>
    public void RequireFresh()
    {
        var window = receiver.Options.FreshnessWindow;
        // T comes off the wire: a forged or bit-flipped T can lie outside DateTimeOffset's range. Clamping keeps it far outside ΔT.
        var sentAt = Math.Clamp(message.Timestamp, DateTimeOffset.MinValue.ToUnixTimeMilliseconds(), DateTimeOffset.MaxValue.ToUnixTimeMilliseconds());
        var age = _at - DateTimeOffset.FromUnixTimeMilliseconds(sentAt);
        var fresh = age.Duration() <= window;
        if (!fresh || sink.IsRecording)
        {
            var name = message.Parts().First(p => p.Kind == PartKind.Timestamp).Name;
            Require(fresh, null, $"Freshness of {name}",
                $"|T' − {name}| = {age.Duration().TotalSeconds:0.###} s ≤ ΔT = {window.TotalSeconds:0.###} s",
                age > TimeSpan.Zero
                    ? $"{name} is {age.TotalSeconds:0.###} s old, outside ΔT = {window.TotalSeconds:0.###} s (stale or delayed message)"
                    : $"{name} is {(-age).TotalSeconds:0.###} s in the future, outside ΔT = {window.TotalSeconds:0.###} s");
        }
        var unseen = !receiver.HasAccepted(Digest, _at, sharedReplay);
        if (!unseen || sink.IsRecording)
        {
            Require(unseen, null, "Replay cache", "not seen before", $"this ({message.Name}) was already accepted: a replay");
        }
    }

    public void Require(bool condition, int? equation, string check, string passReason, string failReason) =>
        Record(condition, equation, check, passReason, failReason, null);

    /// <summary>
    /// Verifies a signature under the named check. An accepted signature keeps its public evidence with the check,
    /// so a visit can later be exported for checking without our code. The signer is the sender unless it relayed.
    /// </summary>
    public void RequireSignature(PartyCrypto crypto, PublicKey key, byte[] signedContent, byte[] signature,
        int? equation, string check, string passReason, string failReason, PartyRef? signer = null)
    {
        var verified = crypto.Verify(phase, key, signedContent, signature);
        // The evidence travels only in the published check.
        Record(verified, equation, check, passReason, failReason,
            verified && sink.IsRecording ? SignatureEvidence.Of(signer ?? sender, key, signedContent, signature) : null);
    }

    private void Record(bool condition, int? equation, string check, string passReason, string failReason, SignatureEvidence? evidence)
    {
        if (condition && !sink.IsRecording)
        {
            return;
        }
        var verification = new VerificationEvent(phase, step, _at, receiver.Ref, equation, check, condition, condition ? passReason : failReason)
        {
            Evidence = evidence,
        };
        _checks.Add(verification);
        if (!condition)
        {
            throw new ProtocolViolationException(verification);
        }
    }

    /// <summary>Runs a decryption or parse; a cryptographic or format error fails the named check.</summary>
    public T Open<T>(int? equation, string check, string passReason, string failReason, Func<T> open) =>
        Open(equation, () => (check, passReason, failReason), open);

    /// <summary>As above, with the check's texts made only when they are published or thrown.</summary>
    private T Open<T>(int? equation, Func<(string Check, string PassReason, string FailReason)> texts, Func<T> open)
    {
        T result;
        try
        {
            result = open();
        }
        catch (Exception e) when (e is CryptographicException or MalformedMessageException)
        {
            var failed = texts();
            Require(false, equation, failed.Check, failed.PassReason, $"{failed.FailReason} ({e.Message.TrimEnd('.')})");
            throw;
        }
        if (sink.IsRecording)
        {
            var passed = texts();
            Require(true, equation, passed.Check, passed.PassReason, passed.FailReason);
        }
        return result;
    }

    /// <summary>
    /// Decrypts the message's ciphertext (bound to its name and the timestamp sent beside it as associated data),
    /// parses it, and checks that the timestamp inside is the one sent: both under the given equation.
    /// </summary>
    /// <remarks>The first ciphertext part, or the one named <paramref name="ciphertextName"/> (a hardened filing carries two).</remarks>
    public T Decrypt<T>(int? equation, string keyName, Func<byte[], byte[], byte[]> decrypt, Func<byte[], T> decode, Func<T, long> innerTimestamp,
        string? ciphertextName = null)
    {
        var ciphertext = message.Parts().First(p => p.Kind == PartKind.Ciphertext && (ciphertextName is null || p.Name == ciphertextName));
        var associatedData = SignedContents.AssociatedData(ciphertext.Name, message.Timestamp);
        var content = Open(equation, () => ($"Decrypt {ciphertext.Name} with {keyName}", $"{ciphertext.Name} decrypted",
            $"{ciphertext.Name} does not decrypt under {keyName}"), () => decode(decrypt(ciphertext.Bytes!, associatedData)));
        var agree = innerTimestamp(content) == message.Timestamp;
        if (!agree || sink.IsRecording)
        {
            var stamp = message.Parts().First(p => p.Kind == PartKind.Timestamp).Name;
            Require(agree, equation, $"{stamp} inside {ciphertext.Name} = {stamp} sent",
                "timestamps agree", $"the timestamp inside {ciphertext.Name} differs from {stamp}");
        }
        return content;
    }

    /// <summary>
    /// The hardened profile's check in place of Eq. 22 or 44: SEK from this side's ephemeral key and the peer's point,
    /// salted with the transcript, then the peer's tag recomputed and compared in constant time.
    /// </summary>
    public SessionKey ConfirmKey(PartyCrypto crypto, EphemeralKey own, CurvePoint peerEphemeral, byte[] transcript, byte[] tag,
        int equation, string check, string keyName, string tagName, string peerName)
    {
        var key = crypto.EphemeralSessionKey(phase, own, peerEphemeral, transcript, keyName);
        var confirmed = crypto.VerifyConfirmationTag(phase, key, tagName, transcript, tag);
        if (!confirmed || sink.IsRecording)
        {
            Require(confirmed, equation, check,
                $"{tagName} verifies: the {peerName} derived the same {keyName} from this transcript",
                $"{tagName} does not verify under the {keyName} derived here (wrong key, or another session's transcript)");
        }
        return key;
    }

    public void Recovered(string name, string value, Sensitivity sensitivity = Sensitivity.Personal)
    {
        if (sink.IsRecording)
        {
            _recovered.Add(new RecoveredField(name, value, sensitivity));
        }
    }

    public void RecoveredSecret(string name, int length)
    {
        if (sink.IsRecording)
        {
            _recovered.Add(new RecoveredField(name, $"{length} bytes (secret, not shown)", Sensitivity.Secret));
        }
    }

    /// <summary>
    /// All checks passed: remember the message for the replay window. An outcome (a phase completed, or a
    /// refusal received) is published after the message and its checks.
    /// </summary>
    public void Accept(string? outcome = null, bool succeeded = true)
    {
        _outcome = outcome is null ? null : (succeeded, outcome);
        var expiry = DateTimeOffset.FromUnixTimeMilliseconds(message.Timestamp) + receiver.Options.FreshnessWindow;
        // RequireFresh looked before the other checks; a concurrent step may have accepted the same message since.
        // Only that failure is recorded: an honest step's checks stay as RequireFresh listed them.
        if (!receiver.TryRememberAccepted(Digest, expiry, _at, sharedReplay))
        {
            Require(false, null, "Replay cache", "not seen before", $"this ({message.Name}) was accepted concurrently by another step: a replay");
        }
        _accepted = true;
    }

    public void Dispose()
    {
        if (!sink.IsRecording)
        {
            return;
        }
        sink.Publish(new MessageEvent(phase, step, _at, sender, receiver.Ref, message.Name, message.Parts(), _recovered));
        foreach (var check in _checks)
        {
            sink.Publish(check);
        }
        if (_accepted && _outcome is { } outcome)
        {
            sink.Publish(new OutcomeEvent(phase, step, _at, receiver.Ref, outcome.Succeeded, outcome.Description));
        }
        if (!_accepted)
        {
            var failed = _checks.LastOrDefault(c => !c.Passed);
            var where = failed is null ? "before any check" : $"at {failed.Reference} ({failed.Check})";
            sink.Publish(new OutcomeEvent(phase, step, _at, receiver.Ref, false,
                $"{receiver.Ref} rejected {message.Name} {where}: {failed?.Reason ?? "the step did not complete"}"));
        }
    }
}
