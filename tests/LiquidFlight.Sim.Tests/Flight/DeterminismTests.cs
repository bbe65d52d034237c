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

    [Theory]
    [InlineData("attitude-steps", "quad250-brushless")]
    [InlineData("irregular-sampling", "esp-drone-brushed")]
    public void Generated_and_generic_ltc_fly_the_same_bits(string scenario, string frame)
    {
        // `ltc` flies the shipped model's generated straight-line step, `ltc-generic` the same model on LtcNetwork.
        var overrides = new ConditionOverrides { Seconds = 3 };
        var generated = Fly("ltc", scenario, frame, 7, overrides, record: true);
        var generic = Fly("ltc-generic", scenario, frame, 7, overrides, record: true);
        Assert.Equal(Fingerprint(generic), Fingerprint(generated));
        Assert.Equal(generic.Recording!.RollDeg, generated.Recording!.RollDeg);
        Assert.Equal(generic.Recording.MotorOutput[2], generated.Recording.MotorOutput[2]);
        Assert.True(generated.ControlCycles > 1000, $"only {generated.ControlCycles} control cycles flown");
    }
}
