using LiquidFlight.Core.Control;
using LiquidFlight.Core.FixedPoint;

namespace LiquidFlight.Core.Tests.Control;

/// <summary>
/// PidController's step is written out into one method for the interpreter (three axes, the I-term relax and D-term
/// filters inline, no saturation where its ranges prove none can bite, a general saturating step otherwise); its
/// plain twin (PlainPidController with PlainRatePid and PlainDTermFilter, the code as it was) must give the same bits
/// on every output over seeded sequences that cover both paths: angles and rates from still to int.MinValue/MaxValue,
/// dt from negative to beyond the integrator's cap and past int.MaxValue (the written-out step takes [1, 2^15] µs), throttle on both sides of the integrator
/// threshold, outputs and integrals at their limits, gains from negative through the written-out step's bounds to the
/// int limits (changed mid-sequence: the twin reads them live, the controller at ApplyGains), and resets.
/// </summary>
public sealed class PidControllerTwinTests
{
    private const int One = Q16.One;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    public void Written_out_step_matches_the_plain_twin_bit_for_bit(int seed)
    {
        var rng = new Random(seed);
        var fastGains = new PidGains();
        var plainGains = new PidGains();
        Randomise(rng, fastGains, cutoffs: true);
        plainGains.CopyFrom(fastGains);
        var fast = new PidController(fastGains);
        var plain = new PlainPidController(plainGains);
        var setpoint = new ControlSetpoint();
        var state = new VehicleState();
        var fastOut = new AxisCommand();
        var plainOut = new AxisCommand();
        long[] intervals = [-7, 0, 1, 2, 125, 2_000, 49_999, 50_000, 50_001, 1_000_000, int.MaxValue + 5L, long.MaxValue];
        int inRange = 0, outOfRange = 0, saturated = 0, atLimit = 0, fastAtLimit = 0;
        int biasRoll = 0, biasPitch = 0, biasYaw = 0;
        for (int s = 0; s < 40_000; s++)
        {
            if (rng.Next(1_500) == 0)
            {
                fast.Reset();
                plain.Reset();
                if (rng.Next(2) == 0)
                {
                    // Gains applied before the first step after the reset (which has no previous rate to differentiate).
                    fast.ApplyGains();
                }
            }

            if (rng.Next(700) == 0)
            {
                Randomise(rng, fastGains, cutoffs: false);
                plainGains.CopyFrom(fastGains);
                fast.ApplyGains();
            }

            if (s % 400 == 0)
            {
                // A standing rate error for a while, so that the integrators wind up to their limits.
                biasRoll = rng.Next(-1, 2) * 400_000;
                biasPitch = rng.Next(-1, 2) * 400_000;
                biasYaw = rng.Next(-1, 2) * 400_000;
            }

            setpoint.RollRad = Angle(rng);
            setpoint.PitchRad = Angle(rng);
            setpoint.YawRateRadS = Rate(rng);
            setpoint.Throttle = rng.Next(4) == 0 ? fastGains.ItermThrottleThreshold - 1 : Q16.FromRatio(1, 2);
            state.Roll = Angle(rng);
            state.Pitch = Angle(rng);
            state.RollRate = Biased(Rate(rng), biasRoll);
            state.PitchRate = Biased(Rate(rng), biasPitch);
            state.YawRate = Biased(Rate(rng), biasYaw);
            long dt = rng.Next(4) == 0 ? intervals[rng.Next(intervals.Length)] : rng.Next(1_000, 3_000);

            fast.Update(setpoint, state, dt, fastOut);
            plain.Update(setpoint, state, dt, plainOut);

            string at = $"seed {seed} step {s}";
            Assert.True(fastOut.Roll == plainOut.Roll && fastOut.Pitch == plainOut.Pitch && fastOut.Yaw == plainOut.Yaw,
                $"{at}: outputs {fastOut.Roll} {fastOut.Pitch} {fastOut.Yaw} vs {plainOut.Roll} {plainOut.Pitch} {plainOut.Yaw}");
            Assert.True(fast.RollRateSetpoint == plain.RollRateSetpoint && fast.PitchRateSetpoint == plain.PitchRateSetpoint
                && fast.YawRateSetpoint == plain.YawRateSetpoint, $"{at}: rate setpoints");
            Assert.Equal(Terms(plain.RollAxis), (fast.RollPTerm, fast.RollITerm, fast.RollDTerm));
            Assert.Equal(Terms(plain.PitchAxis), (fast.PitchPTerm, fast.PitchITerm, fast.PitchDTerm));
            Assert.Equal(Terms(plain.YawAxis), (fast.YawPTerm, fast.YawITerm, fast.YawDTerm));

            bool rates = InFastRange(state.RollRate) && InFastRange(state.PitchRate) && InFastRange(state.YawRate)
                && InFastRange(setpoint.YawRateRadS) && dt >= 1 && dt <= 1 << 15;
            bool limited = AtLimit(fast.RollITerm, fastGains.Roll) || AtLimit(fast.PitchITerm, fastGains.Pitch)
                || AtLimit(fast.YawITerm, fastGains.Yaw);
            atLimit += limited ? 1 : 0;
            if (rates && GainsInFastRange(fastGains))
            {
                inRange++;
                fastAtLimit += limited ? 1 : 0;
            }
            else
            {
                outOfRange++;
            }

            saturated += Math.Abs(fastOut.Roll) == One ? 1 : 0;
        }

        // Both paths ran often, and so did the clamps.
        Assert.InRange(inRange, 4_000, 35_000);
        Assert.InRange(outOfRange, 5_000, 36_000);
        Assert.InRange(saturated, 1_000, 39_000);
        Assert.InRange(atLimit, 1_000, 39_000);
        Assert.InRange(fastAtLimit, 300, 35_000);
    }

