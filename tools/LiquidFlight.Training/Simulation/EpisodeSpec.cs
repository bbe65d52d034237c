namespace LiquidFlight.Training.Simulation;

/// <summary>
/// One simulated flight: scenario, frame, seed and the physical/timing conditions layered on top of the
/// scenario's own (scales multiply the frame's values; 1 = as the frame file says).
/// </summary>
public sealed record EpisodeSpec(
    string Scenario,
    string Frame,
    int Seed,
    double Seconds,
    int LoopHz,
    double MassScale = 1,
    double InertiaScale = 1,
    double MotorLagScale = 1,
    double NoiseScale = 1,
    double Jitter = 0,
    double Dropout = 0,
    double WindMps = 0)
{
    public override string ToString() =>
        FormattableString.Invariant(
            $"{Scenario}/{Frame} seed {Seed} {LoopHz} Hz m{MassScale:F2} I{InertiaScale:F2} lag{MotorLagScale:F2} n{NoiseScale:F2} j{Jitter:F2} d{Dropout:F2} w{WindMps:F1}");
}

/// <summary>What training needs back from a flight.</summary>
public sealed record EpisodeOutcome(
    bool Crashed,
    double RmsAttitudeErrorDeg,
    double MaxAttitudeErrorDeg,
    double MotorSaturationPct,
    double SimSeconds);
