using FsCheck;
using FsCheck.Fluent;
using LiquidFlight.Core.Esc;
using LiquidFlight.Core.Flight;

namespace LiquidFlight.Core.Tests.Esc;

public class EscTimingTests
{
    [Theory]
    // pulse / period, worked by hand: 400 Hz -> 2500 µs period, 1500 / 2500 = 0.6
    [InlineData(EscProtocol.StandardPwm, 400, 1500, 600_000)]
    // 490 Hz -> 2040.8 µs period, 1000 / 2040.8 = 0.49
    [InlineData(EscProtocol.StandardPwm, 490, 1000, 490_000)]
    [InlineData(EscProtocol.StandardPwm, 490, 2000, 980_000)]
    // 50 Hz servo frame, 20 ms: 1 ms = 5 %, 2 ms = 10 %
    [InlineData(EscProtocol.StandardPwm, 50, 1000, 50_000)]
    [InlineData(EscProtocol.StandardPwm, 50, 2000, 100_000)]
    // OneShot125 at 2 kHz -> 500 µs period: 125 µs = 25 %, 187 µs = 37.4 %, 250 µs = 50 %
    [InlineData(EscProtocol.OneShot125, 2000, 125, 250_000)]
    [InlineData(EscProtocol.OneShot125, 2000, 187, 374_000)]
    [InlineData(EscProtocol.OneShot125, 2000, 250, 500_000)]
    public void Duty_is_pulse_over_period(EscProtocol protocol, int frequencyHz, int pulseUs, int expectedPpm)
    {
        var timing = new EscTiming(protocol, frequencyHz);

        Assert.Equal(expectedPpm, timing.DutyPpm(pulseUs));
    }

    [Theory]
    [InlineData(EscProtocol.StandardPwm, 0, 1000)]
    [InlineData(EscProtocol.StandardPwm, 999, 1000)]
    [InlineData(EscProtocol.StandardPwm, 2001, 2000)]
    [InlineData(EscProtocol.StandardPwm, int.MaxValue, 2000)]
    [InlineData(EscProtocol.StandardPwm, int.MinValue, 1000)]
    [InlineData(EscProtocol.OneShot125, 1000, 250)]
    [InlineData(EscProtocol.OneShot125, 100, 125)]
    public void Pulses_outside_the_protocol_range_are_clamped(EscProtocol protocol, int pulseUs, int clampedPulseUs)
    {
        var timing = new EscTiming(protocol, 400);

        Assert.Equal(clampedPulseUs * 400, timing.DutyPpm(pulseUs));
    }

    [Fact]
    public void Minimum_duty_is_the_minimum_pulse()
    {
        Assert.Equal(1000 * 490, new EscTiming(EscProtocol.StandardPwm, 490).MinimumDutyPpm);
        Assert.Equal(125 * 2000, new EscTiming(EscProtocol.OneShot125, 2000).MinimumDutyPpm);
    }

    [Theory]
    [InlineData(EscProtocol.StandardPwm, 50, true)]
    [InlineData(EscProtocol.StandardPwm, 49, false)]
    [InlineData(EscProtocol.StandardPwm, 490, true)]
    [InlineData(EscProtocol.StandardPwm, 491, false)]
    [InlineData(EscProtocol.OneShot125, 3703, true)]
    [InlineData(EscProtocol.OneShot125, 3704, false)]
    [InlineData(EscProtocol.OneShot125, 0, false)]
    [InlineData((EscProtocol)7, 400, false)]
    public void Rate_limits(EscProtocol protocol, int frequencyHz, bool valid)
    {
        Assert.Equal(valid, EscTiming.IsValid(protocol, frequencyHz));
        if (!valid)
        {
            Assert.Throws<ArgumentException>(() => new EscTiming(protocol, frequencyHz));
        }
    }

