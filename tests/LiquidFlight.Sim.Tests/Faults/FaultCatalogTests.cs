using LiquidFlight.Core.Safety;
using LiquidFlight.Sim.Controllers;
using LiquidFlight.Sim.Faults;
using LiquidFlight.Sim.Frames;
using LiquidFlight.Sim.Runner;
using LiquidFlight.Sim.Scenarios;

namespace LiquidFlight.Sim.Tests.Faults;

/// <summary>
/// The named fault scenarios (what `fly --scenario rc-loss` etc. run): each must end with the motors off on every
/// frame, at the times the Core safety settings give. Expected times come from the board's limits
/// (<see cref="SafetyLimits"/> defaults), not from the simulator.
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
        var limits = new SafetyLimits();
        double rcTimeoutS = limits.RcLossTimeoutMs * 1e-3;
        double landingS = limits.LandingMaxMs * 1e-3;
        double staleS = limits.ImuStaleMs * 1e-3;
        double frozenS = limits.ImuFrozenMs * 1e-3;
        // RC frames come every 10 ms and are read in every other 500 Hz cycle.
        const double RcFrameS = 0.010;

        foreach (int seed in new[] { 1, 2 })
        {
            var r = Fly(frame, scenarioName, seed);
            var fault = r.Faults.Single();
            var safety = r.Safety;
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
                    // Stage 1 (level, land) once the last frame read is older than the timeout; that frame was sent
                    // within one frame period before the loss and read within two cycles of being sent.
                    Assert.NotNull(safety.LandingStartS);
                    Assert.InRange(safety.LandingStartS!.Value, fault.StartS + rcTimeoutS - RcFrameS, fault.StartS + rcTimeoutS + 2 * CycleS);
                    // Stage 2 (motors off) when the landing found the ground, before the last-resort landing time,
                    // on the ground (the simulator's truth) after a contact at no more than 2 m/s.
                    Assert.Equal(off, safety.TouchdownDetectedS);
                    Assert.True(off - safety.LandingStartS.Value < landingS, $"{where}: landing took {off - safety.LandingStartS.Value} s");
                    Assert.False(r.Crashed, $"{where}: {r.CrashReason}");
                    Assert.InRange(safety.TouchdownSpeedMs!.Value, 0, 2.0);
                    Assert.InRange(off - safety.TouchdownS!.Value, 0, 2.0);
                    Assert.InRange(safety.MotorsOffHeightM!.Value, 0, FlightResult.OnGroundHeightM);
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
                    // Frozen once the register bytes have not changed for the limit: they last changed at the last
                    // read before the fault (within one cycle of its start).
                    Assert.InRange(off, fault.StartS + frozenS - CycleS, fault.StartS + frozenS + CycleS);
                    break;
            }
        }
    }
}
