using BenchmarkDotNet.Attributes;
using LiquidFlight.Sim.Controllers;
using LiquidFlight.Sim.Frames;
using LiquidFlight.Sim.Runner;
using LiquidFlight.Sim.Scenarios;

namespace LiquidFlight.Benchmarks;

/// <summary>
/// Real-time factor of the whole closed loop on one core: 10 simulated seconds of physics (the runner's default
/// step, FlightRequest.DefaultPhysicsStepUs = 1 ms), the IMU model (1 kHz with noise) and the Core flight loop at
/// 500 Hz, flying the attitude-steps scenario. Controller construction is inside the measurement (it is per flight).
/// Real-time factor = 10 s / Mean. Run: dotnet run -c Release --project tools/LiquidFlight.Benchmarks -- --filter '*ClosedLoop*'
/// </summary>
[MemoryDiagnoser]
public class ClosedLoopBenchmarks
{
    private const double SimulatedSeconds = 10;

    private FrameSpec frame = null!;
    private Scenario scenario = null!;

    [Params("ltc", "ltc-generic", "pid")]
    public string Controller { get; set; } = "ltc";

    [GlobalSetup]
    public void Setup()
    {
        frame = FrameCatalog.Get(FrameCatalog.DefaultFrameName);
        ScenarioCatalog.TryGet("attitude-steps", out scenario);
    }

    [Benchmark(Description = "10 s of closed-loop flight")]
    public double FlyTenSeconds()
    {
        var c = ControllerCatalog.Create(Controller, frame);
        var result = ClosedLoopRunner.Fly(new FlightRequest
        {
            Scenario = scenario,
            Frame = frame,
            Conditions = scenario.Resolve(frame, new ConditionOverrides { Seconds = SimulatedSeconds }),
            Seed = 1,
            Controller = c.Controller,
            ControllerName = c.Name,
            // The cost must not depend on how well the controller flies (an untrained LTC tips over).
            ContinueAfterCrash = true,
        });
        return result.RmsAttitudeErrorDeg;
    }
}
