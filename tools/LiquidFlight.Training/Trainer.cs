using System.Diagnostics;
using LiquidFlight.Model;
using LiquidFlight.Training.Cloning;
using LiquidFlight.Training.Data;
using LiquidFlight.Training.Network;
using LiquidFlight.Training.Optimization;
using LiquidFlight.Training.Simulation;

namespace LiquidFlight.Training;

/// <summary>
/// Trains the stabiliser LTC from scratch in the simulator:
///  1. behaviour cloning: the per-frame PID flies randomised flights; the network is fitted to its axis commands
///     by backpropagation through time (a few candidate wirings are fitted briefly and the best is kept);
///  2. DAgger: the student flies, the PID relabels the states it visits in shadow, the aggregate is refitted;
///  3. closed-loop fine-tuning with an antithetic evolution strategy on a cost relative to the PID (attitude
///     error, saturation, chatter, crashes);
///  4. quantisation-aware selection: every checkpoint flies every scenario and frame at several loop rates in
///     fixed point (the firmware's network), and the best one is the result.
/// Deterministic: every random draw derives from the seed and an iteration index, parallel work is reduced in
/// index order, and the wall-clock bound only decides whether later iterations run at all.
/// </summary>
public sealed class Trainer
{
    // Phase tags for seed derivation: changing one phase's budget does not redraw another phase's randomness.
    private const int PhaseTeacherData = 1;
    private const int PhaseWiring = 2;
    private const int PhaseValidationData = 3;
    private const int PhaseBatches = 4;
    private const int PhaseInit = 5;
    private const int PhaseDagger = 10;
    private const int PhaseEvolution = 100;
    private const int PhaseEvolutionNoise = 101;
    private const int PhaseSelection = 200;
    private const int PhasePruneNoise = 300;
    private const int PhasePruneEvolution = 10_000;

    private readonly TrainingOptions _o;
    private readonly ITrainingSimulator _sim;
    private readonly TrainingLog _log;
    private readonly IProgress<TrainingProgress>? _progress;
    private readonly NetworkInputMap _map = new();
    private readonly DomainRandomizer _domain;
    private readonly Stopwatch _clock = new();
    private bool _cutShort;

    public Trainer(TrainingOptions options, ITrainingSimulator simulator, TrainingLog log, IProgress<TrainingProgress>? progress = null)
    {
        _o = options;
        _sim = simulator;
        _log = log;
        _progress = progress;
        _domain = new DomainRandomizer(simulator.Scenarios, simulator.Frames, options.Domain);
    }

    private bool OutOfTime()
    {
        if (_o.MaxWallClock is { } limit && _clock.Elapsed > limit) _cutShort = true;
        return _cutShort;
    }

    private void Report(string phase, double fraction, string status) =>
        _progress?.Report(new TrainingProgress(phase, Math.Clamp(fraction, 0, 1), status));

    private void Log(string phase, int iteration, double cost, double? validation, int samples, string? note = null) =>
        _log.Write(new TrainingLogEntry(phase, iteration, cost, validation, samples, Math.Round(_clock.Elapsed.TotalSeconds, 2), note));

