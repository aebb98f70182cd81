using System.Reflection;
using System.Security.Cryptography;
using EmrAuth.Domain.Certificates;
using EmrAuth.Domain.Crypto;
using EmrAuth.Domain.Messages;
using EmrAuth.Domain.Migration;
using EmrAuth.Domain.Registry;

namespace EmrAuth.Fuzz;

/// <summary>One decoder: what a received byte string goes through before any signature or MAC is checked.</summary>
public sealed record Decoder(string Name, Action<byte[]> Decode);

/// <summary>
/// An AFL target: a family of decoders, one chosen by the input's first byte (modulo their count), the rest of the
/// input decoded. Fewer targets than decoders keeps the pass in test.sh short; the corpus holds each decoder's seeds.
/// </summary>
/// <remarks>
/// The decoders are built on first use: instrumented Domain code may run only inside SharpFuzz's runner, which sets
/// up AFL's coverage map first, so choosing a target by name must not touch the Domain.
/// </remarks>
public sealed class Target(string name, Func<IReadOnlyList<Decoder>> decoders)
{
    private readonly Lazy<IReadOnlyList<Decoder>> _decoders = new(decoders);

    public string Name { get; } = name;

    public IReadOnlyList<Decoder> Decoders => _decoders.Value;

    /// <summary>Runs one input; an exception other than the documented ones escapes, and AFL records a crash.</summary>
    public void Run(byte[] input)
    {
        if (input.Length == 0)
        {
            return;
        }
        try
        {
            Decoders[input[0] % Decoders.Count].Decode(input[1..]);
        }
        catch (Exception e) when (Targets.IsDocumented(e))
        {
        }
    }

    /// <summary>A seed for one decoder: its selector byte, then the encoding.</summary>
    public byte[] Seed(string decoder, byte[] encoding)
    {
        var index = Decoders.Select(d => d.Name).ToList().IndexOf(decoder);
        return index < 0 ? throw new ArgumentException($"{Name} has no decoder {decoder}.", nameof(decoder)) : [(byte)index, .. encoding];
    }
}

public static class Targets
{
    /// <summary>
    /// What a decoder may throw on bad bytes: the domain's MalformedMessageException and, from the point, scalar and
    /// key parsers, CryptographicException. Anything else (IndexOutOfRange, NullReference, Overflow, ArgumentOutOfRange...) is a crash.
    /// </summary>
    public static bool IsDocumented(Exception e) => e is MalformedMessageException or CryptographicException;

    public static IReadOnlyList<Target> All { get; } =
    [
        new("messages", () => [.. StaticDecoders(typeof(ProtocolMessage).Namespace!), .. WireParts.Decoders]),
        new("certificates", () => [
            new("Cert_D", b => DoctorCertificate.Decode(b)),
            new("Directory", b => SignedDirectory.Decode(b)),
            new("Revocations", b => RevocationList.Decode(b)),
        ]),
        new("migration", () => [.. StaticDecoders(typeof(MigrationProof).Namespace!), new("EHR", b => MigrationContents.DecodeRecord(b)), .. MigrationWire.Decoders]),
        new("migration-state", () => MigrationState.Decoders),
        new("crypto", () => [
            new("CurvePoint", b => CurvePoint.Decode(b)),
            new("Scalar", b => Scalar.FromBytes(b)),
            new("SubjectPublicKeyInfo", b => PublicKey.FromSubjectPublicKeyInfo(b)),
            new("FieldReader", FieldReaderProgram.Run),
            new("PublicKeyCipher", FixedKeys.OpenPublicKeyCiphertext),
            new("SessionCipher", FixedKeys.OpenSessionCiphertext),
        ]),
    ];

    public static Target Named(string name) =>
        All.FirstOrDefault(t => t.Name == name) ?? throw new ArgumentException($"Unknown target {name}; known: {string.Join(", ", All.Select(t => t.Name))}.");

    /// <summary>
    /// Every static Decode(byte[]) of a namespace, public or internal, by type name: a content type another change adds
    /// (or a field added to one) is fuzzed without touching this harness.
    /// </summary>
    private static IEnumerable<Decoder> StaticDecoders(string ns) =>
        typeof(ProtocolMessage).Assembly.GetTypes()
            .Where(t => t.Namespace == ns)
            .Select(t => (Type: t, Method: t.GetMethod("Decode", BindingFlags.Public | BindingFlags.Static, [typeof(byte[])])))
            .Where(m => m.Method is not null && m.Method.ReturnType == m.Type)
            .OrderBy(m => m.Type.Name, StringComparer.Ordinal)
            .Select(m => new Decoder(m.Type.Name, Invoker(m.Method!)));

    private static Action<byte[]> Invoker(MethodInfo method)
    {
        var decode = method.CreateDelegate<Func<byte[], object>>();
        return bytes => decode(bytes);
    }
}
