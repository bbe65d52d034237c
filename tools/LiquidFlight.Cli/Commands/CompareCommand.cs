using System.ComponentModel;
using System.Globalization;
using System.Text;
using System.Text.Json;
using LiquidFlight.Cli.Discipline;
using LiquidFlight.Sim.Controllers;
using LiquidFlight.Sim.Frames;
using LiquidFlight.Sim.Runner;
using LiquidFlight.Sim.Scenarios;
using Spectre.Console;
using Spectre.Console.Cli;

namespace LiquidFlight.Cli;

/// <summary>
/// `compare`: every controller over every scenario (and frame, and loop rate) for seeds 1..N, one row per
/// combination, then each controller against the PID per scenario over all of its flights (issue 4's acceptance
/// is `compare --seeds 3 --loop-hz 200,500,1000`).
/// </summary>
public sealed class CompareCommand : Command<CompareCommand.Settings>
{
    public sealed class Settings : CliSettings
    {
        [CommandOption("--seeds <N>")]
        [Description("Fly seeds 1..N of every combination (default 3)")]
        public int Seeds { get; init; } = 3;

        [CommandOption("--frame <NAME>")]
        [Description("Only this frame (default: every frame)")]
        public string? Frame { get; init; }

        [CommandOption("--controllers <LIST>")]
        [Description("Comma-separated subset of ltc,ltc-float,pid (default: all)")]
        public string? Controllers { get; init; }

        [CommandOption("--seconds <S>")]
        [Description("Override every scenario's length (simulated seconds)")]
        public double? Seconds { get; init; }

        [CommandOption("--loop-hz <LIST>")]
        [Description("Comma-separated control loop rates, each combination flown at every one (default: the scenario's own, 500 Hz)")]
        public string? LoopHz { get; init; }

        [CommandOption("--jobs <N>")]
        [Description("Flights in parallel (default 1; results do not depend on it)")]
        public int Jobs { get; init; } = 1;

        [CommandOption("--json")]
        [Description("Print one JSON object with every flight and the per-combination summary")]
        public bool Json { get; init; }
    }

    public sealed record Summary(
        string Controller, string Frame, string Scenario, string Kind, double? LoopHz, int Flights, int Crashes,
        double MeanRmsAttitudeErrorDeg, double WorstMaxAttitudeErrorDeg, double? MeanSettleTimeS, int Unsettled,
        double MeanMotorSaturationPct);

    /// <summary>One controller against the PID on one scenario, over the same frames, loop rates and seeds.</summary>
    public sealed record VersusPid(
        string Controller, string Scenario, string Kind, int Flights, int Crashes, double MeanRmsAttitudeErrorDeg,
        double PidMeanRmsAttitudeErrorDeg)
    {
        public double Ratio => MeanRmsAttitudeErrorDeg / PidMeanRmsAttitudeErrorDeg;
    }

