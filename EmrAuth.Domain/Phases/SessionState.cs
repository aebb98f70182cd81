using System.Security.Cryptography;
using EmrAuth.Domain.Crypto;
using EmrAuth.Domain.Messages;
using EmrAuth.Domain.Parties;
using EmrAuth.Domain.Transcript;

namespace EmrAuth.Domain.Phases;

/// <summary>A stored session state that cannot be restored: wrong version, kind or owner, truncated or corrupted.</summary>
public sealed class SessionStateException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// The versioned encoding of a session's state for sealed storage (docs/hardened-profile.md#sealed-visit-state): FieldWriter
/// fields, starting with <see cref="Version"/>, the session kind, the owning party's ID_X and R_X. The owner's long-term
/// keys are never written; the restore re-attaches the party it is given and refuses one whose ID_X or R_X differ.
/// Optional fields are written empty when absent (an empty text is a one-byte flag field first, see <see cref="AddOptional(FieldWriter, string?)"/>).
/// </summary>
internal static class SessionState
{
    public const string Version = "EmrAuth.VisitSession.v1";

    public static FieldWriter Begin(string kind, Participant owner, ProtocolProfile profile, string stage) =>
        new FieldWriter().Add(Version).Add(kind).Add(owner.Id).Add(owner.RequireCredentials().R).Add(profile.ToString()).Add(stage);

    /// <summary>Checks the header and hands the reader, the profile and the stage to <paramref name="restore"/>; any decoding fault becomes a <see cref="SessionStateException"/>.</summary>
    public static T Restore<T>(byte[] state, string kind, Participant owner, Func<FieldReader, ProtocolProfile, string, T> restore)
    {
        ArgumentNullException.ThrowIfNull(state);
        try
        {
            var reader = new FieldReader(state);
            if (reader.ReadString() != Version)
            {
                throw new SessionStateException($"The stored {kind} state has an unknown version (this build reads {Version}).");
            }
            var storedKind = reader.ReadString();
            if (storedKind != kind)
            {
                throw new SessionStateException($"The stored state is a {storedKind}, not a {kind}.");
            }
            if (reader.ReadString() != owner.Id || !reader.ReadPoint().SameAs(owner.RequireCredentials().R))
            {
                throw new SessionStateException($"The stored {kind} state belongs to another party or to keys {owner.Id} no longer holds.");
            }
            var profile = ReadEnum<ProtocolProfile>(reader);
            var result = restore(reader, profile, reader.ReadString());
            reader.EnsureEnd();
            return result;
        }
        catch (Exception e) when (e is MalformedMessageException or CryptographicException or ArgumentException or InvalidOperationException)
        {
            throw new SessionStateException($"The stored {kind} state is corrupted: {e.Message}", e);
        }
    }

    /// <summary>An enum written by name; a number or an unknown name is malformed.</summary>
    public static TEnum ReadEnum<TEnum>(FieldReader reader) where TEnum : struct, Enum => ParseEnum<TEnum>(reader.ReadString());

    public static TEnum ParseEnum<TEnum>(string name) where TEnum : struct, Enum => Enum.TryParse<TEnum>(name, ignoreCase: false, out var value) && value.ToString() == name
            ? value
            : throw new MalformedMessageException($"'{name}' is not a {typeof(TEnum).Name}");

    /// <summary>A restored stage must agree with whether the session key exists, so a spliced state cannot reach a step without it.</summary>
    public static T RequireKeyMatchesStage<T>(T session, bool stageHoldsKey, SessionKey? key, string stage, string keyName) =>
        stageHoldsKey == (key is not null)
            ? session
            : throw new MalformedMessageException($"a {stage} session with{(key is null ? "out" : "")} {keyName}");

    /// <summary>(C_X, Sig_X, T_X) of a signed message this session sent.</summary>
    public static FieldWriter Add(this FieldWriter writer, SignedMessage message) => writer.Add(message.Ciphertext).Add(message.Signature).Add(message.SentAt);

    public static (byte[] Ciphertext, byte[] Signature, long SentAt) ReadSigned(this FieldReader reader) => (reader.ReadBytes(), reader.ReadBytes(), reader.ReadInt64());

    public static FieldWriter AddOptional(this FieldWriter writer, string? text) => text is null ? writer.Add([]) : writer.Add([1]).Add(text);

    public static string? ReadOptionalString(this FieldReader reader) => reader.ReadBytes() switch
    {
        [] => null,
        [1] => reader.ReadString(),
        _ => throw new MalformedMessageException("an optional text's flag is neither absent nor present"),
    };

    public static FieldWriter AddOptional(this FieldWriter writer, CurvePoint? point) => point is null ? writer.Add([]) : writer.Add(point);

    public static CurvePoint? ReadOptionalPoint(this FieldReader reader)
    {
        var bytes = reader.ReadBytes();
        return bytes.Length == 0 ? null : CurvePoint.Decode(bytes);
    }

    public static FieldWriter AddPeer(this FieldWriter writer, PartyRef peer) => writer.Add(peer.Role.ToString()).Add(peer.Id);

    public static PartyRef ReadPeer(this FieldReader reader) => new(ReadEnum<PartyRole>(reader), reader.ReadString());

    /// <summary>A session key (SEK_1 or SEK_2), or an empty field before it exists. Secret: the caller seals the result.</summary>
    public static FieldWriter AddSecret(this FieldWriter writer, SessionKey? key)
    {
        if (key is null)
        {
            return writer.Add([]);
        }
        var bytes = key.Export();
        writer.Add(bytes);
        CryptographicOperations.ZeroMemory(bytes);
        return writer;
    }

    public static SessionKey? ReadSessionKey(this FieldReader reader)
    {
        var bytes = reader.ReadBytes();
        try
        {
            return bytes.Length == 0 ? null : SessionKey.FromBytes(bytes);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    /// <summary>
    /// The session's own nonce: r_i in the paper's profile, the ephemeral key's private half in the hardened one (an empty
    /// field once it was erased, or before it exists). Written straight from the limbs, so no copy of it is left behind.
    /// </summary>
    public static FieldWriter AddNonce(this FieldWriter writer, Scalar? nonce, EphemeralKey? ephemeral)
    {
        var secret = nonce ?? ephemeral?.SecretForSealedStorage;
        return secret is null ? writer.Add([]) : writer.Add(secret);
    }

    /// <summary>Reads what <see cref="AddNonce"/> wrote, for a session whose own public point is <paramref name="point"/>.</summary>
    public static (Scalar? Nonce, EphemeralKey? Ephemeral) ReadNonce(this FieldReader reader, ProtocolProfile profile, CurvePoint? point)
    {
        var bytes = reader.ReadBytes();
        try
        {
            if (point is null)
            {
                return bytes.Length == 0 ? (null, null) : throw new MalformedMessageException("a nonce is stored for a session that has none yet");
            }
            if (profile == ProtocolProfile.Hardened)
            {
                return (null, EphemeralKey.RestoreFromSealedStorage(bytes.Length == 0 ? null : Scalar.FromBytes(bytes), point));
            }
            var nonce = Scalar.FromBytes(bytes);
            return CurvePoint.MultiplyGenerator(nonce).SameAs(point)
                ? (nonce, null)
                : throw new MalformedMessageException("the stored nonce does not match the session's public point");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }
}
