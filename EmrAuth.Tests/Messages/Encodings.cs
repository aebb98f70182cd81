using System.Reflection;
using CsCheck;
using EmrAuth.Domain.Crypto;
using EmrAuth.Domain.Messages;

namespace EmrAuth.Tests.Messages;

/// <summary>
/// Every encoding of the Domain assembly: each type with a static Decode(byte[]) returning itself and an Encode(),
/// found by reflection (so a message another change adds is covered), and a CsCheck generator of its values built
/// from its constructor's parameter types.
/// </summary>
public static class Encodings
{
    /// <summary>A few points: computing one per sample would make the properties slow for nothing.</summary>
    private static readonly CurvePoint[] Points = Enumerable.Range(1, 8).Select(_ => CurvePoint.MultiplyGenerator(Scalar.Random())).ToArray();

    private static readonly long MinMilliseconds = DateTimeOffset.MinValue.ToUnixTimeMilliseconds();
    private static readonly long MaxMilliseconds = DateTimeOffset.MaxValue.ToUnixTimeMilliseconds();

    public static IReadOnlyList<Type> Types { get; } = typeof(ProtocolMessage).Assembly.GetTypes()
        .Where(t => Decoder(t) is not null && t.GetMethod("Encode", BindingFlags.Public | BindingFlags.Instance, Type.EmptyTypes) is not null)
        .OrderBy(t => t.FullName, StringComparer.Ordinal)
        .ToArray();

    public static TheoryData<string> TypeNames => [.. Types.Select(t => t.Name)];

    public static Type Named(string name) => Types.Single(t => t.Name == name);

    public static MethodInfo? Decoder(Type type) =>
        type.GetMethod("Decode", BindingFlags.Public | BindingFlags.Static, [typeof(byte[])]) is { } m && m.ReturnType == type ? m : null;

    public static byte[] Encode(object value) => (byte[])value.GetType().GetMethod("Encode", Type.EmptyTypes)!.Invoke(value, null)!;

    /// <summary>Decodes, with the decoder's own exception rather than the reflection wrapper.</summary>
    public static object Decode(Type type, byte[] encoding)
    {
        try
        {
            return Decoder(type)!.Invoke(null, [encoding])!;
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
    }

    public static Gen<object> Of(Type type) => type switch
    {
        _ when type == typeof(string) => Gen.String.Select(s => (object)s),
        // Fixed-length fields (nonces, keys, signatures) need their exact length often enough for a constructor to accept them.
        _ when type == typeof(byte[]) => Gen.OneOf(Gen.Byte.Array[0, 48], Gen.Byte.Array[16], Gen.Byte.Array[32], Gen.Byte.Array[64]).Select(b => (object)b),
        _ when type == typeof(long) => Gen.Long.Select(l => (object)l),
        _ when type == typeof(bool) => Gen.Bool.Select(b => (object)b),
        _ when type == typeof(DateTimeOffset) => Gen.Long[MinMilliseconds, MaxMilliseconds].Select(ms => (object)DateTimeOffset.FromUnixTimeMilliseconds(ms)),
        _ when type == typeof(CurvePoint) => Gen.Int[0, Points.Length - 1].Select(i => (object)Points[i]),
        _ when type == typeof(SessionKey) => Gen.Byte.Array[KeyDerivation.SessionKeyLength].Select(b => (object)SessionKey.FromBytes(b)),
        _ when type.IsEnum => Gen.Int[0, Enum.GetValues(type).Length - 1].Select(i => Enum.GetValues(type).GetValue(i)!),
        _ when type.IsGenericType && (type.GetGenericTypeDefinition() == typeof(IReadOnlyList<>) || type.GetGenericTypeDefinition() == typeof(IEnumerable<>)) =>
            ListOf(type.GetGenericArguments()[0]),
        _ => Record(type),
    };

    private static Gen<object> ListOf(Type element) => Of(element).Array[0, 3].Select(items =>
    {
        var typed = Array.CreateInstance(element, items.Length);
        Array.Copy(items, typed, items.Length);
        return (object)typed;
    });

    /// <summary>A record from its primary constructor; a nullable reference parameter is sometimes null.</summary>
    private static Gen<object> Record(Type type)
    {
        var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
        var nullability = new NullabilityInfoContext();
        var arguments = Gen.Const(Array.Empty<object?>());
        foreach (var parameter in constructor.GetParameters())
        {
            var value = Of(parameter.ParameterType).Select(v => (object?)v);
            if (nullability.Create(parameter).WriteState == NullabilityState.Nullable)
            {
                value = Gen.Select(Gen.Int[0, 3], value, (i, v) => i == 0 ? null : v);
            }
            arguments = arguments.SelectMany(previous => value.Select(v => (object?[])[.. previous, v]));
        }
        return arguments.Select(a => Construct(constructor, a)).Where(v => v is not null).Select(v => v!);
    }

    /// <summary>Null where the constructor refuses the arguments (a hospital's directory entry with a Cert_D).</summary>
    private static object? Construct(ConstructorInfo constructor, object?[] arguments)
    {
        try
        {
            return constructor.Invoke(arguments);
        }
        catch (TargetInvocationException e) when (e.InnerException is ArgumentException)
        {
            return null;
        }
    }

    /// <summary>Documented failures of a decoder given bad bytes; anything else is a crash.</summary>
    public static bool IsDocumented(Exception e) => e is MalformedMessageException or System.Security.Cryptography.CryptographicException;

    /// <summary>Throws if decoding <paramref name="bytes"/> fails other than in a documented way.</summary>
    public static void DecodeOrRefuse(Type type, byte[] bytes)
    {
        try
        {
            Decode(type, bytes);
        }
        catch (Exception e) when (IsDocumented(e))
        {
        }
    }
}
