using LiquidFlight.Core.Safety;

namespace LiquidFlight.Sim.Faults;

/// <summary>
/// What the safety supervisor did during a flight (every flight: it always flies), in scenario seconds
/// (0 = the release of the held craft; negative = before it), null = never.
/// </summary>
public sealed record SafetyOutcome
{
    /// <summary>When the supervisor armed on the pilot's switch (before the release, so negative).</summary>
    public double? ArmedS { get; init; }

    /// <summary>Board time from power-on to the release of the craft, s (calibration, arming, spool-up).</summary>
    public double PreflightS { get; init; }

    public double? LandingStartS { get; init; }
    public double? MotorsOffS { get; init; }
    public double? DisarmedS { get; init; }
    /// <summary>First ground contact after the release (simulator truth), and the downward speed at it, m/s.</summary>
    public double? TouchdownS { get; init; }
    public double? TouchdownSpeedMs { get; init; }

    /// <summary>Height above the ground (simulator truth, m) when the motors stopped: above 0 the craft fell from there.</summary>
    public double? MotorsOffHeightM { get; init; }

    /// <summary>When the failsafe landing's touchdown detector (Core, IMU only) stopped the motors; null = it did not (timeout, fault, no landing).</summary>
    public double? TouchdownDetectedS { get; init; }

    public FailsafeCause Cause { get; init; }

    /// <summary>Arming attempts the supervisor refused, and the reasons of the last one.</summary>
    public int ArmingRefusals { get; init; }
    public ArmingDisableFlags LastRefusal { get; init; }
}
