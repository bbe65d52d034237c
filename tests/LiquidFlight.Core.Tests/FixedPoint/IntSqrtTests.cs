using System.Numerics;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using LiquidFlight.Core.FixedPoint;

namespace LiquidFlight.Core.Tests.FixedPointTests;

/// <summary>
/// IntSqrt against an independent exact reference: the digit-by-digit binary square root (no division, no
/// guess, one result bit per round), checked itself by the bracketing s^2 &lt;= v &lt; (s + 1)^2 in 128 bits.
/// The inputs concentrate where a one-division root could go wrong: squares and their neighbours, powers of two,
/// the boundaries of the tangent segments at every normalisation shift, the 2^60 region the estimator and Asin
/// feed it every cycle, and the top of the range.
/// </summary>
public sealed class IntSqrtTests
{
    /// <summary>floor(sqrt(n)) one bit at a time, the textbook binary digit recurrence.</summary>
    private static ulong ReferenceSqrt(ulong n)
    {
        ulong remainder = n;
        ulong root = 0;
        ulong bit = 1UL << 62;
        while (bit > n)
        {
            bit >>= 2;
        }

        while (bit != 0)
        {
            if (remainder >= root + bit)
            {
                remainder -= root + bit;
                root = (root >> 1) + bit;
            }
            else
            {
                root >>= 1;
            }

            bit >>= 2;
        }

        return root;
    }

    private static bool IsFloorRoot(ulong v, ulong s) =>
        (UInt128)s * s <= v && ((UInt128)s + 1) * ((UInt128)s + 1) > v;

    private static void AssertExact(ulong v)
    {
        ulong expected = ReferenceSqrt(v);
        Assert.True(IsFloorRoot(v, expected), $"reference wrong for {v}");
        Assert.Equal(expected, (ulong)IntSqrt.Sqrt(v));
    }

    [Fact]
    public void SmallValuesAndTheTopOfTheRangeByHand()
    {
        Assert.Equal(0u, IntSqrt.Sqrt(0));
        Assert.Equal(1u, IntSqrt.Sqrt(1));
        Assert.Equal(1u, IntSqrt.Sqrt(2));
        Assert.Equal(1u, IntSqrt.Sqrt(3));
        Assert.Equal(2u, IntSqrt.Sqrt(4));
        Assert.Equal(3u, IntSqrt.Sqrt(15));
        Assert.Equal(4u, IntSqrt.Sqrt(16));
        Assert.Equal(1u << 30, IntSqrt.Sqrt(1UL << 60));
        Assert.Equal((1u << 30) - 1, IntSqrt.Sqrt((1UL << 60) - 1));
        Assert.Equal(uint.MaxValue, IntSqrt.Sqrt(ulong.MaxValue));
        Assert.Equal(uint.MaxValue, IntSqrt.Sqrt((ulong)uint.MaxValue * uint.MaxValue));
        Assert.Equal(uint.MaxValue - 1, IntSqrt.Sqrt(((ulong)uint.MaxValue * uint.MaxValue) - 1));
    }

    [Fact]
    public void EveryValueBelow2To20()
    {
        for (ulong v = 0; v < 1UL << 20; v++)
        {
            ulong s = IntSqrt.Sqrt(v);
            if (s != ReferenceSqrt(v))
            {
                Assert.Fail($"sqrt({v}) = {s}, expected {ReferenceSqrt(v)}");
            }
        }
    }

    [Fact]
    public void PerfectSquaresAndTheirNeighbours()
    {
        // Roots spread over the whole 32-bit range, the largest roots included.
        for (ulong r = 1; r <= uint.MaxValue; r += 65521)
        {
            AssertSquareNeighbourhood(r);
        }

        for (ulong r = uint.MaxValue - 1000; r <= uint.MaxValue; r++)
        {
            AssertSquareNeighbourhood(r);
        }

        for (int b = 0; b < 32; b++)
        {
            AssertSquareNeighbourhood(1UL << b);
            AssertSquareNeighbourhood((1UL << b) + 1);
            AssertSquareNeighbourhood((1UL << (b + 1)) - 1);
        }
    }

    private static void AssertSquareNeighbourhood(ulong r)
    {
        ulong square = r * r;
        AssertExact(square);
        AssertExact(square - 1);
        if (square != ulong.MaxValue)
        {
            AssertExact(square + 1);
        }

        // Just below the next square: the root is r, the value is as far from r^2 as it gets.
        AssertExact(square + (2 * r));
    }