    public override int Execute(CommandContext context, Settings s, CancellationToken cancellationToken)
    {
        if (s.Seeds < 1 || s.Seeds > 1000)
        {
            throw new UsageException($"--seeds {s.Seeds} is out of range; allowed: 1 to 1000");
        }

        if (s.Jobs < 1 || s.Jobs > 64)
        {
            throw new UsageException($"--jobs {s.Jobs} is out of range; allowed: 1 to 64");
        }

        var overrides = new ConditionOverrides { Seconds = s.Seconds };
        string? problem = Knobs.Check(overrides);
        if (problem != null)
        {
            throw new UsageException(problem);
        }

        List<double?> loopRates = ParseLoopRates(s.LoopHz);

        var frames = s.Frame != null ? [SimCommands.ResolveFrame(s.Frame)] : ResolveAllFrames();
        var controllers = s.Controllers == null ? ControllerCatalog.CompareDefaults.ToList() : ParseControllers(s.Controllers);

        var jobs = (from frame in frames
                    from scenario in ScenarioCatalog.All // controller scenarios only: no fault scenarios
                    from controller in controllers
                    from loopHz in loopRates
                    from seed in Enumerable.Range(1, s.Seeds)
                    select (frame, scenario, controller, loopHz, seed)).ToList();
        var results = new FlightResult[jobs.Count];
        var options = new ParallelOptions { MaxDegreeOfParallelism = s.Jobs, CancellationToken = cancellationToken };

        if (!s.Json && AnsiConsole.Profile.Capabilities.Interactive)
        {
            AnsiConsole.Progress().Start(ctx =>
            {
                var task = ctx.AddTask($"{jobs.Count} flights", maxValue: jobs.Count);
                Parallel.For(0, jobs.Count, options, i =>
                {
                    results[i] = FlyOne(jobs[i], overrides);
                    task.Increment(1);
                });
            });
        }
        else
        {
            Parallel.For(0, jobs.Count, options, i => results[i] = FlyOne(jobs[i], overrides));
        }

        var summaries = results
            .GroupBy(r => (r.Frame, r.Scenario, r.Controller, LoopHzOf(r, loopRates)))
            .Select(g => Summarise(g.ToList(), g.Key.Item4))
            .ToList();
        var versus = CompareWithPid(results);

        if (s.Json)
        {
            Console.Out.WriteLine(ToJson(s, frames, controllers, loopRates, summaries, versus, results));
            return CliRunner.ExitOk;
        }

        bool rateColumn = loopRates.Count > 1 || loopRates[0] != null;
        foreach (var frame in frames)
        {
            var table = new Table().Title($"{frame.Name}: {s.Seeds} seed(s) per cell");
            table.AddColumns(rateColumn
                ? ["scenario", "kind", "loop Hz", "controller", "crashes", "RMS err (deg)", "max err (deg)", "settle (s)", "unsettled steps", "motor sat (%)"]
                : ["scenario", "kind", "controller", "crashes", "RMS err (deg)", "max err (deg)", "settle (s)", "unsettled steps", "motor sat (%)"]);
            foreach (var sum in summaries.Where(x => x.Frame == frame.Name))
            {
                var cells = new List<string> { sum.Scenario, sum.Kind };
                if (rateColumn)
                {
                    cells.Add(SimCommands.Format(sum.LoopHz, "F0"));
                }

                cells.AddRange([sum.Controller,
                    sum.Crashes == 0 ? $"0/{sum.Flights}" : $"[red]{sum.Crashes}/{sum.Flights}[/]",
                    SimCommands.Format(sum.MeanRmsAttitudeErrorDeg), SimCommands.Format(sum.WorstMaxAttitudeErrorDeg),
                    SimCommands.Format(sum.MeanSettleTimeS), sum.Unsettled.ToString(CultureInfo.InvariantCulture),
                    SimCommands.Format(sum.MeanMotorSaturationPct, "F1")]);
                table.AddRow(cells.ToArray());
            }

            AnsiConsole.Write(table);
        }

        if (versus.Count > 0)
        {
            var table = new Table().Title("against the PID: mean RMS attitude error over every frame, loop rate and seed")
                .AddColumns("scenario", "kind", "controller", "crashes", "RMS err (deg)", "PID RMS err (deg)", "ratio", "margin");
            foreach (var v in versus)
            {
                table.AddRow(v.Scenario, v.Kind, v.Controller,
                    v.Crashes == 0 ? $"0/{v.Flights}" : $"[red]{v.Crashes}/{v.Flights}[/]",
                    SimCommands.Format(v.MeanRmsAttitudeErrorDeg), SimCommands.Format(v.PidMeanRmsAttitudeErrorDeg),
                    SimCommands.Format(v.Ratio, "F3"),
                    string.Create(CultureInfo.InvariantCulture, $"{(1 - v.Ratio) * 100:+0.0;-0.0} %"));
            }

            AnsiConsole.Write(table);
        }

        double sim = results.Sum(r => r.SimSeconds), wall = results.Sum(r => r.WallSeconds);
        AnsiConsole.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{results.Length} flights, {sim:F0} simulated s in {wall:F1} s of flight time: {sim / wall:F0}x real time"));
        // Fault scenarios end with the motors stopped on purpose: they judge the failsafe, not the controller.
        AnsiConsole.WriteLine(
            $"fault scenarios ({string.Join(", ", ScenarioCatalog.Faults.Select(f => f.Name))}) are not compared: fly them with `fly --scenario NAME --json` for the failsafe timeline");
        return CliRunner.ExitOk;
    }

