using System.ComponentModel;
using System.Globalization;
using LiquidFlight.Cli.Discipline;
using LiquidFlight.Core.Control;
using LiquidFlight.Core.Ltc;
using LiquidFlight.Model;
using LiquidFlight.Sim.Controllers;
using LiquidFlight.Sim.Frames;
using LiquidFlight.Training;
using LiquidFlight.Training.Simulation;
using Spectre.Console;
using Spectre.Console.Cli;

namespace LiquidFlight.Cli;

/// <summary>`train`: trains the stabiliser LTC from scratch in the simulator and writes a model file and a log.</summary>
public static class TrainCommands
{
    public static void Register(IConfigurator config)
    {
        config.AddCommand<TrainCommand>("train")
            .WithDescription("Train the LTC stabiliser from scratch in the simulator (seeded, reproducible)")
            .WithExample("train", "--seed", "1", "--out", "trained.ltc.json");
    }

    /// <summary>The simulator as training sees it: Core's PID as teacher, Core's fixed-point network for selection.</summary>
    public static SimTrainingSimulator CreateSimulator(IReadOnlyList<string>? scenarios = null, IReadOnlyList<string>? frames = null) =>
        new(frame => ControllerCatalog.Create(ControllerCatalog.Pid, frame).Controller,
            model => FixedPointController(model),
            scenarios, frames);

    public static IController FixedPointController(LtcModel model) =>
        new FixedPointLtcProbe(LtcModelConverter.ToParameters(model, model.Description));
}

public sealed class TrainCommand : Command<TrainCommand.Settings>
{
    public sealed class Settings : CliSettings
    {
        [CommandOption("--seed <N>")]
        [Description("Master seed: with the same iteration budget, the same seed gives the same model bit for bit")]
        public int Seed { get; init; } = 1;

        [CommandOption("--minutes <M>")]
        [Description("Upper bound on wall-clock time (default 20). The iteration counts, not the clock, decide the result unless the bound cuts the run short (then the log and the model's description say so)")]
        public double Minutes { get; init; } = 20;

        [CommandOption("--out <PATH>")]
        [Description("Model file to write (default trained.ltc.json)")]
        [OutputFile]
        public string Out { get; init; } = "trained.ltc.json";

        [CommandOption("--log <PATH>")]
        [Description("Training log, one JSON object per line (default: the model path with .log.jsonl)")]
        [OutputFile]
        public string? Log { get; init; }

        [CommandOption("--cloning-iterations <N>")]
        [Description("Behaviour-cloning gradient steps (default 9000)")]
        public int? CloningIterations { get; init; }

        [CommandOption("--dagger-rounds <N>")]
        [Description("DAgger rounds: student flies, PID relabels in shadow (default 2)")]
        public int? DaggerRounds { get; init; }

        [CommandOption("--evolution-iterations <N>")]
        [Description("Closed-loop evolution-strategy iterations (default 300)")]
        public int? EvolutionIterations { get; init; }

        [CommandOption("--prune-tolerance <F>")]
        [Description("Prune synapses (one at a time, the least costly first) while the fixed-point selection cost stays within (1 + F) times the trained network's and no selection flight crashes, fine-tuning after each pass; 0 = no pruning (default 0.03)")]
        public double? PruneTolerance { get; init; }

        [CommandOption("--prune-evolution-iterations <N>")]
        [Description("Evolution-strategy iterations that fine-tune the network after each pruning pass (default 60)")]
        public int? PruneEvolutionIterations { get; init; }

        [CommandOption("--prune-rounds <N>")]
        [Description("Pruning passes at most, each followed by fine-tuning; they stop once a pass removes nothing (default 3)")]
        public int? PruneRounds { get; init; }

        [CommandOption("--episodes <N>")]
        [Description("Teacher flights recorded for behaviour cloning (default 36)")]
        public int? Episodes { get; init; }

        [CommandOption("--inter-neurons <N>")]
        [Description("NCP inter neurons (default 3); with the command neurons and the 3 motor neurons, fewer than 20 in all")]
        public int? InterNeurons { get; init; }