    /// <summary>The flight's case: realistic inputs, fixed gains, a steady dt: the written-out step only.</summary>
    [Fact]
    public void Steady_flight_matches_the_plain_twin_bit_for_bit()
    {
        var rng = new Random(11);
        var fast = new PidController(FramePidGains.Quad250Brushless());
        var plain = new PlainPidController(FramePidGains.Quad250Brushless());
        var setpoint = new ControlSetpoint { Throttle = Q16.FromRatio(1, 2) };
        var state = new VehicleState();
        var fastOut = new AxisCommand();
        var plainOut = new AxisCommand();
        for (int s = 0; s < 20_000; s++)
        {
            if (s % 200 == 0)
            {
                setpoint.RollRad = rng.Next(-30_000, 30_000);
                setpoint.PitchRad = rng.Next(-30_000, 30_000);
                setpoint.YawRateRadS = rng.Next(-200_000, 200_000);
            }

            state.Roll += rng.Next(-300, 301);
            state.Pitch += rng.Next(-300, 301);
            state.RollRate = rng.Next(-400_000, 400_000);
            state.PitchRate = rng.Next(-400_000, 400_000);
            state.YawRate = rng.Next(-400_000, 400_000);
            long dt = 2_000 + rng.Next(-50, 51);
            fast.Update(setpoint, state, dt, fastOut);
            plain.Update(setpoint, state, dt, plainOut);
            Assert.True(fastOut.Roll == plainOut.Roll && fastOut.Pitch == plainOut.Pitch && fastOut.Yaw == plainOut.Yaw,
                $"step {s}: outputs {fastOut.Roll} {fastOut.Pitch} {fastOut.Yaw} vs {plainOut.Roll} {plainOut.Pitch} {plainOut.Yaw}");
            Assert.Equal(plain.RollAxis.ITerm, fast.RollITerm);
        }

        Assert.NotEqual(0, fast.RollITerm);
        Assert.NotEqual(0, fast.RollDTerm);
    }

    private static int Biased(int rate, int bias) => (int)Math.Clamp((long)rate + bias, int.MinValue, int.MaxValue);

    private static bool AtLimit(int iTerm, PidAxisGains axis) => axis.ItermLimit > 0 && Math.Abs(iTerm) == axis.ItermLimit;

    private static (int, int, int) Terms(PlainRatePid axis) => (axis.PTerm, axis.ITerm, axis.DTerm);

    // The written-out step's bounds, restated from its documentation (not read from the code under test).
    private static bool InFastRange(int rate) => rate >= -(1 << 26) && rate < (1 << 26);

