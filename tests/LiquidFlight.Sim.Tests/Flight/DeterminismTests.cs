using LiquidFlight.Sim.Controllers;
using LiquidFlight.Sim.Frames;
using LiquidFlight.Sim.Runner;
using LiquidFlight.Sim.Scenarios;

namespace LiquidFlight.Sim.Tests.Flight;

public class DeterminismTests
{
    internal static FlightResult Fly(string controller, string scenarioName, string frameName, int seed,
        ConditionOverrides? overrides = null, bool record = false)
    {
        var frame = FrameCatalog.Get(frameName);
        Assert.True(ScenarioCatalog.TryGet(scenarioName, out var scenario));
        var c = ControllerCatalog.Create(controller, frame);
        return ClosedLoopRunner.Fly(new FlightRequest
        {
            Scenario = scenario,
            Frame = frame,
            Conditions = scenario.Resolve(frame, overrides ?? ConditionOverrides.None),
            Seed = seed,
            Controller = c.Controller,
            ControllerName = c.Name,
            Neurons = c.Neurons,
            Record = record,
        });
    }

    private static object[] Fingerprint(FlightResult r) =>
    [
        r.Crashed, r.CrashReason ?? "", r.CrashTimeS ?? -1, r.RmsAttitudeErrorDeg, r.MaxAttitudeErrorDeg, r.SettleTimeS ?? -1, r.SettledSteps, r.UnsettledSteps,
        r.MotorSaturationPct, r.SimSeconds, r.ControlCycles, r.ImuSamplesDelivered, r.ImuSamplesDropped,
    ];

    [Theory]
    [InlineData("pid", "irregular-sampling")]
    [InlineData("pid", "gusts")]
    [InlineData("ltc", "noisy-imu")]
    [InlineData("ltc-float", "irregular-sampling")]
    public void Same_command_and_seed_give_bit_identical_results(string controller, string scenario)
    {
        var overrides = new ConditionOverrides { Seconds = 2, NoiseScale = 3 };
        var a = Fly(controller, scenario, "quad250-brushless", 42, overrides, record: true);
        var b = Fly(controller, scenario, "quad250-brushless", 42, overrides, record: true);
        Assert.Equal(Fingerprint(a), Fingerprint(b));
        Assert.Equal(a.Recording!.RollDeg, b.Recording!.RollDeg);
        Assert.Equal(a.Recording.MotorOutput[0], b.Recording.MotorOutput[0]);

        // A different seed is a different flight (the seed reaches the noise, timing and wind).
        var c = Fly(controller, scenario, "quad250-brushless", 43, overrides, record: true);
        Assert.NotEqual(a.Recording.RollDeg, c.Recording!.RollDeg);
    }
}
