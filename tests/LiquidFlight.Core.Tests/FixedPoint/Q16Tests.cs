using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using LiquidFlight.Core.FixedPoint;

namespace LiquidFlight.Core.Tests.FixedPointTests; // not "...Tests.FixedPoint": it would shadow LiquidFlight.Core.FixedPoint in sibling test namespaces

public sealed class Q16Tests
{
    private const int One = 65536;

    [Theory]
    [InlineData(98304, 131072, 196608)]        // 1.5 * 2 = 3
    [InlineData(-98304, 98304, -147456)]       // -1.5 * 1.5 = -2.25
    [InlineData(1, 1, 0)]                      // 2^-32 rounds to 0
    [InlineData(1, 32768, 1)]                  // 2^-16 * 0.5 = 2^-17: a tie, rounds up to 1 LSB
    [InlineData(-1, 32768, 0)]                 // -2^-17: a tie, rounds toward +infinity
    [InlineData(int.MaxValue, 2 * One, int.MaxValue)]
    [InlineData(int.MinValue, 2 * One, int.MinValue)]
    [InlineData(int.MinValue, -One, int.MaxValue)] // 32768.0 does not fit: saturates
    public void Mul_hand_derived(int a, int b, int expected) => Assert.Equal(expected, Q16.Mul(a, b));

    [Theory]
    [InlineData(One, 3 * One, 21845)]          // 1/3 = 0.333328 (21845.33 truncated)
    [InlineData(-One, 3 * One, -21845)]        // truncation toward zero
    [InlineData(7 * One, 2 * One, 229376)]     // 3.5
    [InlineData(One, 1, int.MaxValue)]         // 1 / 2^-16 = 65536: saturates
    [InlineData(5 * One, 0, int.MaxValue)]
    [InlineData(-5 * One, 0, int.MinValue)]
    [InlineData(0, 0, 0)]
    [InlineData(int.MinValue, -One, int.MaxValue)]
    public void Div_hand_derived(int a, int b, int expected) => Assert.Equal(expected, Q16.Div(a, b));

    [Fact]
    public void Add_sub_neg_abs_saturate_at_the_ends()
    {
        Assert.Equal(3 * One, Q16.Add(One, 2 * One));
        Assert.Equal(int.MaxValue, Q16.Add(int.MaxValue, 1));
        Assert.Equal(int.MinValue, Q16.Add(int.MinValue, -1));
        Assert.Equal(int.MinValue, Q16.Sub(int.MinValue, 1));
        Assert.Equal(int.MaxValue, Q16.Sub(0, int.MinValue));
        Assert.Equal(int.MaxValue, Q16.Neg(int.MinValue));
        Assert.Equal(int.MaxValue, Q16.Abs(int.MinValue));
        Assert.Equal(5, Q16.Abs(-5));
    }

    [Fact]
    public void Conversions_hand_derived()
    {
        Assert.Equal(21845, Q16.FromRatio(1, 3));      // 21845.33
        Assert.Equal(43691, Q16.FromRatio(2, 3));      // 43690.67
        Assert.Equal(-43691, Q16.FromRatio(-2, 3));
        Assert.Equal(-43691, Q16.FromRatio(2, -3));
        Assert.Equal(int.MaxValue, Q16.FromRatio(1, 0));
        Assert.Equal(int.MaxValue, Q16.FromRatio(40000, 1));
        Assert.Equal(2, Q16.ToIntRound(98304));        // 1.5 -> 2
        Assert.Equal(-2, Q16.ToIntRound(-98304));      // -1.5 -> -2
        Assert.Equal(-1, Q16.ToIntFloor(-32768));      // floor(-0.5)
        Assert.Equal(One, Q16.SecondsFromMicros(1_000_000));
        Assert.Equal(33, Q16.SecondsFromMicros(500));  // 32.768
        Assert.Equal(0, Q16.SecondsFromMicros(1));     // 0.0655 LSB
        Assert.Equal(0, Q16.SecondsFromMicros(-10));
        Assert.Equal(int.MaxValue, Q16.SecondsFromMicros(long.MaxValue));
        Assert.Equal(int.MaxValue, Q16.FromInt(40000));
        Assert.Equal(-3 * One, Q16.FromInt(-3));
    }