    public TrainingResult Run(CancellationToken cancel = default)
    {
        _clock.Restart();
        var checkpoints = new List<(string Name, double[] P)>();

        // Teacher flights: training and held-out validation recordings.
        Report("teacher flights", 0, "recording PID flights");
        var data = Record(PhaseTeacherData, _o.CloningEpisodes, null, null, cancel);
        var validation = Record(PhaseValidationData, Math.Max(2, _o.CloningEpisodes / 4), null, null, cancel);
        Log("teacher", 0, 0, null, Steps(data), $"{data.Count} training + {validation.Count} validation flights");
        double[] inputRms = DataDrivenInit.InputRms(data);
        double[] targetRms = DataDrivenInit.TargetRms(data);
        // Each axis weighted by the inverse of its command's mean square: the loss reads as 1 - R^2 summed over axes.
        _outputWeights = targetRms.Select(r => 1.0 / Math.Max(r * r, 1e-8)).ToArray();

        // Wiring candidates: each is cloned in full and flown in fixed point over the selection flights; the lowest
        // selection cost wins and goes on to DAgger and evolution. (A brief fit's validation loss proved a poor
        // predictor: a wiring that led it could clone to a network that crashed every selection flight.)
        LtcModel? template = null;
        NetworkShape? shape = null;
        double[]? p = null;
        BehaviourCloning? cloning = null;
        List<Segment>? segments = null;
        List<Segment>? validationSegments = null;
        CheckpointScore? bestWiring = null;
        var candidates = RankWirings();
        for (int rank = 0; rank < candidates.Count; rank++)
        {
            cancel.ThrowIfCancellationRequested();
            int c = candidates[rank];
            LtcModel m = InitialModel(_o, WiringSeed(_o.Seed, c), inputRms);
            var s = ModelVector.ShapeOf(m);
            var cp = ModelVector.ToVector(m, s);
            DataDrivenInit.FitReadout(s, cp, data);
            var bc = NewCloning(s, cp);
            var segs = bc.Segments(data);
            var valSegs = bc.Segments(validation);
            RunCloning(bc, cp, data, segs, validation, valSegs, _o.CloningIterations, _o.CloningLearningRate, "cloning", 0, cancel);
            double val = bc.Evaluate(cp, validation, valSegs);
            CheckpointScore score = Select(m, s, new List<(string, double[])> { ($"wiring{c}", cp) }, 0, cancel)[0];
            Log("wiring", c, score.Cost, val, Steps(data),
                $"wiring seed {WiringSeed(_o.Seed, c)}, {s.SynapseEvaluationsPerStep} synapse evaluations/step, {score.Crashes} crashes in selection");
            Report("wiring", (rank + 1.0) / candidates.Count, $"candidate {c}: validation loss {val:G4}, selection cost {score.Cost:G4}");
            if (bestWiring == null || score.Cost < bestWiring.Cost)
            {
                bestWiring = score;
                template = m;
                shape = s;
                p = cp;
                cloning = bc;
                segments = segs;
                validationSegments = valSegs;
            }
        }

        checkpoints.Add(("cloning", (double[])p!.Clone()));

        // DAgger.
        for (int r = 0; r < _o.DaggerRounds && !OutOfTime(); r++)
        {
            var student = (double[])p!.Clone();
            var fresh = Record(PhaseDagger + r, _o.DaggerEpisodesPerRound, shape, student, cancel);
            data.AddRange(fresh);
            segments = cloning!.Segments(data);
            RunCloning(cloning, p!, data, segments, validation, validationSegments!, _o.DaggerIterationsPerRound, _o.DaggerLearningRate, "dagger", r + 1, cancel);
            checkpoints.Add(($"dagger{r + 1}", (double[])p!.Clone()));
        }

        // Quantisation-aware selection in fixed point of the imitation checkpoints (the cloning checkpoint was
        // flown as the winning wiring); the evolution strategy fine-tunes the best of them, and its own checkpoints
        // are then judged the same way.
        var scores = new List<CheckpointScore> { bestWiring! with { Name = "cloning" } };
        scores.AddRange(Select(template!, shape!, checkpoints, 1, cancel));
        if (_o.EvolutionIterations > 0 && !OutOfTime())
        {
            var start = scores.OrderBy(x => x.Cost).ThenBy(x => checkpoints.FindIndex(c => c.Name == x.Name)).First();
            p = (double[])checkpoints.First(c => c.Name == start.Name).P.Clone();
            Log("evolution", 0, start.Cost, null, 0, $"starting from checkpoint {start.Name}");
            int before = checkpoints.Count;
            RunEvolution(shape!, p, checkpoints, _o.EvolutionIterations, SeedSequence.Derive(_o.Seed, PhaseEvolutionNoise),
                it => PhaseEvolution + it, "evolution", cancel);
            scores.AddRange(Select(template!, shape!, checkpoints, before, cancel));
        }

        var best = scores[0];
        foreach (var sc in scores)
            if (sc.Cost < best.Cost) best = sc;
        double[] chosen = checkpoints.First(c => c.Name == best.Name).P;
        LtcModel model = ModelVector.ToModel(template!, shape!, chosen);
        int unpruned = shape!.SynapseEvaluationsPerStep;
        if (_o.PruneTolerance > 0 && !OutOfTime())
        {
            (model, best) = Prune(model, best, scores, cancel);
        }

        int evaluations = ModelVector.ShapeOf(model).SynapseEvaluationsPerStep;
        model.Description =
            $"LTC stabiliser trained by `liquidflight train --seed {_o.Seed}{CommandLineOptions(_o)}`: NCP {template!.NeuronCount} neurons " +
            $"({_o.InterNeurons} inter, {_o.CommandNeurons} command, 3 motor), {evaluations} synapse evaluations/step" +
            (evaluations != unpruned ? $" (pruned from {unpruned})" : "") +
            $", checkpoint '{best.Name}' chosen in fixed point" + (_cutShort ? " (run cut short by --minutes)" : "");
        Log("result", 0, best.Cost, null, 0, $"checkpoint {best.Name}{(_cutShort ? ", cut short by the wall-clock bound" : "")}");
        Report("done", 1, $"checkpoint {best.Name}, selection cost {best.Cost:G4}");
        return new TrainingResult(model, best.Name, scores, _cutShort, _clock.Elapsed);
    }

