using LiquidFlight.Training.Optimization;

namespace LiquidFlight.Training.Simulation;

/// <summary>
/// Draws randomised flights so that one network learns to fly across airframes and conditions: mass, inertia,
/// motor lag, IMU noise, sampling jitter and drops, wind and gusts, and the control loop rate (so the same model
/// flies at whatever rate a board sustains). Every draw is a pure function of (seed, index).
/// </summary>
public sealed class DomainRandomizer
{
    private readonly IReadOnlyList<string> _scenarios;
    private readonly IReadOnlyList<string> _frames;
    private readonly DomainRanges _ranges;

    public DomainRandomizer(IReadOnlyList<string> scenarios, IReadOnlyList<string> frames, DomainRanges ranges)
    {
        if (scenarios.Count == 0) throw new ArgumentException("no scenarios to train on");
        if (frames.Count == 0) throw new ArgumentException("no frames to train on");
        _scenarios = scenarios;
        _frames = frames;
        _ranges = ranges;
    }

    public EpisodeSpec Draw(int seed, int phase, int index)
    {
        var rng = SeedSequence.Random(seed, phase, index);
        var r = _ranges;
        // Scenario and frame cycle through every combination so small budgets still cover them all.
        string scenario = _scenarios[index % _scenarios.Count];
        string frame = _frames[(index / _scenarios.Count) % _frames.Count];
        int loopHz = r.LoopHz[rng.Next(r.LoopHz.Length)];
        bool randomise = rng.NextDouble() < r.RandomisedFraction;
        return new EpisodeSpec(
            scenario, frame, SeedSequence.Derive(seed, phase, index, 7), r.EpisodeSeconds, loopHz,
            MassScale: randomise ? Uniform(rng, r.MassScale) : 1,
            InertiaScale: randomise ? Uniform(rng, r.InertiaScale) : 1,
            MotorLagScale: randomise ? Uniform(rng, r.MotorLagScale) : 1,
            NoiseScale: randomise ? Uniform(rng, r.NoiseScale) : 1,
            Jitter: randomise ? Uniform(rng, r.Jitter) : 0,
            Dropout: randomise ? Uniform(rng, r.Dropout) : 0,
            WindMps: randomise ? Uniform(rng, r.WindMps) : 0);
    }

    private static double Uniform(Random rng, (double Low, double High) range) =>
        range.Low + (rng.NextDouble() * (range.High - range.Low));
}

/// <summary>The ranges randomised flights are drawn from (a scenario's own conditions come on top).</summary>
public sealed record DomainRanges
{
    /// <summary>Flight length; 0 = the scenario's own length (the whole setpoint sequence).</summary>
    public double EpisodeSeconds { get; init; } = 0;
    public int[] LoopHz { get; init; } = { 200, 250, 333, 500, 750, 1000 };

    /// <summary>Share of flights with randomised physics; the rest fly the frame as specified.</summary>
    public double RandomisedFraction { get; init; } = 0.75;

    public (double Low, double High) MassScale { get; init; } = (0.85, 1.5);
    public (double Low, double High) InertiaScale { get; init; } = (0.85, 1.6);
    public (double Low, double High) MotorLagScale { get; init; } = (0.7, 2.2);
    public (double Low, double High) NoiseScale { get; init; } = (0.5, 4);
    public (double Low, double High) Jitter { get; init; } = (0, 0.6);
    public (double Low, double High) Dropout { get; init; } = (0, 0.25);
    public (double Low, double High) WindMps { get; init; } = (0, 6);
}
