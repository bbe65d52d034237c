using LiquidFlight.Core.Safety;
using LiquidFlight.Sim.Controllers;
using LiquidFlight.Sim.Faults;
using LiquidFlight.Sim.Frames;
using LiquidFlight.Sim.Runner;
using LiquidFlight.Sim.Scenarios;

namespace LiquidFlight.Sim.Tests.Faults;

/// <summary>
/// Fault injection in closed loop: the PID controller flies the attitude-steps scenario on the 250 frame (roll
/// +20 deg from 1.0 s, -20 deg from 2.5 s) and one fault strikes at 1.5 s, mid-step. The Core safety supervisor
/// inside the flight loop must react exactly as on the board.
/// </summary>
public class FaultScenarioFlightTests
{
    private static FlightResult Fly(FaultPlan? fault, double seconds = 10)
    {
        var frame = FrameCatalog.Get("quad250-brushless");
        Assert.True(ScenarioCatalog.TryGet("attitude-steps", out var scenario));
        var c = ControllerCatalog.Create("pid", frame);
        return ClosedLoopRunner.Fly(new FlightRequest
        {
            Scenario = scenario,
            Frame = frame,
            Conditions = scenario.Resolve(frame, new ConditionOverrides { Seconds = seconds }),
            Seed = 3,
            Controller = c.Controller,
            ControllerName = c.Name,
            Record = true,
            Faults = fault is null ? [] : [fault],
        });
    }

    private static IEnumerable<int> Between(FlightRecording r, double from, double to) =>
        Enumerable.Range(0, r.Count).Where(i => r.TimeS[i] >= from && r.TimeS[i] < to);

    [Fact]
    public void Supervised_flight_without_an_active_fault_flies_like_the_unsupervised_one()
    {
        var r = Fly(new FaultPlan(FaultKind.RcLoss, 100));
        Assert.False(r.Crashed, r.CrashReason);
        Assert.Null(r.Safety.MotorsOffS);
        Assert.Null(r.Safety.LandingStartS);
        Assert.True(r.RmsAttitudeErrorDeg < 15);
    }

    [Fact]
    public void Rc_loss_mid_step_levels_the_craft_then_stops_the_motors()
    {
        var r = Fly(new FaultPlan(FaultKind.RcLoss, 1.5), 60);
        var rec = r.Recording!;
        // The last frame before the loss was sent at most 10 ms before it; the link is down once the last one read
        // is more than 300 ms old.
        double landing = r.Safety.LandingStartS!.Value;
        Assert.InRange(landing, 1.79, 1.805);
        Assert.Equal(FailsafeCause.RcLoss, r.Safety.Cause);

        // Before the loss the craft holds the pilot's +20 deg; one second into stage 1 it is level and stays so.
        Assert.All(Between(rec, 1.4, 1.5), i => Assert.InRange(rec.RollDeg[i], 15, 25));
        Assert.All(Between(rec, 2.8, 6.8), i =>
        {
            Assert.InRange(rec.RollDeg[i], -5, 5);
            Assert.InRange(rec.PitchDeg[i], -5, 5);
        });

        // Stage 1 descends (about 0.8 m/s wanted) instead of holding height.
        int atStart = Between(rec, 2.8, 2.81).First();
        int atEnd = Between(rec, 6.7, 6.71).First();
        Assert.True(rec.HeightM[atEnd] < rec.HeightM[atStart] - 1, $"{rec.HeightM[atStart]:F1} m -> {rec.HeightM[atEnd]:F1} m");

        // Stage 2 when the touchdown is detected: on the ground from then on, motors at zero output, disarmed.
        double off = r.Safety.MotorsOffS!.Value;
        Assert.Equal(off, r.Safety.TouchdownDetectedS);
        Assert.False(r.Crashed, r.CrashReason);
        Assert.All(Between(rec, off + 0.02, 60), i =>
        {
            Assert.All(rec.MotorOutput, m => Assert.Equal(0, m[i]));
            Assert.InRange(rec.HeightM[i], 0, FlightResult.OnGroundHeightM);
        });
    }

    [Fact]
    public void Imu_dropout_stops_the_motors_within_the_stale_timeout()
    {
        var r = Fly(new FaultPlan(FaultKind.ImuDropout, 1.5), 3);
        Assert.Equal(FailsafeCause.ImuFailure, r.Safety.Cause);
        Assert.InRange(r.Safety.MotorsOffS!.Value, 1.5499, 1.5601); // last sample before 1.5 s, stale > 50 ms later
        Assert.Null(r.Safety.LandingStartS);
    }

    [Fact]
    public void Stuck_sensor_stops_the_motors_once_the_bytes_are_frozen_for_100_ms()
    {
        var r = Fly(new FaultPlan(FaultKind.StuckSensor, 1.5), 3);
        Assert.Equal(FailsafeCause.ImuFailure, r.Safety.Cause);
        // The bytes last changed at the last read before 1.5 s: frozen 100 ms later.
        Assert.InRange(r.Safety.MotorsOffS!.Value, 1.598, 1.602);
    }
}
