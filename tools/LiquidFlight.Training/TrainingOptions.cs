using LiquidFlight.Training.Simulation;

namespace LiquidFlight.Training;

/// <summary>
/// Every knob of a training run. The result is a pure function of these (the seed and the iteration counts);
/// <see cref="MaxWallClock"/> only cuts a run short, and a run that was cut short says so in its log and result.
/// </summary>
public sealed record TrainingOptions
{
    public int Seed { get; init; } = 1;

    /// <summary>Upper bound on wall-clock time; null = run every iteration.</summary>
    public TimeSpan? MaxWallClock { get; init; }

    public int MaxParallelism { get; init; } = 2;

    // Network: NCP sizes (fewer than 20 neurons) and the synapse-evaluation budget per step.
    public int InterNeurons { get; init; } = 6;
    public int CommandNeurons { get; init; } = 5;
    public int SensoryFanout { get; init; } = 2;
    public int InterFanout { get; init; } = 2;
    public int RecurrentCommandSynapses { get; init; } = 3;
    public int MotorFanin { get; init; } = 2;

    /// <summary>Most unfolds tried; the largest that keeps synapse evaluations within budget is used.</summary>
    public int MaxUnfolds { get; init; } = 3;
    public int SynapseEvaluationBudget { get; init; } = 100;

    /// <summary>Wirings drawn and briefly fitted; the best one is trained further.</summary>
    public int WiringCandidates { get; init; } = 4;
    public int WiringTrialIterations { get; init; } = 250;

    // Phase 1: behaviour cloning on teacher flights.
    public int CloningEpisodes { get; init; } = 28;
    public int CloningIterations { get; init; } = 1200;
    public double CloningLearningRate { get; init; } = 0.02;
    public int SegmentLength { get; init; } = 160;
    public int BurnIn { get; init; } = 40;
    public int BatchSize { get; init; } = 16;

    // Phase 2: DAgger rounds (student flies, teacher relabels in shadow, refit on the aggregate).
    public int DaggerRounds { get; init; } = 3;
    public int DaggerEpisodesPerRound { get; init; } = 14;
    public int DaggerIterationsPerRound { get; init; } = 500;

    // Phase 3: closed-loop antithetic ES on cost relative to the teacher.
    public int EvolutionIterations { get; init; } = 30;
    public int EvolutionPairs { get; init; } = 6;
    public int EvolutionEpisodesPerIteration { get; init; } = 4;
    public double EvolutionNoise { get; init; } = 0.03;
    public double EvolutionLearningRate { get; init; } = 0.02;
    public double EvolutionEpisodeSeconds { get; init; } = 4;

    // Selection in fixed point at the end: every checkpoint flies these loop rates on every scenario x frame.
    public int[] SelectionLoopHz { get; init; } = { 200, 500, 1000 };
    public double SelectionEpisodeSeconds { get; init; } = 5;

    public CostWeights Cost { get; init; } = new();
    public DomainRanges Domain { get; init; } = new();
}

/// <summary>Closed-loop cost of one flight, relative to the teacher flying the same flight.</summary>
public sealed record CostWeights
{
    /// <summary>Added on a crash (the ratio terms are about 1 for teacher-like flight).</summary>
    public double Crash { get; init; } = 20;
    public double Saturation { get; init; } = 0.01;
    public double Chatter { get; init; } = 2;
}