    private double[] _outputWeights = { 1, 1, 1 };

    /// <summary>Candidate indices of the best-scoring wirings among WiringDraws drawn, best first.</summary>
    private List<int> RankWirings()
    {
        var scored = new List<(int Candidate, double Score)>();
        for (int c = 0; c < Math.Max(1, _o.WiringDraws); c++)
            scored.Add((c, WiringScore.Score(InitialModel(_o, WiringSeed(_o.Seed, c)), WiringScore.StabiliserAxisInputs)));
        var best = scored.OrderByDescending(x => x.Score).ThenBy(x => x.Candidate).Take(Math.Max(1, _o.WiringCandidates)).ToList();
        foreach (var (c, score) in best) Log("wiring-score", c, -score, null, 0, $"wiring seed {WiringSeed(_o.Seed, c)}: structural score {score:F3}");
        return best.Select(x => x.Candidate).ToList();
    }

    private BehaviourCloning NewCloning(NetworkShape shape, double[] p) =>
        new(shape, new CloningOptions
        {
            SegmentLength = _o.SegmentLength,
            SegmentStride = _o.SegmentLength / 2,
            BurnIn = _o.BurnIn,
            BatchSize = _o.BatchSize,
            LearningRate = _o.CloningLearningRate,
            MaxParallelism = _o.MaxParallelism,
            OutputWeights = _outputWeights,
        }, StepScale(shape, p, _o.ConductanceScale));

    private void RunCloning(BehaviourCloning bc, double[] p, List<FlightRecording> data, List<Segment> segments,
        List<FlightRecording> validation, List<Segment> validationSegments, int iterations, double learningRate, string phase,
        int round, CancellationToken cancel)
    {
        double running = double.NaN;
        for (int it = 0; it < iterations; it++)
        {
            cancel.ThrowIfCancellationRequested();
            if (OutOfTime()) break;
            // Step size decays over each phase: large steps find the basin, small ones settle in it.
            bc.LearningRate = learningRate * (0.2 + (0.8 * (1.0 - ((double)it / iterations))));
            double loss = bc.Step(p, data, segments, SeedSequence.Derive(_o.Seed, PhaseBatches, 1000 + round, it));
            running = double.IsNaN(running) ? loss : (0.95 * running) + (0.05 * loss);
            if (it % 50 == 49 || it == iterations - 1)
            {
                double val = bc.Evaluate(p, validation, validationSegments);
                Log(phase, it + 1, loss, val, Steps(data), round > 0 ? $"round {round}" : null);
                Report(phase, (it + 1.0) / iterations, $"{(round > 0 ? $"round {round}, " : "")}loss {running:G4}, validation {val:G4}");
            }
        }
    }

