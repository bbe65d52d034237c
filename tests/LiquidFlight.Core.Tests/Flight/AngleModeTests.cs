using LiquidFlight.Core.Control;
using LiquidFlight.Core.FixedPoint;
using LiquidFlight.Core.Flight;

namespace LiquidFlight.Core.Tests.Flight;

public class AngleModeTests
{
    private const int One = Q16.One;

    private static int Q(double v) => (int)Math.Round(v * One);

    [Fact]
    public void SticksScaleToTheConfiguredLimits()
    {
        var mode = new AngleMode(Q(0.8), Q(3.0), 0);
        var sp = new ControlSetpoint();
        mode.Update(new PilotInput { Roll = One, Pitch = -One / 2, Yaw = One / 4, Throttle = Q(0.6) }, sp);
        Assert.Equal(Q(0.8), sp.RollRad);
        Assert.Equal(Q(-0.4), sp.PitchRad);
        Assert.Equal(Q(0.75), sp.YawRateRadS);
        Assert.Equal(Q(0.6), sp.Throttle);
    }

    [Fact]
    public void OutOfRangeSticksAreClamped()
    {
        var mode = new AngleMode(Q(0.8), Q(3.0), 0);
        var sp = new ControlSetpoint();
        mode.Update(new PilotInput { Roll = int.MaxValue, Pitch = int.MinValue, Yaw = 5 * One, Throttle = -One }, sp);
        Assert.Equal(Q(0.8), sp.RollRad);
        Assert.Equal(Q(-0.8), sp.PitchRad);
        Assert.Equal(Q(3.0), sp.YawRateRadS);
        Assert.Equal(0, sp.Throttle);
        mode.Update(new PilotInput { Throttle = int.MaxValue }, sp);
        Assert.Equal(One, sp.Throttle);
    }

    [Fact]
    public void DeadbandIsRemovedWithoutAStepAndFullDeflectionStillReachesTheLimit()
    {
        var mode = new AngleMode(Q(1.0), Q(1.0), Q(0.1));
        var sp = new ControlSetpoint();
        mode.Update(new PilotInput { Roll = Q(0.1), Pitch = Q(-0.05) }, sp);
        Assert.Equal(0, sp.RollRad);
        Assert.Equal(0, sp.PitchRad);
        mode.Update(new PilotInput { Roll = Q(0.55), Pitch = -One }, sp);
        Assert.InRange(sp.RollRad, Q(0.5) - 1, Q(0.5) + 1); // (0.55 - 0.1) / 0.9
        Assert.Equal(-One, sp.PitchRad);
        mode.Update(new PilotInput { Roll = Q(0.1) + 1 }, sp);
        Assert.InRange(sp.RollRad, 0, 2);
    }
}
