using System.Reflection;
using System.Reflection.Emit;
using EmrAuth.Domain.Crypto;

namespace EmrAuth.Tests.Crypto;

/// <summary>
/// An architecture check over the IL of EmrAuth.Domain: no secret scalar can reach a variable-time multiplier or
/// BigInteger, because the Domain assembly does not reference BouncyCastle at all, <see cref="Scalar"/> exposes only
/// limbs, bytes and itself, and System.Numerics.BigInteger appears only where public signature integers are written.
/// </summary>
public sealed class ScalarIsolationTests
{
    /// <summary>Types allowed to use System.Numerics.BigInteger, and why: they only handle public values.</summary>
    private static readonly string[] BigIntegerAllowed =
    [
        // Writes the public r and s of an ECDSA signature as DER INTEGERs for exported evidence.
        "EmrAuth.Domain.Evidence.SignatureEvidence",
    ];

    private static readonly Assembly Domain = typeof(Scalar).Assembly;

    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(field => (OpCode)field.GetValue(null)!)
        .ToDictionary(code => code.Value);

    [Fact]
    public void DomainDoesNotReferenceBouncyCastle() =>
        Assert.DoesNotContain(Domain.GetReferencedAssemblies(), name => name.Name!.Contains("BouncyCastle", StringComparison.OrdinalIgnoreCase));

    [Fact]
    public void NoMethodOutsideTheAllowListTouchesBigIntegerOrBouncyCastle()
    {
        var offenders = Domain.GetTypes()
            .SelectMany(type => type.GetMembers(BindingFlags.DeclaredOnly | BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic)
                .OfType<MethodBase>()
                .SelectMany(method => ReferencedTypes(method).Where(used => Forbidden(used, type)).Select(used => $"{type.FullName}.{method.Name} uses {used.FullName}")))
            .Distinct()
            .ToList();
        Assert.Empty(offenders);
    }

    [Fact]
    public void ScalarExposesNoNumberOrPointTypeOfAnotherLibrary()
    {
        var flags = BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;
        var signatureTypes = typeof(Scalar).GetFields(flags).Select(f => f.FieldType)
            .Concat(typeof(Scalar).GetProperties(flags).Select(p => p.PropertyType))
            .Concat(typeof(Scalar).GetMethods(flags).SelectMany(m => m.GetParameters().Select(p => p.ParameterType).Append(m.ReturnType)));
        Assert.All(signatureTypes, type => Assert.False(Forbidden(type, typeof(Scalar)), $"Scalar exposes {type}"));
        Assert.Contains(typeof(Scalar).GetMethods(flags), m => ReferencedTypes(m).Any());
    }

    private static bool Forbidden(Type used, Type user)
    {
        var element = used.HasElementType ? used.GetElementType()! : used;
        if (element.Namespace?.StartsWith("Org.BouncyCastle", StringComparison.Ordinal) == true)
        {
            return true;
        }
        var outer = user;
        while (outer.DeclaringType is not null)
        {
            outer = outer.DeclaringType;
        }
        return element == typeof(System.Numerics.BigInteger) && !BigIntegerAllowed.Contains(outer.FullName);
    }

    /// <summary>The declaring types of every method, field and type token in the method's IL.</summary>
    private static IEnumerable<Type> ReferencedTypes(MethodBase method)
    {
        var il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null)
        {
            yield break;
        }
        var typeArguments = method.DeclaringType!.IsGenericType ? method.DeclaringType.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (var offset = 0; offset < il.Length;)
        {
            var value = il[offset] == 0xFE ? (short)(0xFE00 | il[offset + 1]) : il[offset];
            var code = OpCodesByValue[value];
            offset += code.Size;
            if (code.OperandType is OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineType or OperandType.InlineTok)
            {
                var member = method.Module.ResolveMember(BitConverter.ToInt32(il, offset), typeArguments, methodArguments)!;
                yield return member as Type ?? member.DeclaringType!;
                if (member is MethodInfo called)
                {
                    yield return called.ReturnType;
                }
            }
            offset += OperandSize(code.OperandType, il, offset);
        }
    }

    private static int OperandSize(OperandType type, byte[] il, int offset) => type switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, offset),
        _ => 4,
    };
}
