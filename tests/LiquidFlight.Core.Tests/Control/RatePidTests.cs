using LiquidFlight.Core.Control;
using LiquidFlight.Core.FixedPoint;

namespace LiquidFlight.Core.Tests.Control;

public class RatePidTests
{
    private const int One = Q16.One;

    private static int Q(double v) => (int)Math.Round(v * One);

    private static PlainRatePid NewPid(double kp, double ki, double kdMs, double limit = 0.5) =>
        new PlainRatePid(new PidAxisGains(Q(kp), Q(ki), Q(kdMs), Q(limit)), 0, 0);

    [Fact]
    public void ProportionalTermIsKpTimesRateError()
    {
        var pid = NewPid(0.1, 0, 0);
        Assert.InRange(pid.Update(Q(2.0), Q(0.5), 2000, true, One), Q(0.15) - 1, Q(0.15) + 1);
        Assert.Equal(One, pid.Update(Q(100), 0, 2000, true, One)); // clamped to full authority
    }

    [Fact]
    public void IntegralOfAConstantErrorGrowsAsKiErrorTime()
    {
        var pid = NewPid(0, 0.5, 0);
        for (int k = 0; k < 500; k++)
        {
            pid.Update(Q(0.2), 0, 2000, true, One);
        }

        // 0.5 * 0.2 rad/s * 1 s = 0.1.
        Assert.InRange(pid.ITerm, Q(0.1) - 2, Q(0.1) + 2);
    }

    [Fact]
    public void TinyErrorsStillIntegrateBecauseTheIntegralKeepsExtraBits()
    {
        var pid = NewPid(0, 0.1, 0);
        for (int k = 0; k < 5000; k++)
        {
            pid.Update(Q(0.002), 0, 2000, true, One); // each step adds 0.1 * 0.002 * 0.002 = 4e-7, 0.03 LSB
        }

        // 0.1 * 0.002 (as the Q16 value 131 LSB = 0.0019989) * 10 s = 0.0019989.
        Assert.InRange(pid.ITerm / 65536.0, 0.00195, 0.00205);
    }

    [Fact]
    public void IntegralIsLimitedHeldAndRelaxed()
    {
        var pid = NewPid(0, 10, 0, limit: 0.3);
        for (int k = 0; k < 1000; k++)
        {
            pid.Update(Q(1.0), 0, 2000, true, One);
        }

        Assert.Equal(Q(0.3), pid.ITerm);

        pid.Reset();
        for (int k = 0; k < 100; k++)
        {
            pid.Update(Q(1.0), 0, 2000, false, One); // held (low throttle)
            pid.Update(Q(1.0), 0, 2000, true, 0);    // fully relaxed
        }

        Assert.Equal(0, pid.ITerm);

        pid.Update(Q(1.0), 0, 2000, true, Q(0.5)); // half relaxed: 10 * 1 * 0.002 * 0.5 = 0.01
        Assert.InRange(pid.ITerm, Q(0.01) - 2, Q(0.01) + 2);
    }

    [Fact]
    public void IntegralDoesNotWindUpWhileTheOutputIsSaturatedInTheSameDirection()
    {
        var pid = NewPid(2.0, 1.0, 0);
        for (int k = 0; k < 500; k++)
        {
            pid.Update(Q(1.0), 0, 2000, true, One); // P alone = 2.0, already beyond full authority
        }

        Assert.Equal(0, pid.ITerm);

        // Once the error no longer saturates the output, the integral moves again.
        pid.Update(Q(0.1), 0, 2000, true, One);
        Assert.True(pid.ITerm > 0);
    }

    [Fact]
    public void DerivativeActsOnTheMeasurementNotOnTheSetpoint()
    {
        var pid = NewPid(0, 0, 1.0); // Kd = 1 ms
        pid.Update(0, 0, 2000, true, One);
        // A setpoint step with a still craft: no D kick.
        pid.Update(Q(5.0), 0, 2000, true, One);
        Assert.Equal(0, pid.DTerm);

        // Measured rate rising 0.2 rad/s per 2 ms = 100 rad/s^2: D = -0.001 s * 100 = -0.1.
        var d = NewPid(0, 0, 1.0);
        d.Update(0, 0, 2000, true, One);
        for (int k = 1; k <= 5; k++)
        {
            d.Update(0, Q(0.2 * k), 2000, true, One);
        }

        Assert.InRange(d.DTerm, Q(-0.1) - 3, Q(-0.1) + 3);
    }

    [Fact]
    public void GarbageInputsStayInRange()
    {
        var pid = NewPid(30000, 30000, 30000, limit: 30000);
        var rng = new Random(5);
        int[] specials = { int.MinValue, int.MaxValue, 0, -1, 1 };
        for (int k = 0; k < 5000; k++)
        {
            int a = rng.Next(2) == 0 ? specials[rng.Next(5)] : rng.Next(int.MinValue, int.MaxValue);
            int b = rng.Next(2) == 0 ? specials[rng.Next(5)] : rng.Next(int.MinValue, int.MaxValue);
            long dt = rng.Next(3) == 0 ? rng.NextInt64(long.MinValue, long.MaxValue) : rng.Next(100000);
            int y = pid.Update(a, b, dt, rng.Next(2) == 0, rng.Next(int.MinValue, int.MaxValue));
            Assert.InRange(y, -One, One);
        }
    }
}
