using LiquidFlight.Sim.Frames;
using LiquidFlight.Sim.Scenarios;

namespace LiquidFlight.Sim.Tests.Scenarios;

/// <summary>
/// Issue 3: every physical stress is also a command-line knob. For each scenario, the nominal attitude-steps
/// scenario with knobs set to that scenario's values must fly under the very same conditions, and those knob
/// values must be inside the ranges the command line accepts.
/// </summary>
public class KnobCoverageTests
{
    public static IEnumerable<object[]> Cases =>
        from frame in FrameCatalog.Names
        from scenario in ScenarioCatalog.WithFaults
        select new object[] { frame, scenario.Name };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_scenarios_conditions_can_be_composed_from_knobs(string frameName, string scenarioName)
    {
        var frame = FrameCatalog.Get(frameName);
        Assert.True(ScenarioCatalog.TryGet(scenarioName, out var scenario));
        Assert.True(ScenarioCatalog.TryGet("attitude-steps", out var nominal));
        var knobs = new ConditionOverrides
        {
            Seconds = scenario.DefaultSeconds,
            Jitter = scenario.Jitter,
            Dropout = scenario.Dropout,
            BurstProbability = scenario.BurstProbability,
            BurstLengthSamples = scenario.BurstLengthSamples == 0 ? null : scenario.BurstLengthSamples,
            MassScale = scenario.MassScale,
            InertiaScale = scenario.InertiaScale,
            NoiseScale = scenario.NoiseScale,
            MotorLagScale = scenario.MotorLagScale,
            WindMs = scenario.WindMs,
        };

        Assert.Null(Knobs.Check(knobs));
        Assert.Equal(scenario.Resolve(frame, ConditionOverrides.None), nominal.Resolve(frame, knobs));
    }

    [Theory]
    [InlineData(-0.01, 5)]
    [InlineData(0.11, 5)]
    [InlineData(0.01, 0)]
    [InlineData(0.01, 1001)]
    public void Burst_knobs_outside_their_range_are_refused_by_name(double probability, int length)
    {
        string? problem = Knobs.Check(new ConditionOverrides { BurstProbability = probability, BurstLengthSamples = length });
        Assert.NotNull(problem);
        Assert.Contains(probability is < 0 or > 0.1 ? "--burst " : "--burst-length", problem);
    }
}