    [Fact]
    public void PowersOfTwoAndEverySegmentBoundaryAtEveryScale()
    {
        for (int e = 0; e < 64; e++)
        {
            for (long d = -3; d <= 3; d++)
            {
                ulong v = (ulong)((long)(1UL << e) + d);
                if (e < 2 && d < 0)
                {
                    continue;
                }

                AssertExact(v);
            }
        }

        // The guess is worst at the ends of a segment; boundaries j 2^56 / 4^k hit each segment at each shift.
        for (int k = 0; k < 31; k++)
        {
            for (ulong j = 64; j <= 256; j++)
            {
                ulong boundary = j == 256 ? ulong.MaxValue >> (2 * k) : (j << 56) >> (2 * k);
                for (long d = -2; d <= 2; d++)
                {
                    AssertExact((ulong)((long)boundary + d));
                }

                // Tangent point: where the guess comes closest to the root from above.
                if (j < 256)
                {
                    AssertExact(((j << 56) + (1UL << 55)) >> (2 * k));
                }
            }
        }
    }

    [Fact]
    public void TheCosineRegionBelow2To60()
    {
        // UpdateEuler and Asin take sqrt(2^60 - s^2) for |s| <= 2^30 every cycle.
        var rng = new Random(60);
        for (int n = 0; n < 100000; n++)
        {
            long s = rng.NextInt64(-(1L << 30), (1L << 30) + 1);
            AssertExact((ulong)((1L << 60) - (s * s)));
        }

        for (long s = 0; s < 5000; s++)
        {
            AssertExact((ulong)((1L << 60) - (s * s)));
        }
    }

    [Fact]
    public void TableEntriesAreTheExactCeilingsOfTheTangents()
    {
        // Entry s, j = s + 64: base = ceil(2^27 (4j+1) / sqrt(4j+2)) + 2, slope = ceil(2^28 / sqrt(4j+2)); each
        // ceiling is the least integer c with c^2 (4j+2) >= numerator^2, found here in exact integer arithmetic.
        for (int s = 0; s < IntSqrt.Segments; s++)
        {
            BigInteger d = (4 * (s + 64)) + 2;
            BigInteger baseNumerator = BigInteger.Pow(2, 27) * ((4 * (s + 64)) + 1);
            Assert.Equal(LeastCeiling(baseNumerator, d) + 2, (BigInteger)IntSqrt.SegmentBaseEntry(s));
            Assert.Equal(LeastCeiling(BigInteger.Pow(2, 28), d), (BigInteger)IntSqrt.SegmentSlopeEntry(s));
        }
    }

    /// <summary>ceil(numerator / sqrt(d)): the least c with c^2 d >= numerator^2.</summary>
    private static BigInteger LeastCeiling(BigInteger numerator, BigInteger d)
    {
        BigInteger target = numerator * numerator;
        BigInteger low = 0, high = numerator + 1;
        while (low < high)
        {
            BigInteger mid = (low + high) / 2;
            if (mid * mid * d >= target)
            {
                high = mid;
            }
            else
            {
                low = mid + 1;
            }
        }

        return low;
    }

    private static Arbitrary<ulong> AnyValue() => Gen.OneOf(
        // Uniform bit patterns shifted down by a random amount: every magnitude equally likely.
        from hi in Gen.Choose(int.MinValue, int.MaxValue)
        from lo in Gen.Choose(int.MinValue, int.MaxValue)
        from shift in Gen.Choose(0, 63)
        select (((ulong)(uint)hi << 32) | (uint)lo) >> shift,
        // Squares of any root and their neighbours.
        from hi in Gen.Choose(int.MinValue, int.MaxValue)
        from shift in Gen.Choose(0, 31)
        from delta in Gen.Choose(-2, 2)
        select ((ulong)((uint)hi >> shift) * ((uint)hi >> shift)) + (ulong)(long)delta,
        Gen.Elements(0UL, 1UL, 2UL, 3UL, 1UL << 60, (1UL << 60) - 1, ulong.MaxValue, ulong.MaxValue - 1)).ToArbitrary();

    [Property(MaxTest = 20000, Replay = "(20261128,31)")]
    public Property EqualsTheBitByBitReference() =>
        Prop.ForAll(AnyValue(), v => IntSqrt.Sqrt(v) == ReferenceSqrt(v));

    [Fact]
    public void Q16RootOfHandValues()
    {
        Assert.Equal(2 << 16, IntSqrt.SqrtQ16(4 << 16));
        Assert.Equal(1 << 15, IntSqrt.SqrtQ16(1 << 14)); // sqrt(0.25) = 0.5
        Assert.Equal((int)Math.Floor(Math.Sqrt(2) * 65536), IntSqrt.SqrtQ16(2 << 16));
        Assert.Equal(0, IntSqrt.SqrtQ16(-5));
        Assert.Equal((int)Math.Floor(Math.Sqrt(int.MaxValue / 65536.0) * 65536), IntSqrt.SqrtQ16(int.MaxValue));
    }
}
