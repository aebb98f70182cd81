namespace EmrAuth.Domain.Crypto;

/// <summary>
/// Arithmetic modulo the P-256 group order q on four 64-bit limbs (little-endian), for <see cref="Scalar"/>.
/// </summary>
/// <remarks>
/// Why in C# and not OpenSSL's BN_mod_add/BN_mod_mul: BIGNUMs are variable-width (bn_correct_top trims leading zero
/// words after every operation, and BN_mul/BN_div run in time that follows those widths), so BN_FLG_CONSTTIME does not
/// make modular multiplication of two secrets constant-time; OpenSSL's constant-time scalar code (ec_scalar_mul_ladder,
/// the nistz256 ord functions) is not exported. These routines are fixed-width: every limb is always processed, carries
/// and borrows are computed with bit operations (no comparisons), multiplication is Math.BigMul (one MUL/MULX or UMULH
/// instruction), and the final reductions select with masks, so neither branches nor memory accesses depend on the
/// values. Multiplication is Montgomery's (CIOS, Koç et al. 1996): a·b = Mont(Mont(a, b), R² mod q) with R = 2^256.
/// </remarks>
internal static class ScalarField
{
    public const int Limbs = 4;

    /// <summary>q, little-endian limbs.</summary>
    public static ReadOnlySpan<ulong> Order => [0xF3B9CAC2FC632551, 0xBCE6FAADA7179E84, 0xFFFFFFFFFFFFFFFF, 0xFFFFFFFF00000000];

    /// <summary>−q⁻¹ mod 2^64, from Newton's iteration on the public q.</summary>
    private static readonly ulong MontgomeryFactor = NegativeInverse(Order[0]);

    /// <summary>R² mod q, by doubling R mod q = 2^256 − q another 256 times.</summary>
    private static readonly ulong[] RSquared = ComputeRSquared();

    /// <summary>result = (a + b) mod q, for a, b &lt; q.</summary>
    public static void Add(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, Span<ulong> result)
    {
        ulong carry = 0;
        Span<ulong> sum = stackalloc ulong[Limbs];
        for (var i = 0; i < Limbs; i++)
        {
            sum[i] = AddWithCarry(a[i], b[i], carry, out carry);
        }
        ReduceOnce(sum, carry, result);
    }

    /// <summary>result = (a · b) mod q, for a, b &lt; q.</summary>
    public static void Multiply(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, Span<ulong> result)
    {
        Span<ulong> reduced = stackalloc ulong[Limbs];
        MontgomeryMultiply(a, b, reduced);
        MontgomeryMultiply(reduced, RSquared, result);
        reduced.Clear();
    }

    /// <summary>result = value mod q for any 256-bit value: one conditional subtraction suffices because 2^256 &lt; 2q.</summary>
    public static void Reduce(ReadOnlySpan<ulong> value, Span<ulong> result) => ReduceOnce(value, 0, result);

    /// <summary>All ones if value &lt; q, else zero; no branch on the value.</summary>
    public static ulong BelowOrderMask(ReadOnlySpan<ulong> value)
    {
        ulong borrow = 0;
        for (var i = 0; i < Limbs; i++)
        {
            SubtractWithBorrow(value[i], Order[i], borrow, out borrow);
        }
        return 0 - borrow;
    }

    /// <summary>All ones if value is zero, else zero.</summary>
    public static ulong ZeroMask(ReadOnlySpan<ulong> value)
    {
        var any = value[0] | value[1] | value[2] | value[3];
        // (any | −any) has its top bit set exactly when any ≠ 0.
        return ((any | (0 - any)) >> 63) - 1;
    }

    /// <summary>
    /// Montgomery multiplication a·b·R⁻¹ mod q (coarsely integrated operand scanning). The accumulator stays below 2q,
    /// and one masked subtraction brings it below q.
    /// </summary>
    private static void MontgomeryMultiply(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b, Span<ulong> result)
    {
        Span<ulong> t = stackalloc ulong[Limbs + 2];
        t.Clear();
        for (var i = 0; i < Limbs; i++)
        {
            ulong carry = 0;
            for (var j = 0; j < Limbs; j++)
            {
                t[j] = MultiplyAdd(a[j], b[i], t[j], carry, out carry);
            }
            t[Limbs] = AddWithCarry(t[Limbs], carry, 0, out t[Limbs + 1]);

            var m = t[0] * MontgomeryFactor;
            MultiplyAdd(m, Order[0], t[0], 0, out carry);
            for (var j = 1; j < Limbs; j++)
            {
                t[j - 1] = MultiplyAdd(m, Order[j], t[j], carry, out carry);
            }
            t[Limbs - 1] = AddWithCarry(t[Limbs], carry, 0, out carry);
            t[Limbs] = t[Limbs + 1] + carry;
        }
        ReduceOnce(t[..Limbs], t[Limbs], result);
        t.Clear();
    }

    /// <summary>result = (high·2^256 + value) − q if that is not negative, else the value; for inputs below 2q.</summary>
    private static void ReduceOnce(ReadOnlySpan<ulong> value, ulong high, Span<ulong> result)
    {
        Span<ulong> difference = stackalloc ulong[Limbs];
        ulong borrow = 0;
        for (var i = 0; i < Limbs; i++)
        {
            difference[i] = SubtractWithBorrow(value[i], Order[i], borrow, out borrow);
        }
        // Keep the value only when the subtraction borrowed past the high word: high = 0 and value < q.
        var keep = 0 - (borrow & (high ^ 1));
        for (var i = 0; i < Limbs; i++)
        {
            result[i] = (value[i] & keep) | (difference[i] & ~keep);
        }
        difference.Clear();
    }

    /// <summary>a + b + carryIn (carryIn 0 or 1); the carry out is the majority of the top bits, not a comparison.</summary>
    private static ulong AddWithCarry(ulong a, ulong b, ulong carryIn, out ulong carryOut)
    {
        var sum = a + b + carryIn;
        carryOut = ((a & b) | ((a | b) & ~sum)) >> 63;
        return sum;
    }

    /// <summary>a − b − borrowIn (borrowIn 0 or 1), with the borrow out by bit operations.</summary>
    private static ulong SubtractWithBorrow(ulong a, ulong b, ulong borrowIn, out ulong borrowOut)
    {
        var difference = a - b - borrowIn;
        borrowOut = ((~a & b) | ((~a | b) & difference)) >> 63;
        return difference;
    }

    /// <summary>a·b + c + d as high:low; it cannot overflow 128 bits.</summary>
    private static ulong MultiplyAdd(ulong a, ulong b, ulong c, ulong d, out ulong high)
    {
        high = Math.BigMul(a, b, out var low);
        low = AddWithCarry(low, c, 0, out var carry);
        high += carry;
        low = AddWithCarry(low, d, 0, out carry);
        high += carry;
        return low;
    }

    private static ulong NegativeInverse(ulong q0)
    {
        // Each step doubles the number of correct low bits; q0 is odd, so x = q0 is right to 3 bits.
        var x = q0;
        for (var i = 0; i < 5; i++)
        {
            x *= 2 - q0 * x;
        }
        return 0 - x;
    }

    private static ulong[] ComputeRSquared()
    {
        var value = new ulong[Limbs];
        // R mod q = 2^256 − q, which is 0 − q in 256-bit arithmetic.
        ulong borrow = 0;
        for (var i = 0; i < Limbs; i++)
        {
            value[i] = SubtractWithBorrow(0, Order[i], borrow, out borrow);
        }
        for (var i = 0; i < 256; i++)
        {
            Add(value, value, value);
        }
        return value;
    }
}
