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
    public int InterNeurons { get; init; } = 3;
    public int CommandNeurons { get; init; } = 3;
    public int SensoryFanout { get; init; } = 2;
    public int InterFanout { get; init; } = 2;
    public int RecurrentCommandSynapses { get; init; } = 2;
    public int MotorFanin { get; init; } = 2;

    /// <summary>Most unfolds tried; the largest with (all synapses) x unfolds within the budget is used.</summary>
    public int MaxUnfolds { get; init; } = 1;
    public int SynapseEvaluationBudget { get; init; } = 100;

    /// <summary>
    /// Solver order of the trained network (LtcParameters.SolverJacobi or SolverLayered). Layered with one unfold
    /// is the default: an input reaches the motor neurons within the step at a third of the Jacobi order's three
    /// unfolds (fewer synapse evaluations and divisions per step), and it trained about as well (a better worst case).
    /// </summary>
    public int Solver { get; init; } = LiquidFlight.Core.Ltc.LtcParameters.SolverLayered;

    /// <summary>Initial conductances (w, gleak) are drawn in [0.2, 1] times this; cm in [0.001, 0.004] s.</summary>
    public double ConductanceScale { get; init; } = 5;

    /// <summary>Wirings drawn and scored by structure (<see cref="Network.WiringScore"/>).</summary>
    public int WiringDraws { get; init; } = 64;

    /// <summary>
    /// Best-scoring wirings (by structure) that are each cloned in full and flown in fixed point; the lowest
    /// selection cost goes on to DAgger and evolution.
    /// </summary>
    public int WiringCandidates { get; init; } = 3;

    // Phase 1: behaviour cloning on teacher flights.
    public int CloningEpisodes { get; init; } = 36;
    public int CloningIterations { get; init; } = 9000;
    public double CloningLearningRate { get; init; } = 0.06;
    public int SegmentLength { get; init; } = 160;
    public int BurnIn { get; init; } = 40;
    public int BatchSize { get; init; } = 16;

    // Phase 2: DAgger rounds (student flies, teacher relabels in shadow, refit on the aggregate).
    public int DaggerRounds { get; init; } = 2;
    public int DaggerEpisodesPerRound { get; init; } = 12;
    public int DaggerIterationsPerRound { get; init; } = 400;

    /// <summary>DAgger refits start from the cloned network: smaller steps keep it in its basin.</summary>
    public double DaggerLearningRate { get; init; } = 0.02;

    /// <summary>A student flight stops being recorded once its roll or pitch error exceeds this (rad).</summary>
    public double DaggerMaxAttitudeErrorRad { get; init; } = 0.8;

    // Phase 3: closed-loop antithetic ES on cost relative to the teacher.
    public int EvolutionIterations { get; init; } = 300;
    public int EvolutionPairs { get; init; } = 6;
    public int EvolutionEpisodesPerIteration { get; init; } = 4;
    public double EvolutionNoise { get; init; } = 0.01;
    /// <summary>Adam step in units of the perturbation size.</summary>
    public double EvolutionLearningRate { get; init; } = 0.5;
    public double EvolutionEpisodeSeconds { get; init; } = 0;

    // Phase 4: pruning for the board (each synapse evaluation costs the interpreter about 2,000 host instructions).
    /// <summary>
    /// Synapses are removed one at a time, each time the one whose removal leaves the lowest selection cost, while that
    /// cost stays within (1 + this) times the chosen checkpoint's and no selection flight crashes; 0 = no pruning.
    /// </summary>
    public double PruneTolerance { get; init; } = 0.03;
    /// <summary>Evolution-strategy iterations that fine-tune the network after each pruning pass.</summary>
    public int PruneEvolutionIterations { get; init; } = 60;
    /// <summary>Pruning passes (each followed by fine-tuning) at most; they stop early once a pass removes nothing.</summary>
    public int PruneRounds { get; init; } = 3;

    // Selection in fixed point at the end: every checkpoint flies these loop rates on every scenario x frame.
    public int[] SelectionLoopHz { get; init; } = { 200, 500, 1000 };
    public double SelectionEpisodeSeconds { get; init; } = 0;

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