    /// <summary>Full-range ints, with the edges and small values over-represented.</summary>
    private static Arbitrary<int> AnyInt() => Gen.OneOf(
        Gen.Choose(int.MinValue, int.MaxValue),
        Gen.Choose(-4 * One, 4 * One),
        Gen.Elements(int.MinValue, int.MinValue + 1, -One, -1, 0, 1, One, int.MaxValue - 1, int.MaxValue)).ToArbitrary();

    private static int Clamp(BigInteger x) => x > int.MaxValue ? int.MaxValue : x < int.MinValue ? int.MinValue : (int)x;

    /// <summary>Floor division for BigInteger (BigInteger.Divide truncates toward zero).</summary>
    private static BigInteger FloorDiv(BigInteger a, BigInteger b)
    {
        BigInteger q = BigInteger.DivRem(a, b, out BigInteger r);
        return r != 0 && (r < 0) != (b < 0) ? q - 1 : q;
    }

    [Property(MaxTest = 2000, Replay = "(1,3)")]
    public Property Add_and_sub_equal_the_exact_result_clamped() =>
        Prop.ForAll(AnyInt(), AnyInt(), (a, b) =>
            Q16.Add(a, b) == Clamp(new BigInteger(a) + b) && Q16.Sub(a, b) == Clamp(new BigInteger(a) - b));

    [Property(MaxTest = 2000, Replay = "(2,5)")]
    public Property Mul_equals_the_exact_rounded_product_clamped() =>
        Prop.ForAll(AnyInt(), AnyInt(), (a, b) =>
            Q16.Mul(a, b) == Clamp(FloorDiv((new BigInteger(a) * b) + (One / 2), One)));

    [Property(MaxTest = 2000, Replay = "(3,7)")]
    public Property Div_equals_the_exact_truncated_quotient_clamped_and_never_throws() =>
        Prop.ForAll(AnyInt(), AnyInt(), (a, b) =>
        {
            int q = Q16.Div(a, b);
            if (b == 0)
            {
                return q == (a > 0 ? int.MaxValue : a < 0 ? int.MinValue : 0);
            }

            return q == Clamp(BigInteger.Divide(new BigInteger(a) * One, b));
        });

    [Property(MaxTest = 1000, Replay = "(4,9)")]
    public Property MulDiv_equals_the_exact_truncated_result_clamped() =>
        Prop.ForAll(AnyInt(), AnyInt(), AnyInt(), (a, b, c) =>
        {
            BigInteger p = new BigInteger(a) * b;
            int r = Q16.MulDiv(a, b, c);
            return c == 0 ? r == (p > 0 ? int.MaxValue : p < 0 ? int.MinValue : 0) : r == Clamp(BigInteger.Divide(p, c));
        });

    [Property(MaxTest = 2000, Replay = "(5,11)")]
    public Property FromRatio_rounds_halves_away_from_zero_for_every_sign_combination() =>
        Prop.ForAll(AnyInt(), AnyInt(), (a, b) =>
        {
            int r = Q16.FromRatio(a, b);
            if (b == 0)
            {
                return r == (a > 0 ? int.MaxValue : a < 0 ? int.MinValue : 0);
            }

            // round(|a| 2^16 / |b|) with halves up, then the sign: 2|a|2^16 + |b| over 2|b|, floored.
            BigInteger magnitude = FloorDiv((2 * BigInteger.Abs(a) * One) + BigInteger.Abs(b), 2 * BigInteger.Abs(b));
            return r == Clamp((a < 0) != (b < 0) ? -magnitude : magnitude);
        });
}
