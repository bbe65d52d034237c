using LiquidFlight.Core.Safety;
using LiquidFlight.Sim.Controllers;
using LiquidFlight.Sim.Faults;
using LiquidFlight.Sim.Frames;
using LiquidFlight.Sim.Runner;
using LiquidFlight.Sim.Scenarios;

namespace LiquidFlight.Sim.Tests.Faults;

/// <summary>
/// The named fault scenarios (what `fly --scenario rc-loss` etc. run): each must end with the motors off on every
/// frame, at the times the Core safety settings give. Expected times come from the supervisor's own configuration
/// (a fresh <see cref="SafetySupervisor"/>), not from the simulator.
/// </summary>
public class FaultCatalogTests
{
    private const double CycleS = 1.0 / 500;

    public static IEnumerable<object[]> Cases =>
        from frame in FrameCatalog.Names
        from scenario in ScenarioCatalog.Faults
        select new object[] { frame, scenario.Name };

    private static FlightResult Fly(string frameName, string scenarioName, int seed)
    {
        var frame = FrameCatalog.Get(frameName);
        Assert.True(ScenarioCatalog.TryGet(scenarioName, out var scenario));
        var c = ControllerCatalog.Create("pid", frame);
        // No Fault on the request: the scenario's own plan must be applied.
        return ClosedLoopRunner.Fly(new FlightRequest
        {
            Scenario = scenario,
            Frame = frame,
            Conditions = scenario.Resolve(frame, ConditionOverrides.None),
            Seed = seed,
            Controller = c.Controller,
            ControllerName = c.Name,
        });
    }

    [Fact]
    public void Fault_scenarios_are_kind_fault_and_kept_out_of_the_controller_scenarios()
    {
        Assert.Equal(3, ScenarioCatalog.Faults.Count);
        Assert.All(ScenarioCatalog.Faults, s =>
        {
            Assert.Equal(ScenarioKind.Fault, s.Kind);
            Assert.Equal("fault", s.KindName);
            Assert.NotNull(s.Fault);
        });
        Assert.All(ScenarioCatalog.All, s => Assert.NotEqual(ScenarioKind.Fault, s.Kind));
        Assert.Equal(ScenarioCatalog.All.Count + ScenarioCatalog.Faults.Count, ScenarioCatalog.NamesWithFaults.Count);
        Assert.Equal(
            new[] { FaultKind.RcLoss, FaultKind.ImuDropout, FaultKind.StuckSensor }.OrderBy(k => k),
            ScenarioCatalog.Faults.Select(s => s.Fault!.Kind).OrderBy(k => k));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_fault_scenario_ends_with_the_motors_off(string frame, string scenarioName)
    {
        var config = new SafetySupervisor();
        double rcTimeoutS = config.Failsafe.RcLossTimeoutUs * 1e-6;
        double landingS = config.Failsafe.LandingDurationUs * 1e-6;
        double staleS = config.ImuWatch.StaleTimeoutUs * 1e-6;

        foreach (int seed in new[] { 1, 2 })
        {
            var r = Fly(frame, scenarioName, seed);
            var fault = r.Fault!;
            var safety = r.Safety!;
            string where = $"{frame}/{scenarioName} seed {seed}";
            Assert.True(safety.MotorsOffS.HasValue, $"{where}: motors never stopped");
            Assert.NotNull(safety.DisarmedS);
            double off = safety.MotorsOffS!.Value;
            // Whatever happens after the motors stop is the failsafe's intent, not a controller crash.
            Assert.True(!r.Crashed || r.CrashTimeS >= off, $"{where}: crashed at {r.CrashTimeS} s before motors off at {off} s");

            switch (fault.Kind)
            {
                case FaultKind.RcLoss:
                    Assert.Equal(FailsafeCause.RcLoss, safety.Cause);
                    // Stage 1 (level, land) once the last frame is older than the timeout; the last frame came on the
                    // cycle before the loss, so landing starts within one cycle of start + timeout.
                    Assert.NotNull(safety.LandingStartS);
                    Assert.InRange(safety.LandingStartS!.Value, fault.StartS + rcTimeoutS - CycleS, fault.StartS + rcTimeoutS + CycleS);
                    // Stage 2 (motors off) after the configured landing time.
                    Assert.InRange(off - safety.LandingStartS.Value, landingS - 1e-9, landingS + CycleS);
                    break;
                case FaultKind.ImuDropout:
                    Assert.Equal(FailsafeCause.ImuFailure, safety.Cause);
                    Assert.Null(safety.LandingStartS);
                    // The newest sample is at most one IMU period (1 ms) old at the start; stale after the timeout.
                    Assert.InRange(off, fault.StartS + staleS - 0.001 - CycleS, fault.StartS + staleS + CycleS);
                    break;
                case FaultKind.StuckSensor:
                    Assert.Equal(FailsafeCause.ImuFailure, safety.Cause);
                    Assert.Null(safety.LandingStartS);
                    // 50 identical samples at the loop's uptake of about one new sample per 2 ms cycle: 0.1 s, with
                    // margin for cycles without a new sample (the frames' IMUs run at 1 kHz or more).
                    Assert.InRange(off, fault.StartS + 0.05, fault.StartS + 0.25);
                    break;
            }
        }
    }
}
