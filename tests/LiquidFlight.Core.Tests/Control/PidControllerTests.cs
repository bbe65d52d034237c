using LiquidFlight.Core.Control;
using LiquidFlight.Core.FixedPoint;

namespace LiquidFlight.Core.Tests.Control;

public class PidControllerTests
{
    private const int One = Q16.One;

    private static int Q(double v) => (int)Math.Round(v * One);

    private static PidGains POnly()
    {
        var g = new PidGains { AngleKp = Q(6), MaxAngleRateRadS = Q(8), DTermCutoffHz = 0, DTermSecondCutoffHz = 0 };
        foreach (var axis in new[] { g.Roll, g.Pitch, g.Yaw })
        {
            axis.Kp = Q(0.1);
            axis.Ki = 0;
            axis.KdMs = 0;
        }

        return g;
    }

    [Fact]
    public void AngleErrorBecomesARateSetpointAndAPositiveCommand()
    {
        var pid = new PidController(POnly());
        var cmd = new AxisCommand();
        pid.Update(new ControlSetpoint { RollRad = Q(0.1), PitchRad = Q(-0.05), YawRateRadS = Q(1.0), Throttle = Q(0.5) },
                   new VehicleState(), 2000, cmd);

        // Rate setpoints: 6 * 0.1 = 0.6, 6 * -0.05 = -0.3, yaw 1.0; commands 0.1 * those.
        Assert.InRange(pid.RollRateSetpoint, Q(0.6) - 8, Q(0.6) + 8);
        Assert.InRange(pid.PitchRateSetpoint, Q(-0.3) - 8, Q(-0.3) + 8);
        Assert.Equal(Q(1.0), pid.YawRateSetpoint);
        Assert.InRange(cmd.Roll, Q(0.06) - 2, Q(0.06) + 2);
        Assert.InRange(cmd.Pitch, Q(-0.03) - 2, Q(-0.03) + 2);
        Assert.InRange(cmd.Yaw, Q(0.1) - 2, Q(0.1) + 2);
    }

    [Fact]
    public void AngleLoopRateIsLimited()
    {
        var pid = new PidController(POnly());
        pid.Update(new ControlSetpoint { RollRad = Q(1.0), PitchRad = Q(-1.0) }, new VehicleState(), 2000, new AxisCommand());
        Assert.Equal(Q(6), pid.RollRateSetpoint);
        pid.Update(new ControlSetpoint { RollRad = Q(3.0), PitchRad = Q(-3.0) }, new VehicleState(), 2000, new AxisCommand());
        Assert.Equal(Q(8), pid.RollRateSetpoint);
        Assert.Equal(Q(-8), pid.PitchRateSetpoint);
    }

    [Fact]
    public void IntegratorsHoldBelowTheThrottleThreshold()
    {
        var g = new PidGains();
        var pid = new PidController(g);
        var sp = new ControlSetpoint { RollRad = Q(0.1), YawRateRadS = Q(0.5), Throttle = g.ItermThrottleThreshold - 1 };
        for (int k = 0; k < 200; k++)
        {
            pid.Update(sp, new VehicleState(), 2000, new AxisCommand());
        }

        Assert.Equal(0, pid.RollITerm);
        Assert.Equal(0, pid.YawITerm);

        sp.Throttle = Q(0.5);
        for (int k = 0; k < 200; k++)
        {
            pid.Update(sp, new VehicleState(), 2000, new AxisCommand());
        }

        Assert.True(pid.RollITerm > 0);
        Assert.True(pid.YawITerm > 0);
    }

    [Fact]
    public void ItermRelaxSlowsTheIntegratorDuringAFastSetpointChange()
    {
        double IntegralAfterStep(int threshold)
        {
            var g = new PidGains { ItermRelaxThresholdRadS = threshold };
            var pid = new PidController(g);
            var sp = new ControlSetpoint { Throttle = Q(0.5) };
            var state = new VehicleState();
            pid.Update(sp, state, 2000, new AxisCommand());
            sp.RollRad = Q(0.3); // a stick snap: rate setpoint jumps to 1.8 rad/s
            for (int k = 0; k < 10; k++) // 20 ms: the setpoint's high-pass is still above most of the threshold
            {
                pid.Update(sp, state, 2000, new AxisCommand());
            }

            return pid.RollITerm;
        }

        double relaxed = IntegralAfterStep(Q(0.7));
        double plain = IntegralAfterStep(0);
        Assert.True(plain > 0);
        Assert.True(relaxed < plain * 0.3, $"relaxed {relaxed}, plain {plain}");
    }

    [Fact]
    public void ResetClearsIntegratorsAndFilters()
    {
        var pid = new PidController(new PidGains());
        var sp = new ControlSetpoint { RollRad = Q(0.2), Throttle = Q(0.5) };
        for (int k = 0; k < 100; k++)
        {
            pid.Update(sp, new VehicleState { RollRate = Q(0.01 * k) }, 2000, new AxisCommand());
        }

        Assert.NotEqual(0, pid.RollITerm);
        pid.Reset();
        Assert.Equal(0, pid.RollITerm);
        Assert.Equal(0, pid.RollDTerm);
    }

