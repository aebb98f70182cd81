using System.Security.Cryptography;
using EmrAuth.Domain.Crypto;
using EmrAuth.Domain.Messages;
using EmrAuth.Domain.Parties;
using EmrAuth.Domain.Transcript;

namespace EmrAuth.Domain.Attacks;

/// <summary>
/// Long-term key compromise after the fact: a visit is recorded off the network, it ends, then the attacker learns one
/// party's PRK (S_X) and tries to open the recording. It knows nothing of the message formats' meaning: it opens every
/// public-key ciphertext the leaked key opens, takes every 32-byte field inside as a candidate session key, and tries
/// each against every session-key ciphertext. Without forward secrecy (docs/protocol.md#g-no-forward-secrecy) one of them is SEK.
/// </summary>
internal static class KeyCompromise
{
    public static AttackResult Run(LabSandbox lab, PartyRole victim)
    {
        var run = lab.Visit().RunToEnd();
        var recording = lab.Transcript.Messages.Where(m => m.Phase is not Phase.Registration and not Phase.Indexing).ToList();
        var party = victim == PartyRole.Patient ? (Participant)lab.Patient : lab.Doctor;
        using var leaked = new PrivateKey(party.LeakLongTermKey());
        var candidates = recording.SelectMany(m => Open(leaked, m)).SelectMany(Fields).Where(f => f.Length == KeyDerivation.SessionKeyLength).ToList();
        var sessionKeys = new[] { ("SEK_1", run.PatientSide!.SessionKey), ("SEK_2", run.Search!.SessionKey) };
        var obtained = new List<string>();
        foreach (var message in recording)
        {
            foreach (var candidate in candidates)
            {
                if (OpenWithSessionKey(candidate, message) is not { } plaintext)
                {
                    continue;
                }
                var name = sessionKeys.FirstOrDefault(k => k.Item2 is not null && k.Item2.SameAs(SessionKey.FromBytes(candidate))).Item1 ?? "a session key";
                obtained.Add($"{name} (sandbox key, SHA-256 fingerprint {Fingerprint(candidate)}) opens {message.Parts[0].Name}: \"{Fields(plaintext).Select(Text).First()}\"");
                break;
            }
        }
        var who = $"PRK_{(victim == PartyRole.Patient ? "P" : "D")} of {party.Id}";
        return obtained.Count > 0
            ? new AttackResult(Attacks.AttackVerdict.Succeeded, "no forward secrecy (docs/protocol.md#g-no-forward-secrecy)",
                $"with the leaked {who}, the recorded ciphertexts give up a session key and the plaintexts it protected", obtained)
            : AttackResult.Stopped("forward secrecy",
                $"the leaked {who} yields {candidates.Count} candidate 32-byte field(s); none opens a session-key ciphertext: " +
                "SEK depends on the erased ephemeral nonces, not on the long-term key alone");
    }

    private static IEnumerable<byte[]> Open(PrivateKey key, MessageEvent message)
    {
        var (ciphertext, stamp) = (message.Parts[0], message.Parts.Last(p => p.Kind == PartKind.Timestamp));
        if (ciphertext.Kind != PartKind.Ciphertext || ciphertext.Bytes is null)
        {
            yield break;
        }
        byte[]? plaintext = null;
        try
        {
            plaintext = PublicKeyCipher.Decrypt(key, ciphertext.Bytes, SignedContents.AssociatedData(ciphertext.Name, Timestamp(stamp)));
        }
        catch (CryptographicException)
        {
        }
        if (plaintext is not null)
        {
            yield return plaintext;
        }
    }

    private static byte[]? OpenWithSessionKey(byte[] candidate, MessageEvent message)
    {
        var (ciphertext, stamp) = (message.Parts[0], message.Parts.Last(p => p.Kind == PartKind.Timestamp));
        if (ciphertext.Kind != PartKind.Ciphertext || ciphertext.Bytes is null || ciphertext.Size < SessionCipher.Overhead)
        {
            return null;
        }
        try
        {
            return SessionCipher.Decrypt(SessionKey.FromBytes(candidate), ciphertext.Bytes, SignedContents.AssociatedData(ciphertext.Name, Timestamp(stamp)));
        }
        catch (CryptographicException)
        {
            return null;
        }
    }

    /// <summary>The top-level ‖-encoded fields of a plaintext (each a 4-byte length and its bytes).</summary>
    private static IEnumerable<byte[]> Fields(byte[] plaintext)
    {
        var reader = new FieldReader(plaintext);
        var fields = new List<byte[]>();
        try
        {
            while (true)
            {
                fields.Add(reader.ReadBytes());
            }
        }
        catch (MalformedMessageException)
        {
        }
        return fields;
    }

    private static string Text(byte[] field) => System.Text.Encoding.UTF8.GetString(field);

    private static long Timestamp(MessagePart stamp) => System.Buffers.Binary.BinaryPrimitives.ReadInt64BigEndian(stamp.Bytes);

    private static string Fingerprint(byte[] key) => Convert.ToHexString(SHA256.HashData(key))[..12].ToLowerInvariant();
}
