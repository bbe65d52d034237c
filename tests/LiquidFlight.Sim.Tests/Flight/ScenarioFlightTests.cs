using LiquidFlight.Sim.Frames;
using LiquidFlight.Sim.Scenarios;

namespace LiquidFlight.Sim.Tests.Flight;

/// <summary>The PID baseline, with each frame's tuned gains, flies every scenario without crashing.</summary>
public class ScenarioFlightTests
{
    public static IEnumerable<object[]> Cases =>
        from frame in FrameCatalog.Names
        from scenario in ScenarioCatalog.Names
        select new object[] { frame, scenario };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Pid_flies_every_scenario_on_every_frame_without_a_crash(string frame, string scenario)
    {
        foreach (int seed in new[] { 1, 2 })
        {
            var r = DeterminismTests.Fly("pid", scenario, frame, seed);
            Assert.False(r.Crashed, $"{frame}/{scenario} seed {seed}: {r.CrashReason} at {r.CrashTimeS} s");
            // Angle mode never asks for more than 25 deg: a craft that stays up but wanders past 60 deg is not flying.
            Assert.True(r.MaxAttitudeErrorDeg < 60, $"max error {r.MaxAttitudeErrorDeg:F1} deg");
            Assert.True(r.RmsAttitudeErrorDeg < 15, $"RMS error {r.RmsAttitudeErrorDeg:F1} deg");
        }
    }

    [Fact]
    public void A_craft_with_no_working_controller_crashes()
    {
        // The crash detector itself: with the fixed-point LTC replaced by a controller that outputs nothing,
        // the knock of hover-recovery tips the craft over (the test above could not fail otherwise).
        var frame = FrameCatalog.Get("quad250-brushless");
        Assert.True(ScenarioCatalog.TryGet("hover-recovery", out var scenario));
        var r = LiquidFlight.Sim.Runner.ClosedLoopRunner.Fly(new LiquidFlight.Sim.Runner.FlightRequest
        {
            Scenario = scenario,
            Frame = frame,
            Conditions = scenario.Resolve(frame, ConditionOverrides.None),
            Seed = 1,
            Controller = new IdleController(),
        });
        Assert.True(r.Crashed);
        Assert.NotNull(r.CrashReason);
    }

    private sealed class IdleController : LiquidFlight.Core.Control.IController
    {
        public string Name => "idle";

        public void Reset()
        {
        }

        public void Update(LiquidFlight.Core.Control.ControlSetpoint setpoint, LiquidFlight.Core.Control.VehicleState state,
            long dtUs, LiquidFlight.Core.Control.AxisCommand output) => output.Clear();
    }
}
