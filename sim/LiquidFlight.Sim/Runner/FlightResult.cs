using LiquidFlight.Sim.Scenarios;

namespace LiquidFlight.Sim.Runner;

/// <summary>
/// The outcome of one flight. Attitude error is the tilt error of the true attitude against the pilot's
/// roll/pitch setpoint (deg). Settle time is the mean, over the setpoint steps (and knocks) that settled, of the
/// time until the error entered and stayed inside <see cref="ClosedLoopRunner.SettleBandDeg"/> until the next
/// step; steps still outside the band when the next one came are counted in <see cref="UnsettledSteps"/>
/// (null settle time when no step settled or the flight crashed).
/// Motor saturation is the share of control cycles in which the mixer had to shrink the torques or shift the
/// collective throttle to keep every motor inside its range.
/// </summary>
public sealed class FlightResult
{
    /// <summary>Motors stopped at or below this height (m) count as stopped on the ground (no fall).</summary>
    public const double OnGroundHeightM = 0.05;

    public required string Controller { get; init; }
    public required string Scenario { get; init; }
    public required string Frame { get; init; }
    public required int Seed { get; init; }
    public required bool Crashed { get; init; }
    public string? CrashReason { get; init; }
    public double? CrashTimeS { get; init; }
    public required double RmsAttitudeErrorDeg { get; init; }
    public required double MaxAttitudeErrorDeg { get; init; }
    public required double? SettleTimeS { get; init; }
    public required int SettledSteps { get; init; }
    public required int UnsettledSteps { get; init; }
    public required double MotorSaturationPct { get; init; }
    public required double SimSeconds { get; init; }
    public required double WallSeconds { get; init; }
    public required double RealTimeFactor { get; init; }
    public required long ControlCycles { get; init; }
    /// <summary>IMU samples delivered and dropped from the release on (the pre-flight on the hand is not counted).</summary>
    public required long ImuSamplesDelivered { get; init; }
    public required long ImuSamplesDropped { get; init; }
    public required FlightConditions Conditions { get; init; }
    public FlightRecording? Recording { get; init; }

    /// <summary>The faults injected (the scenario's and the request's; empty for none).</summary>
    public required IReadOnlyList<LiquidFlight.Sim.Faults.FaultPlan> Faults { get; init; }

    /// <summary>What the safety supervisor did (every flight).</summary>
    public required LiquidFlight.Sim.Faults.SafetyOutcome Safety { get; init; }

    /// <summary>The board cycle's own counters (IMU reads, RC frames, caught faults), power-on to the end.</summary>
    public required LiquidFlight.Sim.Board.BoardCounters Board { get; init; }

    /// <summary>The board's status messages (boot, calibration, arming, failsafe), oldest first.</summary>
    public IReadOnlyList<string> StatusMessages { get; init; } = [];

    /// <summary>HIL: the link's figures (frames, errors, latency) and why the flight ended early, if it did; null in process.</summary>
    public LiquidFlight.Sim.Hil.HilLinkFigures? Link { get; init; }
}
