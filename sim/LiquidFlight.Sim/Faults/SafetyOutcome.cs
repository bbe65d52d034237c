using LiquidFlight.Core.Safety;

namespace LiquidFlight.Sim.Faults;

/// <summary>What the safety supervisor did during a flight with an injected fault (times in seconds, null = never).</summary>
public sealed record SafetyOutcome
{
    public double? LandingStartS { get; init; }
    public double? MotorsOffS { get; init; }
    public double? DisarmedS { get; init; }
    public FailsafeCause Cause { get; init; }
}