        [CommandOption("--command-neurons <N>")]
        [Description("NCP command neurons (default 3)")]
        public int? CommandNeurons { get; init; }

        [CommandOption("--sensory-fanout <N>")]
        [Description("Inter neurons each input reaches (default 2; 1 to the inter neurons): the sensory synapses are 6 times this")]
        public int? SensoryFanout { get; init; }

        [CommandOption("--max-unfolds <N>")]
        [Description("Most solver unfolds per step, 1-6; the largest that keeps (all synapses) x unfolds within the budget of 100 is used (default 1)")]
        public int? MaxUnfolds { get; init; }

        [CommandOption("--solver <ORDER>")]
        [Description("Solver order: jacobi (every neuron reads the previous unfold, as ncps) or layered (inter, command, motor in turn; an input reaches the motors within one unfold). Default layered")]
        public string? Solver { get; init; }

        [CommandOption("--threads <N>")]
        [Description("Worker threads (default 2); the result does not depend on it")]
        public int Threads { get; init; } = 2;

        public override ValidationResult Validate()
        {
            if (!(Minutes > 0 && Minutes <= 24 * 60))
                return ValidationResult.Error($"--minutes {Minutes.ToString(CultureInfo.InvariantCulture)} is out of range; allowed: more than 0, at most 1440");
            if (Solver != null && Array.IndexOf(LtcModel.SolverNames, Solver) < 0)
                return ValidationResult.Error($"--solver {Solver} is not a solver order; allowed: {string.Join(", ", LtcModel.SolverNames)}");
            var defaults = new TrainingOptions();
            // In 64 bits: two int options near int.MaxValue must not wrap to a small (accepted) sum.
            long neurons = (long)(InterNeurons ?? defaults.InterNeurons) + (CommandNeurons ?? defaults.CommandNeurons) + 3;
            if ((InterNeurons is int i && i < 1) || (CommandNeurons is int c && c < 1) || neurons > LtcParameters.MaxNeurons)
                return ValidationResult.Error($"--inter-neurons {InterNeurons?.ToString(CultureInfo.InvariantCulture) ?? "(default)"} and --command-neurons {CommandNeurons?.ToString(CultureInfo.InvariantCulture) ?? "(default)"} give {neurons} neurons with the 3 motor neurons; allowed: at least 1 of each, at most {LtcParameters.MaxNeurons} neurons in all");
            int inter = InterNeurons ?? defaults.InterNeurons;
            if (SensoryFanout is int f && (f < 1 || f > inter))
                return ValidationResult.Error($"--sensory-fanout {f} is out of range; allowed: 1 to {inter} (the inter neurons)");
            if (PruneTolerance is double t && !(t >= 0 && t <= 1))
                return ValidationResult.Error($"--prune-tolerance {t.ToString(CultureInfo.InvariantCulture)} is out of range; allowed: 0 (no pruning) to 1");
            if (Threads < 1 || Threads > 64)
                return ValidationResult.Error($"--threads {Threads} is out of range; allowed: 1 to 64");
            foreach (var (name, value, min, max) in new (string, int?, int, int)[]
                     {
                         ("--cloning-iterations", CloningIterations, 0, 1_000_000), ("--dagger-rounds", DaggerRounds, 0, 100),
                         ("--evolution-iterations", EvolutionIterations, 0, 100_000), ("--episodes", Episodes, 1, 10_000),
                         ("--max-unfolds", MaxUnfolds, LtcParameters.MinUnfolds, LtcParameters.MaxUnfolds),
                         ("--prune-evolution-iterations", PruneEvolutionIterations, 0, 100_000), ("--prune-rounds", PruneRounds, 1, 100),
                     })
            {
                if (value is int v && (v < min || v > max))
                    return ValidationResult.Error($"{name} {v} is out of range; allowed: {min} to {max}");
            }

            return ValidationResult.Success();
        }
    }

