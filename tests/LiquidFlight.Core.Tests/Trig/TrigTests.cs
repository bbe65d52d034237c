using LiquidFlight.Core.FixedPoint;
using Xunit.Abstractions;

namespace LiquidFlight.Core.Tests.TrigMath;

/// <summary>
/// Fixed-point trigonometry against System.Math. Each sweep prints its measured maximum error (the figures quoted
/// in Trig.cs and the README) and bounds it a little above the measured value, so a regression is caught.
/// </summary>
public class TrigTests
{
    private const double Lsb = 1.0 / 65536.0;
    private readonly ITestOutputHelper output;

    public TrigTests(ITestOutputHelper output)
    {
        this.output = output;
    }

    private static double ToReal(int q16) => q16 / 65536.0;

    [Fact]
    public void Atan2OnTheDiagonalsIsTheTableEndExactly()
    {
        // |y| = |x| gives the ratio 1, the end of the atan table: round(65536 atan(1)) = 51472, pi = 205887 LSB.
        foreach (int m in new[] { 1, 5, 1 << 20, int.MaxValue })
        {
            Assert.Equal(51472, FixedPoint.Trig.Atan2(m, m));
            Assert.Equal(-51472, FixedPoint.Trig.Atan2(-m, m));
            Assert.Equal(205887 - 51472, FixedPoint.Trig.Atan2(m, -m));
            Assert.Equal(-(205887 - 51472), FixedPoint.Trig.Atan2(-m, -m));
        }

        Assert.Equal(51472, FixedPoint.Trig.Atan2(int.MinValue, int.MinValue) + 205887);
    }

    [Fact]
    public void TablesMatchTheExactFunctionsEntryByEntry()
    {
        for (int k = 0; k <= FixedPoint.Trig.TableSegments; k++)
        {
            Assert.Equal((int)Math.Round(65536 * Math.Sin(k * Math.PI / 512)), FixedPoint.Trig.SinTableEntry(k));
            Assert.Equal((int)Math.Round(65536 * Math.Atan(k / 256.0)), FixedPoint.Trig.AtanTableEntry(k));
        }
    }

    [Fact]
    public void ConstantsAreRoundedPi()
    {
        int pi = FixedPoint.Trig.Pi, halfPi = FixedPoint.Trig.HalfPi, twoPi = FixedPoint.Trig.TwoPi;
        Assert.Equal((int)Math.Round(Math.PI * 65536), pi);
        Assert.Equal((int)Math.Round(Math.PI / 2 * 65536), halfPi);
        Assert.Equal((int)Math.Round(2 * Math.PI * 65536), twoPi);
    }

    [Fact]
    public void SinAndCosMaxErrorOverSeveralTurns()
    {
        double maxSin = 0, maxCos = 0, worstAt = 0;
        // Every 7th raw value over [-4 pi, 4 pi]: 470k points, covers every table segment at many phases.
        for (int x = -4 * FixedPoint.Trig.Pi; x <= 4 * FixedPoint.Trig.Pi; x += 7)
        {
            double r = ToReal(x);
            double es = Math.Abs(ToReal(FixedPoint.Trig.Sin(x)) - Math.Sin(r));
            double ec = Math.Abs(ToReal(FixedPoint.Trig.Cos(x)) - Math.Cos(r));
            if (es > maxSin) { maxSin = es; worstAt = r; }
            if (ec > maxCos) { maxCos = ec; }
        }

        output.WriteLine($"sin max abs error {maxSin:E2} (at {worstAt:F4} rad), cos max abs error {maxCos:E2}");
        Assert.True(maxSin < 2.0e-5, $"sin error {maxSin:E2}");
        Assert.True(maxCos < 2.0e-5, $"cos error {maxCos:E2}");
    }

    [Fact]
    public void SinStaysAccurateForLargeAnglesBecauseReductionIsExact()
    {
        double max = 0;
        foreach (int x in new[] { int.MaxValue, int.MinValue, 1000 * 65536 + 12345, -30000 * 65536, int.MaxValue - 77 })
        {
            max = Math.Max(max, Math.Abs(ToReal(FixedPoint.Trig.Sin(x)) - Math.Sin(ToReal(x))));
            max = Math.Max(max, Math.Abs(ToReal(FixedPoint.Trig.Cos(x)) - Math.Cos(ToReal(x))));
        }

        output.WriteLine($"sin/cos max abs error at |x| up to 32768 rad: {max:E2}");
        Assert.True(max < 2.5e-5, $"large-angle error {max:E2}");
    }