    private static IReadOnlyList<FrameSpec> ResolveAllFrames()
    {
        try
        {
            return FrameCatalog.All;
        }
        catch (FrameFileException e)
        {
            throw new UsageException(e.Message);
        }
    }

    private static FlightResult FlyOne((FrameSpec Frame, Scenario Scenario, string Controller, double? LoopHz, int Seed) job,
        ConditionOverrides overrides) =>
        SimCommands.Fly(job.Controller, job.Scenario, job.Frame, job.Seed, overrides with { LoopHz = job.LoopHz }, record: false);

    /// <summary>The --controllers list: every item a known controller, none empty, none twice.</summary>
    private static List<string> ParseControllers(string list)
    {
        string allowed = $"allowed: a comma-separated subset of {string.Join(",", ControllerCatalog.Names)}";
        var controllers = new List<string>();
        foreach (string item in list.Split(',', StringSplitOptions.TrimEntries))
        {
            if (item.Length == 0)
            {
                throw new UsageException($"--controllers \"{list}\": an empty item; {allowed}");
            }

            if (!ControllerCatalog.IsKnown(item))
            {
                throw new UsageException($"--controllers \"{list}\": unknown controller \"{item}\"; {allowed}");
            }

            if (controllers.Contains(item))
            {
                throw new UsageException($"--controllers \"{list}\": {item} is listed twice; {allowed}");
            }

            controllers.Add(item);
        }

        return controllers;
    }

    /// <summary>The loop rates to fly: null (the scenario's own) unless --loop-hz lists some.</summary>
    private static List<double?> ParseLoopRates(string? list)
    {
        if (list == null)
        {
            return [null];
        }

        var rates = new List<double?>();
        foreach (string item in list.Split(',', StringSplitOptions.TrimEntries))
        {
            if (item.Length == 0)
            {
                throw new UsageException($"--loop-hz \"{list}\": an empty item; allowed: comma-separated rates from {Knobs.LoopHz.Min} to {Knobs.LoopHz.Max} Hz");
            }

            if (!double.TryParse(item, NumberStyles.Float, CultureInfo.InvariantCulture, out double hz) || !double.IsFinite(hz))
            {
                throw new UsageException($"--loop-hz \"{list}\": \"{item}\" is not a number; allowed: comma-separated rates from {Knobs.LoopHz.Min} to {Knobs.LoopHz.Max} Hz");
            }

            string? problem = Knobs.Check(new ConditionOverrides { LoopHz = hz });
            if (problem != null)
            {
                throw new UsageException(problem);
            }

            if (rates.Contains(hz))
            {
                throw new UsageException($"--loop-hz \"{list}\": {item} is listed twice");
            }

            rates.Add(hz);
        }

        return rates;
    }

    private static double? LoopHzOf(FlightResult r, List<double?> loopRates) => loopRates[0] == null ? null : r.Conditions.LoopHz;