    public override int Execute(CommandContext context, Settings s, CancellationToken cancellationToken)
    {
        var defaults = new TrainingOptions();
        var options = defaults with
        {
            Seed = s.Seed,
            MaxWallClock = TimeSpan.FromMinutes(s.Minutes),
            MaxParallelism = s.Threads,
            CloningIterations = s.CloningIterations ?? defaults.CloningIterations,
            DaggerRounds = s.DaggerRounds ?? defaults.DaggerRounds,
            EvolutionIterations = s.EvolutionIterations ?? defaults.EvolutionIterations,
            PruneTolerance = s.PruneTolerance ?? defaults.PruneTolerance,
            PruneEvolutionIterations = s.PruneEvolutionIterations ?? defaults.PruneEvolutionIterations,
            PruneRounds = s.PruneRounds ?? defaults.PruneRounds,
            CloningEpisodes = s.Episodes ?? defaults.CloningEpisodes,
            MaxUnfolds = s.MaxUnfolds ?? defaults.MaxUnfolds,
            InterNeurons = s.InterNeurons ?? defaults.InterNeurons,
            CommandNeurons = s.CommandNeurons ?? defaults.CommandNeurons,
            SensoryFanout = s.SensoryFanout ?? defaults.SensoryFanout,
            Solver = s.Solver == null ? defaults.Solver : Array.IndexOf(LtcModel.SolverNames, s.Solver),
        };
        string logPath = s.Log ?? Path.ChangeExtension(s.Out, null) + ".log.jsonl";
        if (s.Out.EndsWith(".json", StringComparison.OrdinalIgnoreCase) && s.Log == null)
            logPath = s.Out[..^".json".Length] + ".log.jsonl";
        string logOption = s.Log == null ? "--log (default from --out)" : "--log";
        CliFiles.CheckWritable(logPath, logOption);

        TrainingResult result;
        try
        {
            result = Train(options, logPath, cancellationToken);
        }
        catch (Exception e) when (TrainingLogException.Find(e) is { } logError)
        {
            throw CliFiles.Error(logOption, logPath, $"cannot write ({logError.InnerException?.Message ?? logError.Message})");
        }

        ModelCommands.WriteModel(result.Model, s.Out, "--out");

        var table = new Table().AddColumns("checkpoint", "fixed-point cost", "crashes", "worst RMS / PID");
        foreach (var sc in result.Scores)
        {
            string name = sc.Name == result.Checkpoint ? $"[green]{sc.Name} (chosen)[/]" : sc.Name;
            table.AddRow(name, sc.Cost.ToString("F3", CultureInfo.InvariantCulture), sc.Crashes.ToString(CultureInfo.InvariantCulture),
                sc.WorstRmsRatio.ToString("F2", CultureInfo.InvariantCulture));
        }

        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"model: [bold]{Markup.Escape(s.Out)}[/]  log: {Markup.Escape(logPath)}  wall time: {result.Wall.TotalMinutes:F1} min" +
                               (result.CutShort ? "  [yellow](cut short by --minutes: not the full iteration budget)[/]" : ""));
        return CliRunner.ExitOk;
    }

    private static TrainingResult Train(TrainingOptions options, string logPath, CancellationToken cancellationToken)
    {
        TrainingResult result;
        using (var log = new TrainingLog(logPath))
        {
            result = AnsiConsole.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .Start(ctx =>
                {
                    var tasks = new Dictionary<string, ProgressTask>();
                    var gate = new object();
                    var progress = new SynchronousProgress(p =>
                    {
                        lock (gate)
                        {
                            if (!tasks.TryGetValue(p.Phase, out var task))
                            {
                                task = ctx.AddTask(p.Phase, maxValue: 1.0);
                                tasks[p.Phase] = task;
                            }

                            task.Value = p.Fraction;
                            task.Description = $"{Markup.Escape(p.Phase)}: {Markup.Escape(p.Status)}";
                        }
                    });
                    var run = new Trainer(options, TrainCommands.CreateSimulator(), log, progress);
                    var r = run.Run(cancellationToken);
                    lock (gate)
                    {
                        foreach (var t in tasks.Values) t.Value = t.MaxValue;
                    }

                    return r;
                });
        }

        return result;
    }

    /// <summary>Reports on the caller's thread (Progress&lt;T&gt; would post to the thread pool, out of order).</summary>
    private sealed class SynchronousProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