    private List<FlightRecording> Record(int phase, int episodes, NetworkShape? studentShape, double[]? student, CancellationToken cancel)
    {
        var result = new FlightRecording[episodes];
        Parallel.For(0, episodes, new ParallelOptions { MaxDegreeOfParallelism = _o.MaxParallelism, CancellationToken = cancel }, i =>
        {
            EpisodeSpec spec = _domain.Draw(_o.Seed, phase, i);
            var teacher = _sim.CreateTeacher(spec.Frame);
            ShadowTeacher shadow = student == null
                ? new ShadowTeacher(teacher, null, _map)
                : new ShadowTeacher(new FloatStudent(studentShape!, student, _map), teacher, _map)
                {
                    MaxRecordedAttitudeErrorRad = _o.DaggerMaxAttitudeErrorRad,
                };
            _sim.Fly(spec, shadow);
            result[i] = shadow.Recorder.Build($"phase {phase}: {spec}");
        });
        // A flight lost at once leaves too short a recording to cut a segment from; it adds nothing.
        var kept = result.Where(r => r.Steps >= _o.SegmentLength).ToList();
        Report(student == null ? "teacher flights" : "dagger flights", 1, $"{kept.Count} of {episodes} flights kept");
        return kept;
    }

    /// <summary>
    /// The evolution strategy on <paramref name="p"/> for <paramref name="iterations"/> iterations, its noise drawn from
    /// <paramref name="noiseSeed"/> and iteration i's flights from phase tag <paramref name="flightPhase"/>(i); a
    /// checkpoint named <paramref name="name"/> + iteration every 10 iterations and at the end.
    /// </summary>
    private void RunEvolution(NetworkShape shape, double[] p, List<(string Name, double[] P)> checkpoints, int iterations,
        int noiseSeed, Func<int, int> flightPhase, string name, CancellationToken cancel)
    {
        var scale = StepScale(shape, p, _o.ConductanceScale);
        var noise = new double[scale.Length];
        for (int i = 0; i < noise.Length; i++) noise[i] = scale[i] * _o.EvolutionNoise;
        var es = new AntitheticEvolution(noiseSeed, _o.EvolutionPairs, noise, _o.EvolutionLearningRate, _o.MaxParallelism);
        int k = _o.EvolutionEpisodesPerIteration;
        for (int it = 0; it < iterations; it++)
        {
            cancel.ThrowIfCancellationRequested();
            if (OutOfTime()) break;
            // All candidates of an iteration fly the same flights, so their ranks compare parameters, not luck.
            var specs = new EpisodeSpec[k];
            for (int e = 0; e < k; e++)
                specs[e] = _domain.Draw(_o.Seed, flightPhase(it), e) with { Seconds = _o.EvolutionEpisodeSeconds };
            var baseline = TeacherBaseline(specs);
            var result = es.Step(p, (candidate, _, _) => ClosedLoopCost(shape, candidate, specs, baseline), shape.Project);
            Log(name, it + 1, result.MeanCost, null, k * 2 * _o.EvolutionPairs, $"best candidate {result.BestCost:G4}");
            Report(name, (it + 1.0) / iterations, $"mean cost {result.MeanCost:G4}, best {result.BestCost:G4}");
            if ((it + 1) % 10 == 0 || it == iterations - 1)
                checkpoints.Add(($"{name}{it + 1}", (double[])p.Clone()));
        }
    }

