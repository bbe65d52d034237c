using LiquidFlight.Core.Links.Mavlink;

namespace LiquidFlight.Core.Tests.Links.Mavlink;

public class MavlinkFloatTests
{
    // The desktop reference: the float's exact double value times 2^16, rounded half away from zero, clamped.
    private static int ReferenceQ16(float f)
    {
        double scaled = Math.Round((double)f * 65536.0, MidpointRounding.AwayFromZero);
        if (scaled >= int.MaxValue) return int.MaxValue;
        if (scaled <= int.MinValue) return int.MinValue;
        return (int)scaled;
    }

    private static int Bits(float f) => BitConverter.SingleToInt32Bits(f);

    [Fact]
    public void Every_exponent_with_random_mantissas_and_both_signs_matches_the_desktop()
    {
        var rng = new Random(107);
        for (int exponent = 0; exponent < 255; exponent++)
        {
            for (int n = 0; n < 400; n++)
            {
                int mantissa = n switch { 0 => 0, 1 => 0x7FFFFF, 2 => 0x400000, _ => rng.Next(0, 0x800000) };
                int sign = (n & 1) != 0 ? 1 : 0;
                int bits = (sign << 31) | (exponent << 23) | mantissa;
                float f = BitConverter.Int32BitsToSingle(bits);
                Assert.True(MavlinkFloat.TryToQ16(bits, out int q), $"bits 0x{bits:X8}");
                Assert.Equal(ReferenceQ16(f), q);
            }
        }
    }

    [Fact]
    public void Exact_ties_round_away_from_zero()
    {
        Assert.True(MavlinkFloat.TryToQ16(Bits(0.5f / 65536f), out int q));
        Assert.Equal(1, q);
        Assert.True(MavlinkFloat.TryToQ16(Bits(-1.5f / 65536f), out q));
        Assert.Equal(-2, q);
        Assert.True(MavlinkFloat.TryToQ16(Bits(0.49999997f / 65536f), out q));
        Assert.Equal(0, q);
    }

    [Fact]
    public void Nan_and_infinities_are_refused_subnormals_are_zero_and_large_values_saturate()
    {
        Assert.False(MavlinkFloat.TryToQ16(Bits(float.NaN), out _));
        Assert.False(MavlinkFloat.TryToQ16(unchecked((int)0xFFC00001), out _)); // negative NaN with payload
        Assert.False(MavlinkFloat.TryToQ16(Bits(float.PositiveInfinity), out _));
        Assert.False(MavlinkFloat.TryToQ16(Bits(float.NegativeInfinity), out _));
        Assert.True(MavlinkFloat.TryToQ16(Bits(float.Epsilon), out int q));
        Assert.Equal(0, q);
        Assert.True(MavlinkFloat.TryToQ16(Bits(-1.1754942E-38f), out q)); // largest negative subnormal
        Assert.Equal(0, q);
        Assert.True(MavlinkFloat.TryToQ16(Bits(32768f), out q));
        Assert.Equal(int.MaxValue, q);
        Assert.True(MavlinkFloat.TryToQ16(Bits(-32768f), out q));
        Assert.Equal(int.MinValue, q);
        Assert.True(MavlinkFloat.TryToQ16(Bits(float.MaxValue), out q));
        Assert.Equal(int.MaxValue, q);
        Assert.True(MavlinkFloat.TryToQ16(Bits(-float.MaxValue), out q));
        Assert.Equal(int.MinValue, q);
    }

    [Fact]
    public void Q16_to_float_matches_the_desktop_cast_including_rounding_above_2_to_the_24()
    {
        var rng = new Random(93);
        var specials = new[] { 0, 1, -1, 65536, -65536, int.MaxValue, int.MinValue, 0x1FFFFFF, 0x1000001, -0x1000003, 0x7FFFFFC0 };
        foreach (int q in specials)
        {
            Assert.Equal(Bits((float)(q / 65536.0)), MavlinkFloat.FromQ16(q));
        }

        for (int n = 0; n < 200000; n++)
        {
            int q = rng.Next(int.MinValue, int.MaxValue) >> rng.Next(0, 31);
            Assert.Equal(Bits((float)(q / 65536.0)), MavlinkFloat.FromQ16(q));
        }
    }

    [Fact]
    public void Q16_round_trips_exactly_below_2_to_the_24()
    {
        var rng = new Random(30);
        for (int n = 0; n < 100000; n++)
        {
            int q = rng.Next(-(1 << 24) + 1, 1 << 24);
            Assert.True(MavlinkFloat.TryToQ16(MavlinkFloat.FromQ16(q), out int back));
            Assert.Equal(q, back);
        }
    }
}
