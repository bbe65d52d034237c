using LiquidFlight.Core.Safety;
using LiquidFlight.Core.Telemetry;

namespace LiquidFlight.Core.Tests.Telemetry;

public class StatusTextTests
{
    [Theory]
    [InlineData(0L, "0")]
    [InlineData(-7L, "-7")]
    [InlineData(1234567890123L, "1234567890123")]
    [InlineData(long.MinValue, "-9223372036854775808")]
    [InlineData(long.MaxValue, "9223372036854775807")]
    public void Integers_format_like_invariant_ToString(long value, string expected)
    {
        var t = new StatusText(64);
        t.Append(value);
        Assert.Equal(expected, t.ToString());
        Assert.Equal(value.ToString(System.Globalization.CultureInfo.InvariantCulture), t.ToString());
    }

    [Fact]
    public void Text_beyond_the_capacity_is_cut_off_not_an_error()
    {
        var t = new StatusText(16);
        t.Append("0123456789abcdefXYZ");
        Assert.Equal("0123456789abcdef", t.ToString());
    }

    [Fact]
    public void Flag_and_cause_names_follow_their_bits()
    {
        var t = new StatusText(200);
        LoopReport.AppendFlagNames(t, ArmingDisableFlags.NoRcLink | ArmingDisableFlags.ThrottleHigh | ArmingDisableFlags.NumericFault);
        Assert.Equal("throttle-high no-rc-link numeric-fault", t.ToString());
        t.Clear();
        LoopReport.AppendFlagNames(t, ArmingDisableFlags.None);
        Assert.Equal("none", t.ToString());
        t.Clear();
        LoopReport.AppendCauseNames(t, FailsafeCause.ImuFailure | FailsafeCause.RcLoss);
        Assert.Equal("rc-loss imu-failure", t.ToString());
        t.Clear();
        LoopReport.AppendFlagNames(t, ArmingDisableFlags.ArmSwitchNotCycled);
        Assert.Equal("switch-not-cycled", t.ToString());
        t.Clear();
        LoopReport.AppendCauseNames(t, FailsafeCause.LoopOverrun);
        Assert.Equal("loop-overrun", t.ToString());
    }

    [Fact]
    public void Every_flag_bit_has_a_name()
    {
        foreach (ArmingDisableFlags f in Enum.GetValues<ArmingDisableFlags>().Where(f => f != ArmingDisableFlags.None))
        {
            var t = new StatusText(64);
            LoopReport.AppendFlagNames(t, f);
            Assert.False(string.IsNullOrEmpty(t.ToString()) || t.ToString() == "none", f.ToString());
        }

        foreach (FailsafeCause c in Enum.GetValues<FailsafeCause>().Where(c => c != FailsafeCause.None))
        {
            var t = new StatusText(64);
            LoopReport.AppendCauseNames(t, c);
            Assert.NotEqual("none", t.ToString());
            Assert.NotEqual("", t.ToString());
        }
    }

    [Fact]
    public void Seeded_random_appends_equal_the_invariant_text_cut_at_the_capacity()
    {
        for (int s = 0; s < 3000; s++)
        {
            var rng = new Random(64_000 + s);
            int capacity = rng.Next(1, 120);
            var t = new StatusText(capacity);
            var expected = new System.Text.StringBuilder();
            for (int k = rng.Next(1, 12); k > 0; k--)
            {
                switch (rng.Next(4))
                {
                    case 0:
                        string str = new string(Enumerable.Range(0, rng.Next(0, 40)).Select(_ => (char)rng.Next(32, 0x400)).ToArray());
                        t.Append(str);
                        expected.Append(str);
                        break;
                    case 1:
                        char ch = (char)rng.Next(32, 127);
                        t.Append(ch);
                        expected.Append(ch);
                        break;
                    case 2:
                        long v = rng.Next(3) == 0 ? rng.NextInt64(long.MinValue, long.MaxValue) : rng.Next(-100_000, 100_000);
                        t.Append(v);
                        expected.Append(v.ToString(System.Globalization.CultureInfo.InvariantCulture));
                        break;
                    default:
                        int h = rng.Next(int.MinValue, int.MaxValue);
                        t.AppendHex(h);
                        expected.Append(h.ToString("X8", System.Globalization.CultureInfo.InvariantCulture));
                        break;
                }
            }

            string all = expected.ToString();
            Assert.Equal(all.Substring(0, Math.Min(all.Length, Math.Max(capacity, 16))), t.ToString());
        }
    }
}