    /// <summary>
    /// Pruning for the board: passes that each remove synapses one at a time (each time the one whose removal leaves
    /// the lowest selection cost, as long as that cost stays within (1 + PruneTolerance) times the chosen checkpoint's
    /// and no selection flight crashes), then fine-tune the smaller network with the evolution strategy and keep its
    /// best checkpoint in fixed point (the pass's own result among them, so a pass never ends above the bound). Stops
    /// when a pass removes nothing or after PruneRounds passes. A removed synapse leaves the wiring (not a zero weight):
    /// neither the generic solver nor the generated step evaluates it.
    /// </summary>
    private (LtcModel Model, CheckpointScore Score) Prune(LtcModel model, CheckpointScore chosen, List<CheckpointScore> scores, CancellationToken cancel)
    {
        double limit = chosen.Cost * (1 + _o.PruneTolerance);
        LtcModel current = model;
        CheckpointScore currentScore = chosen;
        for (int round = 1; round <= _o.PruneRounds; round++)
        {
            int removed = 0;
            while (!OutOfTime())
            {
                cancel.ThrowIfCancellationRequested();
                LtcModel? next = null;
                CheckpointScore? nextScore = null;
                string? what = null;
                int sensory = current.Sensory.Count;
                for (int k = 0; k < current.SynapseCount; k++)
                {
                    LtcModel candidate = WithoutSynapse(current, k);
                    if (candidate.Validate().Count > 0)
                    {
                        continue;
                    }

                    CheckpointScore s = ScoreModel(candidate, $"prune{round}");
                    if (s.Crashes == 0 && s.Cost <= limit && (nextScore == null || s.Cost < nextScore.Cost))
                    {
                        next = candidate;
                        nextScore = s;
                        what = k < sensory
                            ? $"sensory synapse input {current.Sensory.Source[k]} -> neuron {current.Sensory.Target[k]}"
                            : $"synapse neuron {current.Synapses.Source[k - sensory]} -> neuron {current.Synapses.Target[k - sensory]}";
                    }
                }

                if (next == null)
                {
                    break;
                }

                current = next;
                currentScore = nextScore!;
                removed++;
                Log("prune", round, currentScore.Cost, null, 0, $"removed the {what}: {current.SynapseCount} synapses left, " +
                    $"worst RMS ratio to PID {currentScore.WorstRmsRatio:F2} (fixed point, bound {limit:G4})");
                Report("prune", round / (double)_o.PruneRounds, $"{current.SynapseCount} synapses, cost {currentScore.Cost:G4}");
            }

            if (removed == 0)
            {
                break;
            }

            var shape = ModelVector.ShapeOf(current);
            double[] p = ModelVector.ToVector(current, shape);
            var checkpoints = new List<(string Name, double[] P)> { ($"prune{round}", (double[])p.Clone()) };
            if (_o.PruneEvolutionIterations > 0 && !OutOfTime())
            {
                RunEvolution(shape, p, checkpoints, _o.PruneEvolutionIterations, SeedSequence.Derive(_o.Seed, PhasePruneNoise, round),
                    it => PhasePruneEvolution + (1000 * round) + it, $"prune{round}-evolution", cancel);
            }

            // The pass's own result (checkpoint 0) was scored by its last removal: crash-free within the bound. Only
            // the fine-tuned checkpoints fly the selection flights, and one replaces it only if it is crash-free and better.
            var roundScores = new List<CheckpointScore> { currentScore };
            roundScores.AddRange(Select(current, shape, checkpoints, 1, cancel));
            scores.AddRange(roundScores);
            CheckpointScore best = currentScore;
            foreach (var sc in roundScores)
            {
                if (sc.Crashes == 0 && sc.Cost < best.Cost) best = sc;
            }

            current = ModelVector.ToModel(current, shape, checkpoints.First(c => c.Name == best.Name).P);
            currentScore = best;
        }

        return (current, currentScore);
    }

    /// <summary>A copy of <paramref name="m"/> without synapse <paramref name="k"/> (sensory first, then internal).</summary>
    public static LtcModel WithoutSynapse(LtcModel m, int k)
    {
        LtcModel copy = m.Clone();
        bool sensory = k < m.Sensory.Count;
        SynapseSet from = sensory ? m.Sensory : m.Synapses;
        int at = sensory ? k : k - m.Sensory.Count;
        T[] Drop<T>(T[] a) => a.Where((_, i) => i != at).ToArray();
        var set = new SynapseSet
        {
            Source = Drop(from.Source),
            Target = Drop(from.Target),
            W = Drop(from.W),
            Sigma = Drop(from.Sigma),
            Mu = Drop(from.Mu),
            Erev = Drop(from.Erev),
        };
        if (sensory)
        {
            copy.Sensory = set;
        }
        else
        {
            copy.Synapses = set;
        }

        return copy;
    }

