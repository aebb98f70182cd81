using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using EmrAuth.Domain.Attacks;
using EmrAuth.Domain.Crypto;
using EmrAuth.Domain.Messages;
using EmrAuth.Domain.Migration;
using EmrAuth.Domain.Phases;

namespace EmrAuth.Fuzz;

/// <summary>
/// A message as a receiver takes it apart: one part replaced by the input (the first byte picks the part), then every
/// part, the digest the replay cache keys on and the timestamp read. Found by reflection over the concrete messages,
/// so a message another change adds is covered too.
/// </summary>
internal static class WireParts
{
    public static IEnumerable<Decoder> Decoders =>
        typeof(ProtocolMessage).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(ProtocolMessage)) && !t.IsAbstract && !t.IsSubclassOf(typeof(MigrationMessage)) && t != typeof(RegistrationRequest))
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .Select(t => (Type: t, Template: Template(t)))
            .Where(t => t.Template is not null)
            .Select(t => new Decoder($"wire {t.Type.Name}", Replacing(t.Template!)));

    private static Action<byte[]> Replacing(ProtocolMessage template) => input =>
    {
        var parts = template.Parts();
        var replaced = input.Length == 0 ? template : template.WithPart(input[0] % parts.Count, input[1..]);
        _ = replaced.Parts().Sum(p => p.Size) + replaced.Digest().Length + replaced.Timestamp;
    };

    /// <summary>
    /// The message with every constructor argument at a neutral value: only the replaced part matters. A message whose
    /// constructor refuses these values has no template (its content decoders are still fuzzed).
    /// </summary>
    private static ProtocolMessage? Template(Type type)
    {
        var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
        var arguments = constructor.GetParameters().Select(p => Neutral(p.ParameterType)).ToArray();
        try
        {
            return (ProtocolMessage)constructor.Invoke(arguments);
        }
        catch (TargetInvocationException)
        {
            return null;
        }
    }

    private static object? Neutral(Type type) => type switch
    {
        _ when type == typeof(byte[]) => Array.Empty<byte>(),
        _ when type == typeof(string) => "",
        _ when type == typeof(CurvePoint) => CurvePoint.Generator,
        _ when type == typeof(Scalar) => Scalar.FromBytes(FixedKeys.ScalarBytes),
        _ when type.IsValueType => Activator.CreateInstance(type),
        _ => null,
    };
}

/// <summary>
/// The migration messages M1–M9 as a receiver reads them: the input split into length-prefixed fields (missing ones
/// empty, extra ones dropped, so every input makes a message), then every part, the timestamp and Π where the message carries it.
/// </summary>
internal static class MigrationWire
{
    public static IEnumerable<Decoder> Decoders =>
        typeof(MigrationMessage).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(MigrationMessage)) && !t.IsAbstract)
            .OrderBy(t => t.Name, StringComparer.Ordinal)
            .Select(t => new Decoder($"wire {t.Name}", Reading(t)));

    private static Action<byte[]> Reading(Type type)
    {
        // Layout is a constant per type: read it from an instance whose constructor (which checks the count) never ran.
        var count = ((MigrationMessage)RuntimeHelpers.GetUninitializedObject(type)).Layout.Length;
        var proof = type.GetProperty("Proof");
        return input =>
        {
            var reader = new FieldReader(input);
            var fields = new List<byte[]>();
            while (!reader.AtEnd && fields.Count < count)
            {
                fields.Add(reader.ReadBytes());
            }
            while (fields.Count < count)
            {
                fields.Add([]);
            }
            var message = (MigrationMessage)Activator.CreateInstance(type, [fields.ToArray()])!;
            _ = message.Parts().Count + message.Digest().Length + message.Timestamp;
            try
            {
                proof?.GetValue(message);
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            }
        };
    }
}

/// <summary>What a hospital and the TTPH reload after a restart: a malformed export must be refused, not crash the host.</summary>
internal static class MigrationState
{
    private static readonly Lazy<(MigrationEndpoint Endpoint, TrustedThirdPartyHospital Ttph)> Parties = new(() =>
    {
        var deployment = new Deployment(ManualClock.StartingNow());
        var hospital = deployment.AddHospital("HPC-Fuzz");
        var migration = new MigrationDeployment(deployment);
        return (migration.Enroll(hospital), migration.Ttph);
    });

    public static IReadOnlyList<Decoder> Decoders { get; } =
    [
        new("MigrationEndpoint state", b => Parties.Value.Endpoint.RestoreState(b)),
        new("TTPH nonces", b => Parties.Value.Ttph.RestoreUsedNonces(b)),
    ];
}

/// <summary>
/// FieldReader on its own: the first byte gives how many reads (1–8, fewer if the input is short), the next bytes which read each is, the rest is
/// the data; the program ends with EnsureEnd.
/// </summary>
internal static class FieldReaderProgram
{
    public static void Run(byte[] input)
    {
        // Even a too-short program reaches FieldReader: AFL refuses a seed that runs no instrumented code.
        var count = input.Length == 0 ? 0 : Math.Min(input[0] % 8 + 1, input.Length - 1);
        var reader = new FieldReader(input.Length == 0 ? input : input[(1 + count)..]);
        foreach (var op in input.Skip(1).Take(count))
        {
            _ = (op % 6) switch
            {
                0 => reader.ReadBytes().Length,
                1 => reader.ReadString().Length,
                2 => reader.ReadInt64(),
                3 => reader.ReadTime().Ticks,
                4 => reader.ReadPoint().Encode().Length,
                _ => reader.AtEnd ? 1 : 0,
            };
        }
        reader.EnsureEnd();
    }
}

/// <summary>Fixed keys, so a ciphertext's framing (lengths, the ephemeral point) is parsed before the tag fails.</summary>
internal static class FixedKeys
{
    public static readonly byte[] ScalarBytes = Convert.FromHexString("0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0");

    private static readonly PrivateKey Recipient = new(Scalar.FromBytes(ScalarBytes));
    private static readonly SessionKey Session = SessionKey.FromBytes(ScalarBytes);
    private static readonly byte[] AssociatedData = SignedContents.AssociatedData("C_fuzz", 0);

    public static void OpenPublicKeyCiphertext(byte[] input) => PublicKeyCipher.Decrypt(Recipient, input, AssociatedData);

    public static void OpenSessionCiphertext(byte[] input) => SessionCipher.Decrypt(Session, input, AssociatedData);
}
