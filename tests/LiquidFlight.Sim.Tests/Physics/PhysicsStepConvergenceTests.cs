using LiquidFlight.Sim.Controllers;
using LiquidFlight.Sim.Frames;
using LiquidFlight.Sim.Physics;
using LiquidFlight.Sim.Runner;
using LiquidFlight.Sim.Scenarios;

namespace LiquidFlight.Sim.Tests.Physics;

/// <summary>
/// The default physics step (<see cref="FlightRequest.DefaultPhysicsStepUs"/>) is chosen for speed; these tests show
/// it gives the same flight as a 50 µs reference step (ten times finer than needed to resolve the motor lag and the
/// rate dynamics) within small tolerances, open loop and in closed loop with the IMU and the Core flight loop.
/// </summary>
public class PhysicsStepConvergenceTests
{
    private const double ReferenceStepS = 50e-6;

    [Theory]
    [MemberData(nameof(TestFrames.Names), MemberType = typeof(TestFrames))]
    public void Roll_response_to_a_motor_step_matches_the_fine_step_reference(string frameName)
    {
        var coarse = RollResponse(frameName, FlightRequest.DefaultPhysicsStepUs * 1e-6);
        var fine = RollResponse(frameName, ReferenceStepS);

        // After 0.3 s of a 10 % differential thrust step the craft has rolled tens of degrees; the step may add at
        // most 0.05 % of the roll angle and of the rate (measured about 0.01 % and 0.02 % at 1 ms; semi-implicit
        // Euler, the former integrator, was 0.7 % off at 1 ms).
        Assert.True(Math.Abs(fine.RollRad) > 0.2, $"reference rolled only {fine.RollRad} rad");
        Assert.InRange(coarse.RollRad, fine.RollRad - 0.0005 * Math.Abs(fine.RollRad), fine.RollRad + 0.0005 * Math.Abs(fine.RollRad));
        Assert.InRange(coarse.RateRadS, fine.RateRadS - 0.0005 * Math.Abs(fine.RateRadS), fine.RateRadS + 0.0005 * Math.Abs(fine.RateRadS));
    }

    private static (double RollRad, double RateRadS) RollResponse(string frameName, double dt)
    {
        var body = new QuadrotorBody(TestFrames.Get(frameName));
        body.Position = new Vec3(0, 0, -100);
        double hover = body.HoverRotorSpeed;
        body.SetRotorSpeeds(hover);
        // Left motors (M3, M4) up, right motors (M1, M2) down: positive roll (right side down).
        body.SetRotorSpeedCommand(0, hover * 0.95);
        body.SetRotorSpeedCommand(1, hover * 0.95);
        body.SetRotorSpeedCommand(2, hover * 1.05);
        body.SetRotorSpeedCommand(3, hover * 1.05);
        int steps = (int)Math.Round(0.3 / dt);
        for (int i = 0; i < steps; i++)
        {
            body.Step(dt);
        }

        return (body.Attitude.Roll, body.BodyRate.X);
    }

    [Theory]
    [InlineData("quad250-brushless", "attitude-steps")]
    [InlineData("esp-drone-brushed", "attitude-steps")]
    [InlineData("quad250-brushless", "slow-motors")]
    public void Closed_loop_flight_matches_the_fine_step_reference(string frameName, string scenarioName)
    {
        var coarse = Fly(frameName, scenarioName, FlightRequest.DefaultPhysicsStepUs);
        var fine = Fly(frameName, scenarioName, (int)(ReferenceStepS * 1e6));

        Assert.False(coarse.Crashed);
        Assert.False(fine.Crashed);
        // The same seed gives the same noise and sample stamps, so the flights differ only by the integration.
        Assert.InRange(coarse.RmsAttitudeErrorDeg, fine.RmsAttitudeErrorDeg * 0.995, fine.RmsAttitudeErrorDeg * 1.005);
        var a = coarse.Recording!;
        var b = fine.Recording!;
        Assert.Equal(b.TimeS.Count, a.TimeS.Count);
        double worst = 0;
        for (int i = 0; i < a.TimeS.Count; i++)
        {
            worst = Math.Max(worst, Math.Abs(a.RollDeg[i] - b.RollDeg[i]));
            worst = Math.Max(worst, Math.Abs(a.PitchDeg[i] - b.PitchDeg[i]));
        }

        // Against steps of 15 to 25 degrees: a trace within 0.05 degrees at every control cycle (measured about 0.01).
        Assert.InRange(worst, 0, 0.05);
    }

    private static FlightResult Fly(string frameName, string scenarioName, int stepUs)
    {
        var frame = FrameCatalog.Get(frameName);
        Assert.True(ScenarioCatalog.TryGet(scenarioName, out var scenario));
        var c = ControllerCatalog.Create("pid", frame);
        return ClosedLoopRunner.Fly(new FlightRequest
        {
            Scenario = scenario,
            Frame = frame,
            Conditions = scenario.Resolve(frame, new ConditionOverrides { Seconds = 10 }),
            Seed = 7,
            Controller = c.Controller,
            ControllerName = c.Name,
            Record = true,
            PhysicsStepUs = stepUs,
        });
    }
}