    private double[] TeacherBaseline(EpisodeSpec[] specs)
    {
        var rms = new double[specs.Length];
        Parallel.For(0, specs.Length, new ParallelOptions { MaxDegreeOfParallelism = _o.MaxParallelism }, e =>
            rms[e] = _sim.Fly(specs[e], _sim.CreateTeacher(specs[e].Frame)).RmsAttitudeErrorDeg);
        return rms;
    }

    /// <summary>Mean over the flights of the student's cost relative to the teacher's RMS error on the same flight.</summary>
    private double ClosedLoopCost(NetworkShape shape, double[] candidate, EpisodeSpec[] specs, double[] teacherRms)
    {
        double total = 0;
        for (int e = 0; e < specs.Length; e++)
        {
            var meter = new EffortMeter(new FloatStudent(shape, candidate, _map));
            EpisodeOutcome outcome = _sim.Fly(specs[e], meter);
            total += FlightCost(outcome, teacherRms[e], meter.MeanSquaredChange);
        }

        return total / specs.Length;
    }

    /// <summary>Cost of one flight: RMS attitude error relative to the teacher's, plus saturation, chatter and crash terms.</summary>
    public double FlightCost(EpisodeOutcome outcome, double teacherRmsDeg, double meanSquaredChange)
    {
        var w = _o.Cost;
        double rms = double.IsFinite(outcome.RmsAttitudeErrorDeg) ? outcome.RmsAttitudeErrorDeg : 180;
        double cost = rms / Math.Max(teacherRmsDeg, 0.25);
        cost += w.Saturation * outcome.MotorSaturationPct;
        cost += w.Chatter * meanSquaredChange;
        if (outcome.Crashed) cost += w.Crash;
        return cost;
    }

    private EpisodeSpec[]? _selectionSpecs;
    private double[]? _selectionTeacher;

    private List<CheckpointScore> Select(LtcModel template, NetworkShape shape, List<(string Name, double[] P)> checkpoints, int from, CancellationToken cancel)
    {
        var scores = new List<CheckpointScore>();
        for (int c = from; c < checkpoints.Count; c++)
        {
            cancel.ThrowIfCancellationRequested();
            var (name, p) = checkpoints[c];
            LtcModel model = ModelVector.ToModel(template, shape, p);
            if (model.Validate().Count > 0)
            {
                scores.Add(new CheckpointScore(name, double.PositiveInfinity, SelectionSpecs().Length, double.NaN));
                continue;
            }

            CheckpointScore score = ScoreModel(model, name);
            scores.Add(score);
            Log("selection", c, score.Cost, null, SelectionSpecs().Length, $"{name}: {score.Crashes} crashes, worst RMS ratio to PID {score.WorstRmsRatio:F2} (fixed point)");
            Report("selection", (c + 1.0) / checkpoints.Count, $"{name}: cost {score.Cost:G4}, {score.Crashes} crashes");
        }

        return scores;
    }

    /// <summary>A valid model's selection score: it flies every selection flight in fixed point (the firmware's network).</summary>
    private CheckpointScore ScoreModel(LtcModel model, string name)
    {
        var specs = SelectionSpecs();
        var teacher = _selectionTeacher!;
        var costs = new double[specs.Length];
        var crashed = new bool[specs.Length];
        var ratio = new double[specs.Length];
        Parallel.For(0, specs.Length, new ParallelOptions { MaxDegreeOfParallelism = _o.MaxParallelism }, e =>
        {
            var meter = new EffortMeter(_sim.CreateFixedPointLtc(model));
            EpisodeOutcome outcome = _sim.Fly(specs[e], meter);
            costs[e] = FlightCost(outcome, teacher[e], meter.MeanSquaredChange);
            crashed[e] = outcome.Crashed;
            ratio[e] = outcome.RmsAttitudeErrorDeg / Math.Max(teacher[e], 1e-9);
        });
        double mean = costs.Sum() / costs.Length;
        int crashes = crashed.Count(x => x);
        double worstRatio = ratio.Where(double.IsFinite).DefaultIfEmpty(double.NaN).Max();
        return new CheckpointScore(name, mean, crashes, worstRatio);
    }

