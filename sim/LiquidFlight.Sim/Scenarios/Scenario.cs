using LiquidFlight.Sim.Faults;
using LiquidFlight.Sim.Frames;
using LiquidFlight.Sim.Physics;

namespace LiquidFlight.Sim.Scenarios;

public enum ScenarioKind
{
    Nominal,
    Stress,

    /// <summary>A failure injected in flight to exercise the safety supervisor; not a measure of the controller.</summary>
    Fault,
}

/// <summary>One attitude setpoint from <see cref="TimeS"/> on (degrees, FRD sense).</summary>
public readonly record struct SetpointStep(double TimeS, double RollDeg, double PitchDeg, double YawRateDegS = 0);

/// <summary>
/// A named flight: the start state, the pilot's attitude setpoints over time and the default conditions
/// (which command-line knobs may override). Deterministic from the seed.
/// </summary>
public sealed class Scenario
{
    public required string Name { get; init; }
    public required ScenarioKind Kind { get; init; }
    public required string Description { get; init; }
    public required double DefaultSeconds { get; init; }

    /// <summary>
    /// A knock (collision, prop strike): at <see cref="KickTimeS"/> the body rates jump by this much (deg/s, p q r).
    /// Applied after the estimator has converged, because a craft released tilted in mid-air gives its
    /// accelerometer nothing to level against (it reads thrust, not gravity), which no real flight starts from.
    /// </summary>
    public (double P, double Q, double R) KickDegS { get; init; }

    public double KickTimeS { get; init; } = double.PositiveInfinity;
    public required IReadOnlyList<SetpointStep> Setpoints { get; init; }

    public double Jitter { get; init; }
    public double Dropout { get; init; }
    public double BurstProbability { get; init; }
    public int BurstLengthSamples { get; init; }
    public double MassScale { get; init; } = 1;
    public double InertiaScale { get; init; } = 1;
    public double NoiseScale { get; init; } = 1;
    public double MotorLagScale { get; init; } = 1;
    public double WindMs { get; init; }

    /// <summary>The failure a <see cref="ScenarioKind.Fault"/> scenario injects (null for the others).</summary>
    public FaultPlan? Fault { get; init; }

    public string KindName => Kind switch
    {
        ScenarioKind.Nominal => "nominal",
        ScenarioKind.Stress => "stress",
        _ => "fault",
    };

    /// <summary>The scenario's conditions on a frame with command-line overrides applied.</summary>
    public FlightConditions Resolve(FrameSpec frame, ConditionOverrides o) => new()
    {
        Seconds = o.Seconds ?? DefaultSeconds,
        LoopHz = o.LoopHz ?? 500,
        ImuHz = o.ImuHz ?? frame.Imu.RateHz,
        Jitter = o.Jitter ?? Jitter,
        Dropout = o.Dropout ?? Dropout,
        BurstProbability = o.BurstProbability ?? BurstProbability,
        BurstLengthSamples = o.BurstLengthSamples ?? BurstLengthSamples,
        MassScale = o.MassScale ?? MassScale,
        InertiaScale = o.InertiaScale ?? InertiaScale,
        NoiseScale = o.NoiseScale ?? NoiseScale,
        MotorLagScale = o.MotorLagScale ?? MotorLagScale,
        Wind = WindConditions.FromMeanSpeed(o.WindMs ?? WindMs),
        RcPollHz = o.RcPollHz ?? FlightConditions.DefaultRcPollHz,
    };

    /// <summary>The setpoint in force at time t (the last step whose time has come).</summary>
    public SetpointStep SetpointAt(double t)
    {
        var current = Setpoints[0];
        for (int i = 1; i < Setpoints.Count && Setpoints[i].TimeS <= t; i++)
        {
            current = Setpoints[i];
        }

        return current;
    }
}