    [Theory]
    [InlineData(EscProtocol.StandardPwm, 490)]
    [InlineData(EscProtocol.OneShot125, 3703)]
    public void Longest_pulse_leaves_the_minimum_gap_at_the_highest_rate(EscProtocol protocol, int maxHz)
    {
        // The gap is what an ESC syncs on: period - longest pulse must stay >= 20 µs.
        double periodUs = 1e6 / maxHz;
        Assert.True(periodUs - EscTiming.MaxPulseFor(protocol) >= EscTiming.MinimumGapUs);
        double nextPeriodUs = 1e6 / (maxHz + 1);
        if (protocol == EscProtocol.OneShot125)
        {
            Assert.True(nextPeriodUs - EscTiming.MaxPulseFor(protocol) < EscTiming.MinimumGapUs);
        }
    }

    [Fact]
    public void Duty_matches_a_double_reference_for_every_valid_pulse_and_rate()
    {
        var gen =
            from oneShot in Gen.Elements(false, true)
            let protocol = oneShot ? EscProtocol.OneShot125 : EscProtocol.StandardPwm
            from hz in Gen.Choose(EscTiming.MinimumFrequencyHz, EscTiming.MaxFrequencyFor(protocol))
            from pulse in Gen.Choose(EscTiming.MinPulseFor(protocol), EscTiming.MaxPulseFor(protocol))
            select (protocol, hz, pulse);

        Prop.ForAll(gen.ToArbitrary(), c =>
        {
            double referenceDuty = c.pulse / (1e6 / c.hz);
            int ppm = new EscTiming(c.protocol, c.hz).DutyPpm(c.pulse);
            return Math.Abs(ppm / 1e6 - referenceDuty) < 1e-9 && ppm < EscTiming.DutyFullScale;
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Normalised_outputs_map_onto_the_pulse_range_rounded_and_clamped()
    {
        var pulses = new int[4];
        var pwm = new EscTiming(EscProtocol.StandardPwm, 490);
        pwm.ToPulses(new[] { 0, One, Q(0.5), Q(0.25) }, pulses);
        Assert.Equal(new[] { 1000, 2000, 1500, 1250 }, pulses);

        // Outputs beyond [0, 1] clamp on every motor.
        pwm.ToPulses(new[] { int.MinValue, int.MaxValue, -1, One + 1 }, pulses);
        Assert.Equal(new[] { 1000, 2000, 1000, 2000 }, pulses);
        pwm.ToPulses(new[] { One + 1, -1, int.MaxValue, int.MinValue }, pulses);
        Assert.Equal(new[] { 2000, 1000, 2000, 1000 }, pulses);

        var oneShot = new EscTiming(EscProtocol.OneShot125, 2000);
        oneShot.ToPulses(new[] { 0, One, Q(0.5), Q(0.25) }, pulses);
        Assert.Equal(new[] { 125, 250, 188, 156 }, pulses); // 187.5 and 156.25 rounded to nearest

        oneShot.MinimumPulses(pulses);
        Assert.Equal(new[] { 125, 125, 125, 125 }, pulses);
    }

    [Fact]
    public void Normalised_inverts_the_pulse_mapping_within_half_a_microsecond()
    {
        var pwm = new EscTiming(EscProtocol.StandardPwm, 490);
        var pulses = new int[4];
        for (int us = 1000; us <= 2000; us++)
        {
            int n = pwm.Normalised(us);
            pwm.ToPulses(new[] { n, n, n, n }, pulses);
            Assert.Equal(us, pulses[0]);
        }

        Assert.Equal(0, pwm.Normalised(0));
        Assert.Equal(One, pwm.Normalised(int.MaxValue));
    }

    [Theory]
    // Brushed: the command's position in 1000-2000 is the duty, whatever the PWM rate.
    [InlineData(16000, 1000, 0)]
    [InlineData(16000, 1500, 500_000)]
    [InlineData(1000, 2000, 1_000_000)]
    [InlineData(32000, 1250, 250_000)]
    [InlineData(15000, 900, 0)]
    public void Brushed_duty_is_the_position_in_the_command_range(int frequencyHz, int pulseUs, int expectedPpm)
    {
        Assert.Equal(expectedPpm, new EscTiming(EscProtocol.Brushed, frequencyHz).DutyPpm(pulseUs));
        Assert.False(EscTiming.IsValid(EscProtocol.Brushed, 999));
        Assert.False(EscTiming.IsValid(EscProtocol.Brushed, 32001));
    }

    private const int One = 65536;

    private static int Q(double v) => (int)Math.Round(v * One);
}