    /// <summary>The selection flights (every scenario x frame x selection loop rate) and the teacher's RMS error on each.</summary>
    private EpisodeSpec[] SelectionSpecs()
    {
        if (_selectionSpecs == null)
        {
            var list = new List<EpisodeSpec>();
            foreach (string scenario in _sim.Scenarios)
                foreach (string frame in _sim.Frames)
                    foreach (int hz in _o.SelectionLoopHz)
                        list.Add(new EpisodeSpec(scenario, frame, SeedSequence.Derive(_o.Seed, PhaseSelection, list.Count),
                            _o.SelectionEpisodeSeconds, hz));
            _selectionSpecs = list.ToArray();
            _selectionTeacher = TeacherBaseline(_selectionSpecs);
        }

        return _selectionSpecs;
    }

    /// <summary>Seed of wiring candidate <paramref name="candidate"/> of a run with master seed <paramref name="seed"/>.</summary>
    public static int WiringSeed(int seed, int candidate) => SeedSequence.Derive(seed, PhaseWiring, candidate);

    /// <summary>The `train` options that differ from the defaults, as they are written on the command line.</summary>
    public static string CommandLineOptions(TrainingOptions o)
    {
        var d = new TrainingOptions();
        var b = new System.Text.StringBuilder();
        void Add(string name, object value, object defaultValue)
        {
            if (!Equals(value, defaultValue)) b.Append(' ').Append(name).Append(' ').Append(Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture));
        }