    /// <summary>Per controller other than the PID and scenario, its flights against the PID's same flights.</summary>
    private static List<VersusPid> CompareWithPid(FlightResult[] results)
    {
        var pid = results.Where(r => r.Controller == ControllerCatalog.Pid).ToList();
        if (pid.Count == 0)
        {
            return [];
        }

        return results.Where(r => r.Controller != ControllerCatalog.Pid)
            .GroupBy(r => (r.Controller, r.Scenario))
            .Select(g =>
            {
                ScenarioCatalog.TryGet(g.Key.Scenario, out var scenario);
                return new VersusPid(g.Key.Controller, g.Key.Scenario, scenario.KindName, g.Count(), g.Count(r => r.Crashed),
                    g.Average(r => r.RmsAttitudeErrorDeg), pid.Where(r => r.Scenario == g.Key.Scenario).Average(r => r.RmsAttitudeErrorDeg));
            })
            .OrderBy(v => v.Controller, StringComparer.Ordinal)
            .ToList();
    }

    private static Summary Summarise(List<FlightResult> g, double? loopHz)
    {
        var first = g[0];
        ScenarioCatalog.TryGet(first.Scenario, out var scenario);
        var settled = g.Where(r => r.SettleTimeS.HasValue).Select(r => r.SettleTimeS!.Value).ToList();
        return new Summary(first.Controller, first.Frame, first.Scenario, scenario.KindName, loopHz, g.Count, g.Count(r => r.Crashed),
            g.Average(r => r.RmsAttitudeErrorDeg), g.Max(r => r.MaxAttitudeErrorDeg),
            settled.Count > 0 ? settled.Average() : null, g.Sum(r => r.UnsettledSteps), g.Average(r => r.MotorSaturationPct));
    }

    private static string ToJson(Settings s, IReadOnlyList<FrameSpec> frames, List<string> controllers, List<double?> loopRates,
        List<Summary> summaries, List<VersusPid> versus, FlightResult[] results)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteNumber("seeds", s.Seeds);
            w.WriteStartArray("frames");
            foreach (var f in frames)
            {
                w.WriteStringValue(f.Name);
            }

            w.WriteEndArray();
            w.WriteStartArray("controllers");
            foreach (var c in controllers)
            {
                w.WriteStringValue(c);
            }

            w.WriteEndArray();
            w.WriteStartArray("loopHz");
            foreach (double? hz in loopRates.Where(x => x != null))
            {
                w.WriteNumberValue(hz!.Value);
            }

            w.WriteEndArray();
            w.WriteStartArray("summary");
            foreach (var x in summaries)
            {
                w.WriteStartObject();
                w.WriteString("controller", x.Controller);
                w.WriteString("frame", x.Frame);
                w.WriteString("scenario", x.Scenario);
                w.WriteString("kind", x.Kind);
                if (x.LoopHz is double hz)
                {
                    w.WriteNumber("loopHz", hz);
                }

                w.WriteNumber("flights", x.Flights);
                w.WriteNumber("crashes", x.Crashes);
                w.WriteNumber("meanRmsAttitudeErrorDeg", x.MeanRmsAttitudeErrorDeg);
                w.WriteNumber("worstMaxAttitudeErrorDeg", x.WorstMaxAttitudeErrorDeg);
                if (x.MeanSettleTimeS is double settle)
                {
                    w.WriteNumber("meanSettleTimeS", settle);
                }
                else
                {
                    w.WriteNull("meanSettleTimeS");
                }

                w.WriteNumber("unsettledSteps", x.Unsettled);
                w.WriteNumber("meanMotorSaturationPct", x.MeanMotorSaturationPct);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("versusPid");
            foreach (var v in versus)
            {
                w.WriteStartObject();
                w.WriteString("controller", v.Controller);
                w.WriteString("scenario", v.Scenario);
                w.WriteString("kind", v.Kind);
                w.WriteNumber("flights", v.Flights);
                w.WriteNumber("crashes", v.Crashes);
                w.WriteNumber("meanRmsAttitudeErrorDeg", v.MeanRmsAttitudeErrorDeg);
                w.WriteNumber("pidMeanRmsAttitudeErrorDeg", v.PidMeanRmsAttitudeErrorDeg);
                w.WriteNumber("ratio", v.Ratio);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteStartArray("flights");
            foreach (var r in results)
            {
                FlightJson.Write(w, r);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
