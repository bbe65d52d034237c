using System.ComponentModel;
using System.Globalization;
using LiquidFlight.Cli.Discipline;
using LiquidFlight.Cli.Plotting;
using LiquidFlight.Core.Ltc;
using LiquidFlight.Model;
using LiquidFlight.Sim.Runner;
using LiquidFlight.Sim.Scenarios;
using LiquidFlight.Training.Inspection;
using Spectre.Console;
using Spectre.Console.Cli;

namespace LiquidFlight.Cli;

/// <summary>`inspect`: what each neuron does over a flight, and how the network is wired.</summary>
public static class InspectCommands
{
    public static void Register(IConfigurator config)
    {
        config.AddCommand<InspectCommand>("inspect")
            .WithDescription("Fly the fixed-point LTC and plot each neuron's state and liquid time constant, plus a wiring diagram")
            .WithExample("inspect", "--scenario", "attitude-steps", "--plot", "neurons.png");
    }
}

public sealed class InspectCommand : Command<InspectCommand.Settings>
{
    public sealed class Settings : CliSettings
    {
        [CommandOption("--scenario <NAME>")]
        [Description("Scenario to fly (see `scenarios`)")]
        public string? Scenario { get; init; }

        [CommandOption("--plot <PATH>")]
        [Description("PNG of neuron states and time constants over the flight, by role")]
        [OutputFile]
        public string? Plot { get; init; }

        [CommandOption("--wiring <PATH>")]
        [Description("PNG of the wiring diagram (default: the --plot path with -wiring before .png)")]
        [OutputFile]
        public string? Wiring { get; init; }

        [CommandOption("--frame <NAME>")]
        [Description("Airframe (default quad250-brushless)")]
        public string? Frame { get; init; }

        [CommandOption("--seed <N>")]
        [Description("Seed for every random draw of the flight (default 1)")]
        public int Seed { get; init; } = 1;

        [CommandOption("--loop-hz <HZ>")]
        [Description("Control loop rate (default 500)")]
        public double LoopHz { get; init; } = 500;

        [CommandOption("--model <PATH>")]
        [Description("Model file (default: the shipped model)")]
        [InputFile]
        public string? Model { get; init; }
    }

    public override int Execute(CommandContext context, Settings s, CancellationToken cancellationToken)
    {
        if (s.Scenario == null) throw new UsageException($"--scenario is required; allowed: {string.Join(", ", ScenarioCatalog.Names)}");
        if (s.Plot == null) throw new UsageException("--plot PATH is required (a .png file)");
        if (!Knobs.LoopHz.Contains(s.LoopHz))
            throw new UsageException($"--loop-hz {s.LoopHz.ToString(CultureInfo.InvariantCulture)} is out of range; allowed: {Knobs.LoopHz.Min} to {Knobs.LoopHz.Max}");
        var scenario = SimCommands.ResolveScenario(s.Scenario);
        var frame = SimCommands.ResolveFrame(s.Frame);
        var loaded = ModelCommands.LoadForAttitudeController(s.Model);
        LtcModel model = loaded.Model;
        string source = loaded.Source;

        string wiring = s.Wiring ?? (s.Plot.EndsWith(".png", StringComparison.OrdinalIgnoreCase)
            ? s.Plot[..^4] + "-wiring.png"
            : s.Plot + "-wiring.png");
        string wiringOption = s.Wiring == null ? "--wiring (default from --plot)" : "--wiring";
        CliFiles.CheckWritable(wiring, wiringOption);

        var trace = new NeuronTrace(model);
        var result = ClosedLoopRunner.Fly(new FlightRequest
        {
            Scenario = scenario,
            Frame = frame,
            Conditions = scenario.Resolve(frame, new ConditionOverrides { LoopHz = s.LoopHz }),
            Seed = s.Seed,
            Controller = trace,
            ControllerName = "ltc",
        });

        string title = $"{Path.GetFileName(source)} on {frame.Name}, {scenario.Name}, seed {s.Seed}, {s.LoopHz:F0} Hz" +
                       (result.Crashed ? $": CRASHED ({result.CrashReason})" : $": RMS error {result.RmsAttitudeErrorDeg:F2} deg");
        CliFiles.WriteAllBytes(s.Plot, "--plot", NeuronPlots.ActivityPng(trace, title));
        CliFiles.WriteAllBytes(wiring, wiringOption, NeuronPlots.WiringPng(model, $"Wiring of {Path.GetFileName(source)}"));

        var table = new Table().AddColumns("neuron", "role", "state min..max", "tau median (ms)", "tau min..max (ms)");
        for (int i = 0; i < model.NeuronCount; i++)
        {
            var v = trace.States[i];
            var tau = trace.TimeConstantsS[i].Where(double.IsFinite).Select(x => x * 1000).OrderBy(x => x).ToList();
            string tauMedian = tau.Count > 0 ? tau[tau.Count / 2].ToString("F2", CultureInfo.InvariantCulture) : "-";
            string tauRange = tau.Count > 0 ? FormattableString.Invariant($"{tau[0]:F2}..{tau[^1]:F2}") : "-";
            table.AddRow(NeuronPlots.Label(model, i), NeuronRole.Name(model.Roles[i]),
                v.Count > 0 ? FormattableString.Invariant($"{v.Min():F3}..{v.Max():F3}") : "-", tauMedian, tauRange);
        }

        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"{Markup.Escape(title)}");
        AnsiConsole.MarkupLine($"activity: [bold]{Markup.Escape(s.Plot)}[/]  wiring: [bold]{Markup.Escape(wiring)}[/]");
        return CliRunner.ExitOk;
    }
}