    /// <summary>
    /// An axis whose Kd is 0 has no D term and runs no D-term filter, which holds zero: after a phase without D gain,
    /// the gain's return must give the D terms of a fresh controller whose filters start at that moment (it saw only
    /// the previous sample, which a first step merely keeps), not those of filters frozen or kept running meanwhile.
    /// </summary>
    [Fact]
    public void AnAxisWithoutDGainHoldsItsDTermFilterAtZeroUntilAGainReturns()
    {
        PidGains WithD(int kd)
        {
            PidGains g = FramePidGains.Quad250Brushless();
            g.Roll.KdMs = g.Pitch.KdMs = g.Yaw.KdMs = kd;
            return g;
        }

        var rng = new Random(5);
        var samples = new VehicleState[700];
        for (int k = 0; k < samples.Length; k++)
        {
            samples[k] = new VehicleState
            {
                RollRate = rng.Next(-300_000, 300_000),
                PitchRate = rng.Next(-300_000, 300_000),
                YawRate = rng.Next(-300_000, 300_000),
            };
        }

        var sp = new ControlSetpoint { RollRad = Q(0.1), YawRateRadS = Q(0.5), Throttle = Q(0.5) };
        int kd = Q(0.8);
        PidGains gains = WithD(kd);
        var pid = new PidController(gains);
        var always = new PidController(WithD(kd));
        var cmd = new AxisCommand();
        for (int k = 0; k < 300; k++)
        {
            pid.Update(sp, samples[k], 2000, cmd);
            always.Update(sp, samples[k], 2000, cmd);
        }

        Assert.NotEqual(0, pid.YawDTerm);
        gains.Roll.KdMs = gains.Pitch.KdMs = gains.Yaw.KdMs = 0;
        pid.ApplyGains();
        for (int k = 300; k < 600; k++)
        {
            pid.Update(sp, samples[k], 2000, cmd);
            always.Update(sp, samples[k], 2000, cmd);
            Assert.Equal((0, 0, 0), (pid.RollDTerm, pid.PitchDTerm, pid.YawDTerm));
        }

        gains.Roll.KdMs = gains.Pitch.KdMs = gains.Yaw.KdMs = kd;
        pid.ApplyGains();
        var fresh = new PidController(WithD(kd));
        fresh.Update(sp, samples[599], 2000, cmd);
        Assert.Equal((0, 0, 0), (fresh.RollDTerm, fresh.PitchDTerm, fresh.YawDTerm));
        int differs = 0;
        for (int k = 600; k < samples.Length; k++)
        {
            pid.Update(sp, samples[k], 2000, cmd);
            fresh.Update(sp, samples[k], 2000, cmd);
            always.Update(sp, samples[k], 2000, cmd);
            Assert.Equal((fresh.RollDTerm, fresh.PitchDTerm, fresh.YawDTerm), (pid.RollDTerm, pid.PitchDTerm, pid.YawDTerm));
            differs += always.YawDTerm != pid.YawDTerm ? 1 : 0;
        }

        // The filters that kept running give other D terms while their histories still differ.
        Assert.InRange(differs, 10, 100);
    }

    /// <summary>
    /// One axis of a 250-class quad as a rigid body (J theta'' = authority * u, authority 600 rad/s^2 at full
    /// command, from 4 x 6 N x 0.0625 m / 2.5e-3 kg m^2) under the default gains, with a constant disturbance torque:
    /// the cascade must level to the setpoint and the integrator must take out the disturbance.
    /// </summary>
    [Fact]
    public void DefaultGainsHoldASetpointOnARigidBodyAgainstADisturbance()
    {
        var pid = new PidController(new PidGains());
        var sp = new ControlSetpoint { RollRad = Q(0.35), Throttle = Q(0.5) };
        var state = new VehicleState();
        var cmd = new AxisCommand();
        double angle = 0, rate = 0;
        const double authority = 600, disturbance = -20; // rad/s^2
        for (int k = 0; k < 1500; k++) // 3 s at 500 Hz, physics sub-stepped at 0.5 ms
        {
            state.Roll = Q(angle);
            state.RollRate = Q(rate);
            pid.Update(sp, state, 2000, cmd);
            for (int s = 0; s < 4; s++)
            {
                rate += (authority * cmd.Roll / 65536.0 + disturbance) * 0.0005;
                angle += rate * 0.0005;
            }
        }

        Assert.InRange(angle, 0.35 - 0.005, 0.35 + 0.005);
        Assert.InRange(rate, -0.02, 0.02);
        // The integrator carries the disturbance: I = -disturbance / authority = 0.0333.
        Assert.InRange(pid.RollITerm / 65536.0, 0.030, 0.037);
    }
}