        Add("--inter-neurons", o.InterNeurons, d.InterNeurons);
        Add("--command-neurons", o.CommandNeurons, d.CommandNeurons);
        Add("--sensory-fanout", o.SensoryFanout, d.SensoryFanout);
        Add("--max-unfolds", o.MaxUnfolds, d.MaxUnfolds);
        if (o.Solver != d.Solver) b.Append(" --solver ").Append(LtcModel.SolverNames[o.Solver]);
        Add("--episodes", o.CloningEpisodes, d.CloningEpisodes);
        Add("--cloning-iterations", o.CloningIterations, d.CloningIterations);
        Add("--dagger-rounds", o.DaggerRounds, d.DaggerRounds);
        Add("--evolution-iterations", o.EvolutionIterations, d.EvolutionIterations);
        Add("--prune-tolerance", o.PruneTolerance, d.PruneTolerance);
        Add("--prune-evolution-iterations", o.PruneEvolutionIterations, d.PruneEvolutionIterations);
        Add("--prune-rounds", o.PruneRounds, d.PruneRounds);
        return b.ToString();
    }

    /// <summary>The starting network: an NCP wiring from the seed with parameters drawn for real-time control.</summary>
    public static LtcModel InitialModel(TrainingOptions o, int wiringSeed, double[]? inputRms = null)
    {
        var _o = o;
        var wiring = new NcpOptions(
            Inputs: UntrainedModel.StabiliserInputs.Length,
            InterNeurons: _o.InterNeurons,
            CommandNeurons: _o.CommandNeurons,
            MotorNeurons: UntrainedModel.StabiliserOutputs.Length,
            SensoryFanout: _o.SensoryFanout,
            InterFanout: _o.InterFanout,
            RecurrentCommandSynapses: _o.RecurrentCommandSynapses,
            MotorFanin: _o.MotorFanin,
            Seed: wiringSeed);
        LtcModel m = UntrainedModel.Create(wiring, UntrainedModel.StabiliserInputs, UntrainedModel.StabiliserInputScale,
            UntrainedModel.StabiliserOutputs, unfolds: 1);
        int unfolds = _o.MaxUnfolds;
        // Budget counted conservatively as in issue 4 (every synapse, sensory ones included, times unfolds), although
        // the solver evaluates sensory synapses once per step.
        while (unfolds > 1 && (m.Sensory.Count + m.Synapses.Count) * unfolds > o.SynapseEvaluationBudget) unfolds--;
        m.Unfolds = unfolds;
        m.Solver = o.Solver;

        // Conductances large against cm, so that every neuron starts fast (time constants well under a
        // millisecond) and a fresh input reaches the motor neurons within the step; training slows down the
        // neurons that need memory. Synapses centred on zero error so both signs of an error are resolved.
        var rng = SeedSequence.Random(wiringSeed, PhaseInit);
        double U(double lo, double hi) => lo + ((hi - lo) * rng.NextDouble());
        for (int i = 0; i < m.NeuronCount; i++)
        {
            m.Cm[i] = U(0.001, 0.004);
            m.Gleak[i] = o.ConductanceScale * U(0.3, 1.0);
            m.Vleak[i] = U(-0.1, 0.1);
        }

        foreach (SynapseSet set in new[] { m.Sensory, m.Synapses })
            for (int k = 0; k < set.Count; k++)
            {
                set.W[k] = o.ConductanceScale * U(0.2, 1.0);
                set.Sigma[k] = U(2.0, 5.0);
                set.Mu[k] = U(-0.2, 0.2);
            }

        // Inputs mapped to unit RMS over the teacher's flights (rad and rad/s differ by an order of magnitude).
        m.InputScale = inputRms == null
            ? new[] { 10.0, 10.0, 5.0, 1.5, 1.5, 1.5 }
            : inputRms.Select(r => Math.Clamp(1.0 / Math.Max(r, 1e-6), 0.05, 100)).ToArray();
        for (int k = 0; k < m.OutputCount; k++)
        {
            m.OutputScale[k] = 0.5;
            m.OutputOffset[k] = 0;
        }

        return m;
    }

    /// <summary>Typical magnitude of each parameter: the unit of optimiser steps and of evolution noise.</summary>
    public static double[] StepScale(NetworkShape s, double[] p, double conductanceScale = 1)
    {
        var scale = new double[s.ParameterCount];
        void Fill(int offset, int count, double v)
        {
            for (int i = 0; i < count; i++) scale[offset + i] = v;
        }

        Fill(s.CmOffset, s.NeuronCount, 0.001);
        Fill(s.GleakOffset, s.NeuronCount, 0.2 * conductanceScale);
        Fill(s.VleakOffset, s.NeuronCount, 0.2);
        Fill(s.SensoryWOffset, s.SensorySynapseCount, 0.2 * conductanceScale);
        Fill(s.SensorySigmaOffset, s.SensorySynapseCount, 1.0);
        Fill(s.SensoryMuOffset, s.SensorySynapseCount, 0.2);
        Fill(s.SensoryErevOffset, s.SensorySynapseCount, 0.2);
        Fill(s.WOffset, s.SynapseCount, 0.2 * conductanceScale);
        Fill(s.SigmaOffset, s.SynapseCount, 1.0);
        Fill(s.MuOffset, s.SynapseCount, 0.2);
        Fill(s.ErevOffset, s.SynapseCount, 0.2);
        // Maps move relative to their own size (a read-out gain may be 0.05 or 50).
        for (int k = 0; k < s.InputCount; k++)
        {
            scale[s.InputScaleOffset + k] = 0.1 * Math.Max(Math.Abs(p[s.InputScaleOffset + k]), 0.1);
            scale[s.InputOffsetOffset + k] = 0.05;
        }

        for (int k = 0; k < s.OutputCount; k++)
        {
            double gain = Math.Max(Math.Abs(p[s.OutputScaleOffset + k]), 0.01);
            scale[s.OutputScaleOffset + k] = 0.1 * gain;
            scale[s.OutputOffsetOffset + k] = 0.05 * gain;
        }

        return scale;
    }

    private static int Steps(List<FlightRecording> data) => data.Sum(r => r.Steps);
}

public readonly record struct TrainingProgress(string Phase, double Fraction, string Status);

/// <summary>A checkpoint's fixed-point selection score: mean cost, crashes, worst RMS ratio to the PID.</summary>
public sealed record CheckpointScore(string Name, double Cost, int Crashes, double WorstRmsRatio);

public sealed record TrainingResult(LtcModel Model, string Checkpoint, IReadOnlyList<CheckpointScore> Scores, bool CutShort, TimeSpan Wall);