    private static bool GainsInFastRange(PidGains g) =>
        g.MaxAngleRateRadS < (1 << 26) && AxisInFastRange(g.Roll) && AxisInFastRange(g.Pitch) && AxisInFastRange(g.Yaw);

    private static bool AxisInFastRange(PidAxisGains a) =>
        Math.Abs((long)a.Kp) <= 1 << 18 && Math.Abs((long)a.Ki) <= 1 << 19 && Math.Abs((long)a.KdMs) <= 1 << 23
        && a.ItermLimit <= 1 << 29;

    private static int Angle(Random rng) => rng.Next(8) switch
    {
        0 => rng.Next(2) == 0 ? int.MinValue : int.MaxValue,
        1 => rng.Next(int.MinValue, int.MaxValue),
        2 => rng.Next(-(1 << 27), 1 << 27),
        3 => Trig.Pi * (rng.Next(2) == 0 ? 1 : -1) + rng.Next(-2, 3),
        _ => rng.Next(-120_000, 120_000),
    };

    private static int Rate(Random rng) => rng.Next(10) switch
    {
        0 => rng.Next(2) == 0 ? int.MinValue : int.MaxValue,
        1 => rng.Next(int.MinValue, int.MaxValue),
        2 => (1 << 26) * (rng.Next(2) == 0 ? 1 : -1) + rng.Next(-2, 2),
        3 => rng.Next(-(1 << 25), 1 << 25),
        _ => rng.Next(-600_000, 600_000),
    };

    // Mostly gains the written-out step takes (typical, or at its bounds); a quarter of the sets anything at all.
    private static void Randomise(Random rng, PidGains g, bool cutoffs)
    {
        int mode = rng.Next(4);
        bool wild = mode == 0, edge = mode == 1;
        g.AngleKp = wild ? Wild(rng) : rng.Next(0, 12 << 16);
        g.MaxAngleRateRadS = wild ? Wild(rng) : edge ? (1 << 26) - 1 : rng.Next(-2, 16 << 16);
        foreach (PidAxisGains axis in new[] { g.Roll, g.Pitch, g.Yaw })
        {
            axis.Kp = Pick(rng, mode, 1 << 18, rng.Next(0, 1 << 14));
            axis.Ki = Pick(rng, mode, 1 << 19, rng.Next(0, 1 << 16));
            // No D gain on a fifth of the axes (yaw's usual case), retuned to and from it mid-sequence.
            axis.KdMs = rng.Next(5) == 0 ? 0 : Pick(rng, mode, 1 << 23, rng.Next(0, 1 << 17));
            axis.ItermLimit = wild ? Wild(rng) : edge ? 1 << 29 : rng.Next(-3, 1 << 16);
        }

        g.ItermRelaxThresholdRadS = rng.Next(5) switch { 0 => 0, 1 => -10, 2 => int.MaxValue, _ => rng.Next(1, 100_000) };
        g.ItermThrottleThreshold = rng.Next(3) == 0 ? int.MinValue : rng.Next(0, 10_000);
        if (cutoffs)
        {
            g.ItermRelaxCutoffHz = Cutoff(rng);
            g.DTermCutoffHz = Cutoff(rng);
            g.DTermSecondCutoffHz = Cutoff(rng);
        }
    }

    // Wild: at, just past or far past the written-out step's bound, either sign, or typical; edge: at the bound.
    private static int Pick(Random rng, int mode, int bound, int typical)
    {
        int sign = rng.Next(2) == 0 ? 1 : -1;
        return mode switch
        {
            0 => rng.Next(5) switch
            {
                0 => sign * bound,
                1 => sign * (bound + 1),
                2 => sign > 0 ? int.MaxValue : int.MinValue,
                3 => rng.Next(int.MinValue, int.MaxValue),
                _ => sign * typical,
            },
            1 => sign * bound,
            _ => sign * typical,
        };
    }

    private static int Wild(Random rng) => rng.Next(3) switch
    {
        0 => int.MaxValue,
        1 => int.MinValue,
        _ => rng.Next(int.MinValue, int.MaxValue),
    };

    private static int Cutoff(Random rng) => rng.Next(5) switch
    {
        0 => 0,
        1 => -65_536,
        2 => int.MaxValue,
        _ => Q16.FromInt(rng.Next(1, 400)),
    };
}
