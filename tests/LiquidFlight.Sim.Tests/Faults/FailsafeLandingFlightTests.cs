using LiquidFlight.Core.Safety;
using LiquidFlight.Sim.Controllers;
using LiquidFlight.Sim.Frames;
using LiquidFlight.Sim.Runner;
using LiquidFlight.Sim.Scenarios;

namespace LiquidFlight.Sim.Tests.Faults;

/// <summary>
/// Issue 11 item 4 on the simulator: the rc-loss scenario (30 m hover, RC lost at 1.5 s) must end on the ground,
/// found by Core's IMU-only touchdown detector, after a first contact at no more than 2 m/s, with the motors
/// stopped on the ground (no fall after motors-off) and the board disarmed, on both frames, nominal and with a
/// 50 % heavier craft (whose pilot and hover stick know nothing of the payload).
/// </summary>
public class FailsafeLandingFlightTests
{
    public static IEnumerable<object[]> Cases =>
        from frame in FrameCatalog.Names
        from mass in new[] { 1.0, 1.5 }
        from controller in new[] { "pid", "ltc" }
        select new object[] { frame, mass, controller };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Rc_loss_from_30_m_lands_on_the_ground_and_disarms(string frameName, double massScale, string controller)
    {
        var frame = FrameCatalog.Get(frameName);
        Assert.True(ScenarioCatalog.TryGet("rc-loss", out var scenario));
        var c = ControllerCatalog.Create(controller, frame);
        var r = ClosedLoopRunner.Fly(new FlightRequest
        {
            Scenario = scenario,
            Frame = frame,
            Conditions = scenario.Resolve(frame, new ConditionOverrides { MassScale = massScale }),
            Seed = 1,
            Controller = c.Controller,
            ControllerName = c.Name,
        });

        var s = r.Safety;
        string where = $"{frameName} x{massScale} {controller}";
        Assert.False(r.Crashed, $"{where}: {r.CrashReason} at {r.CrashTimeS} s");
        Assert.Equal(FailsafeCause.RcLoss, s.Cause);
        Assert.NotNull(s.TouchdownS);
        Assert.InRange(s.TouchdownSpeedMs!.Value, 0.05, 2.0);
        // Stopped by the touchdown detector, after the contact and within 2 s of it, on the ground, disarmed.
        Assert.Equal(s.MotorsOffS, s.TouchdownDetectedS);
        Assert.InRange(s.MotorsOffS!.Value - s.TouchdownS!.Value, 0.0, 2.0);
        Assert.InRange(s.MotorsOffHeightM!.Value, 0, FlightResult.OnGroundHeightM);
        Assert.Equal(s.MotorsOffS, s.DisarmedS);
        Assert.True(s.MotorsOffS - s.LandingStartS < new SafetyLimits().LandingMaxMs * 1e-3);
    }
}