    [Fact]
    public void HandCheckedValues()
    {
        Assert.Equal(0, FixedPoint.Trig.Sin(0));
        Assert.Equal(65536, FixedPoint.Trig.Cos(0));
        Assert.Equal(65536, FixedPoint.Trig.Sin(FixedPoint.Trig.HalfPi));
        // sin(30 deg) = 0.5 exactly = 32768 LSB; the rounded input angle moves it by at most 1 LSB.
        Assert.InRange(FixedPoint.Trig.Sin(FixedPoint.Trig.DegreesToRadians(30 << 16)), 32767, 32769);
        Assert.Equal(FixedPoint.Trig.HalfPi, FixedPoint.Trig.Atan2(5, 0));
        Assert.Equal(-FixedPoint.Trig.HalfPi, FixedPoint.Trig.Atan2(-5, 0));
        Assert.Equal(FixedPoint.Trig.Pi, FixedPoint.Trig.Atan2(0, -3));
        Assert.Equal(0, FixedPoint.Trig.Atan2(0, 0));
        // atan(1) = pi/4 = 51471.85 LSB.
        Assert.Equal(51472, FixedPoint.Trig.Atan2(7, 7));
        Assert.InRange(FixedPoint.Trig.Atan2(-7, -7), -3 * 51472 - 1, -3 * 51472 + 1);
    }

    [Fact]
    public void Atan2MaxErrorAroundTheCircleAndAtExtremeScales()
    {
        double max = 0;
        (int Y, int X) worst = (0, 0);
        // 100k directions at radius 1.0 Q16, then extreme magnitudes (int range and Q30 quaternions).
        for (int k = 0; k < 100000; k++)
        {
            double a = -Math.PI + 2 * Math.PI * k / 100000;
            foreach (double radius in new[] { 65536.0, 1 << 30, 2.1e9, 300.0 })
            {
                int y = (int)Math.Round(radius * Math.Sin(a));
                int x = (int)Math.Round(radius * Math.Cos(a));
                double e = Math.Abs(ToReal(FixedPoint.Trig.Atan2(y, x)) - Math.Atan2(y, x));
                e = Math.Min(e, Math.Abs(e - 2 * Math.PI)); // -pi and pi are the same direction
                if (e > max) { max = e; worst = (y, x); }
            }
        }

        foreach (int y in new[] { int.MinValue, int.MaxValue, 0, 1, -1 })
        {
            foreach (int x in new[] { int.MinValue, int.MaxValue, 0, 1, -1 })
            {
                if (x == 0 && y == 0)
                {
                    continue;
                }

                double e = Math.Abs(ToReal(FixedPoint.Trig.Atan2(y, x)) - Math.Atan2(y, x));
                e = Math.Min(e, Math.Abs(e - 2 * Math.PI));
                max = Math.Max(max, e);
            }
        }

        output.WriteLine($"atan2 max abs error {max:E2} rad (at y = {worst.Y}, x = {worst.X})");
        Assert.True(max < 3.0e-5, $"atan2 error {max:E2}");
    }

    [Fact]
    public void AsinMaxErrorOverTheWholeDomain()
    {
        double max = 0, worstAt = 0;
        for (int x = -65536; x <= 65536; x++)
        {
            double e = Math.Abs(ToReal(FixedPoint.Trig.Asin(x)) - Math.Asin(ToReal(x)));
            if (e > max) { max = e; worstAt = ToReal(x); }
        }

        output.WriteLine($"asin max abs error {max:E2} rad (at x = {worstAt:F5})");
        Assert.True(max < 3.0e-5, $"asin error {max:E2}");
        Assert.Equal(FixedPoint.Trig.HalfPi, FixedPoint.Trig.Asin(int.MaxValue));
        Assert.Equal(-FixedPoint.Trig.HalfPi, FixedPoint.Trig.Asin(int.MinValue));
    }

    [Fact]
    public void AsinTableMatchesTheExactFunctionEntryByEntry()
    {
        Assert.Equal(FixedPoint.Trig.AsinSegmentsPerUnit * 7 / 8, FixedPoint.Trig.AsinTableSegments);
        Assert.Equal((long)FixedPoint.Trig.AsinTableSegments << 21, FixedPoint.Trig.AsinTableLimitQ30);
        for (int k = 0; k <= FixedPoint.Trig.AsinTableSegments; k++)
        {
            double exact = 65536 * Math.Asin(k / (double)FixedPoint.Trig.AsinSegmentsPerUnit);
            Assert.Equal((int)Math.Round(exact), FixedPoint.Trig.AsinTableEntry(k));
        }
    }

    [Fact]
    public void AsinQ30ErrorInTheTableAndAboveIt()
    {
        // Every 997th Q30 value over [0, 1]: about a million points, every table segment at many fractions.
        double limit = FixedPoint.Trig.AsinTableLimitQ30 / (double)(1L << 30);
        double maxTable = 0, maxAbove = 0;
        for (long x = 0; x <= 1L << 30; x += 997)
        {
            double real = x / (double)(1L << 30);
            double e = Math.Abs(ToReal(FixedPoint.Trig.AsinQ30(x)) - Math.Asin(real));
            if (real < limit) { maxTable = Math.Max(maxTable, e); } else { maxAbove = Math.Max(maxAbove, e); }
        }

        output.WriteLine($"asin (Q30) max abs error {maxTable:E2} rad from the table, {maxAbove:E2} above 7/8");
        Assert.True(maxTable < 1.8e-5, $"asin table error {maxTable:E2}");
        Assert.True(maxAbove < 2.5e-5, $"asin error above the table {maxAbove:E2}");
    }

    [Fact]
    public void AsinQ30IsOddContinuousAtTheTableEndAndClamps()
    {
        var rng = new Random(77);
        for (int k = 0; k < 20000; k++)
        {
            long x = rng.NextInt64(-(1L << 30), (1L << 30) + 1);
            Assert.Equal(-FixedPoint.Trig.AsinQ30(x), FixedPoint.Trig.AsinQ30(-x));
        }

        // Either side of 7/8 the two formulations agree to an LSB, and the function does not step backwards.
        long limitQ30 = FixedPoint.Trig.AsinTableLimitQ30;
        int below = FixedPoint.Trig.AsinQ30(limitQ30 - 1);
        int at = FixedPoint.Trig.AsinQ30(limitQ30);
        Assert.InRange(at - below, 0, 1);
        Assert.Equal((int)Math.Round(65536 * Math.Asin(0.875)), at);

        Assert.Equal(FixedPoint.Trig.HalfPi, FixedPoint.Trig.AsinQ30(long.MaxValue));
        Assert.Equal(-FixedPoint.Trig.HalfPi, FixedPoint.Trig.AsinQ30(long.MinValue));
        Assert.Equal(FixedPoint.Trig.HalfPi, FixedPoint.Trig.AsinQ30((1L << 30) + 5));
        // The Q16.16 entry point reaches the same function: within an LSB of the exact value, in the table and above it.
        foreach (int q16 in new[] { 12345, -40000, 60000 })
        {
            Assert.InRange(FixedPoint.Trig.Asin(q16) - (65536 * Math.Asin(q16 / 65536.0)), -1.5, 1.5);
        }
    }

    [Fact]
    public void WrapPiKeepsTheDirectionAndLandsInRange()
    {
        var rng = new Random(1234);
        for (int k = 0; k < 20000; k++)
        {
            int x = rng.Next(int.MinValue, int.MaxValue);
            int w = FixedPoint.Trig.WrapPi(x);
            Assert.InRange(w, -FixedPoint.Trig.Pi, FixedPoint.Trig.Pi);
            double diff = ToReal(x) - ToReal(w);
            double turns = diff / (2 * Math.PI);
            Assert.True(Math.Abs(turns - Math.Round(turns)) * 2 * Math.PI < 2 * Lsb, $"wrap of {x} gave {w}");
        }
    }

    [Fact]
    public void DegreeConversionsRoundTrip()
    {
        Assert.Equal((int)Math.Round(Math.PI / 4 * 65536), FixedPoint.Trig.DegreesToRadians(45 << 16));
        Assert.Equal(-(int)Math.Round(Math.PI / 4 * 65536), FixedPoint.Trig.DegreesToRadians(-45 << 16));
        // Pi is rounded (0.42 LSB low), which is 0.42 * 180 / pi = 24 LSB of degrees.
        Assert.InRange(FixedPoint.Trig.RadiansToDegrees(FixedPoint.Trig.Pi), (180 << 16) - 25, (180 << 16) + 25);
        Assert.Equal(int.MaxValue, FixedPoint.Trig.RadiansToDegrees(int.MaxValue));
    }
}
