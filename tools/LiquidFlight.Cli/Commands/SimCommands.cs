using System.ComponentModel;
using System.Globalization;
using System.Text;
using System.Text.Json;
using LiquidFlight.Cli.Discipline;
using LiquidFlight.Cli.Plotting;
using LiquidFlight.Sim.Controllers;
using LiquidFlight.Sim.Faults;
using LiquidFlight.Sim.Frames;
using LiquidFlight.Sim.Runner;
using LiquidFlight.Sim.Scenarios;
using Spectre.Console;
using Spectre.Console.Cli;

namespace LiquidFlight.Cli;

/// <summary>`scenarios`, `fly`, `compare`: the simulator on the command line.</summary>
public static class SimCommands
{
    public static void Register(IConfigurator config)
    {
        config.AddCommand<ScenariosCommand>("scenarios")
            .WithDescription("List the simulator's scenarios, frames and controllers")
            .WithExample("scenarios", "--json");
        config.AddCommand<FlyCommand>("fly")
            .WithDescription("Fly one controller through one scenario in the simulator and report its metrics")
            .WithExample("fly", "--controller", "ltc", "--scenario", "hover-recovery", "--json")
            .WithExample("fly", "--controller", "pid", "--scenario", "gusts", "--wind", "12", "--mass-scale", "1.3", "--plot", "gusts.png")
            .WithExample("fly", "--controller", "pid", "--scenario", "rc-loss", "--json")
            .WithExample("fly", "--controller", "pid", "--scenario", "attitude-steps", "--fault", "imu-dropout@2:0.03", "--burst", "0.01", "--burst-length", "20");
        config.AddCommand<CompareCommand>("compare")
            .WithDescription("Fly every controller through every scenario over several seeds and tabulate the results")
            .WithExample("compare", "--seeds", "3")
            .WithExample("compare", "--frame", "esp-drone-brushed", "--json");
    }

    internal static FrameSpec ResolveFrame(string? name)
    {
        string frameName = name ?? FrameCatalog.DefaultFrameName;
        try
        {
            if (FrameCatalog.TryGet(frameName, out var frame))
            {
                return frame;
            }
        }
        catch (FrameFileException e)
        {
            throw new UsageException(e.Message);
        }

        throw new UsageException($"unknown frame \"{frameName}\"; allowed: {string.Join(", ", FrameCatalog.Names)}");
    }

    internal static Scenario ResolveScenario(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw new UsageException($"--scenario is required; allowed: {string.Join(", ", ScenarioCatalog.NamesWithFaults)}");
        }

        if (!ScenarioCatalog.TryGet(name, out var scenario))
        {
            throw new UsageException($"unknown scenario \"{name}\"; allowed: {string.Join(", ", ScenarioCatalog.NamesWithFaults)}");
        }

        return scenario;
    }

    internal static string ResolveController(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw new UsageException($"--controller is required; allowed: {string.Join(", ", ControllerCatalog.Names)}");
        }

        if (!ControllerCatalog.IsKnown(name))
        {
            throw new UsageException($"unknown controller \"{name}\"; allowed: {string.Join(", ", ControllerCatalog.Names)}");
        }

        return name;
    }

    internal static FlightResult Fly(string controllerName, Scenario scenario, FrameSpec frame, int seed,
        ConditionOverrides overrides, bool record, IReadOnlyList<FaultPlan>? faults = null)
    {
        var controller = ControllerCatalog.Create(controllerName, frame);
        return ClosedLoopRunner.Fly(new FlightRequest
        {
            Scenario = scenario,
            Frame = frame,
            Conditions = scenario.Resolve(frame, overrides),
            Seed = seed,
            Controller = controller.Controller,
            ControllerName = controller.Name,
            Neurons = controller.Neurons,
            Record = record,
            Faults = faults ?? [],
        });
    }

    /// <summary>
    /// Reads every --fault value (the option may be given several times: several faults in one flight, added to the
    /// scenario's own fault if it has one). Each start must fall inside the flight.
    /// </summary>
    internal static IReadOnlyList<FaultPlan> ResolveFaults(string[]? texts, double flightSeconds) =>
        texts == null ? [] : texts.Select(t => ResolveFault(t, flightSeconds)).ToList();

    private static FaultPlan ResolveFault(string text, double flightSeconds)
    {
        if (!FaultPlan.TryParse(text, out var plan, out string? error))
        {
            throw new UsageException($"--fault {error}");
        }

        if (plan!.StartS >= flightSeconds)
        {
            throw new UsageException(
                $"--fault {text}: starts at {plan.StartS} s, at or after the end of the {flightSeconds} s flight; allowed: a start in [0, {flightSeconds})");
        }

        return plan;
    }

    /// <summary>The recorded flight as --csv and --plot files (each only when its path is given).</summary>
    internal static void WriteRecording(FlightResult result, string? csv, string? plot)
    {
        if (csv != null)
        {
            CliFiles.WriteText(csv, "--csv", w => result.Recording!.WriteCsv(w));
        }

        if (plot != null)
        {
            CliFiles.WriteAllBytes(plot, "--plot", FlightPlot.Png(result));
        }
    }

    internal static string Format(double? v, string format = "F2") =>
        v is double d ? d.ToString(format, CultureInfo.InvariantCulture) : "-";
}

public sealed class ScenariosCommand : Command<ScenariosCommand.Settings>
{
    public sealed class Settings : CliSettings
    {
        [CommandOption("--json")]
        [Description("Print one JSON object instead of tables")]
        public bool Json { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        IReadOnlyList<FrameSpec> frames;
        try
        {
            frames = FrameCatalog.All;
        }
        catch (FrameFileException e)
        {
            throw new UsageException(e.Message);
        }

        if (settings.Json)
        {
            var doc = new
            {
                scenarios = ScenarioCatalog.WithFaults.Select(s => new { name = s.Name, kind = s.KindName, description = s.Description }),
                frames = frames.Select(f => new { name = f.Name, description = f.Description }),
                controllers = ControllerCatalog.Names,
            };
            Console.Out.WriteLine(JsonSerializer.Serialize(doc));
            return CliRunner.ExitOk;
        }

        var table = new Table().AddColumns("scenario", "kind", "description");
        foreach (var s in ScenarioCatalog.WithFaults)
        {
            table.AddRow(s.Name, s.KindName, Markup.Escape(s.Description));
        }

        AnsiConsole.Write(table);
        var frameTable = new Table().AddColumns("frame", "mass (kg)", "ESC", "IMU", "description");
        foreach (var f in frames)
        {
            frameTable.AddRow(f.Name, f.MassKg.ToString("G3", CultureInfo.InvariantCulture), f.Esc.ProtocolName, f.Imu.Model,
                Markup.Escape(f.Description));
        }

        AnsiConsole.Write(frameTable);
        AnsiConsole.WriteLine($"controllers: {string.Join(", ", ControllerCatalog.Names)}");
        return CliRunner.ExitOk;
    }
}

/// <summary>The condition knobs shared by `fly` (and the ranges they must stay in, from <see cref="Knobs"/>).</summary>
public class ConditionSettings : CliSettings
{
    [CommandOption("--seconds <S>")]
    [Description("Flight length in simulated seconds (default: the scenario's)")]
    public double? Seconds { get; init; }

    [CommandOption("--loop-hz <N>")]
    [Description("Flight loop rate (default 500)")]
    public double? LoopHz { get; init; }

    [CommandOption("--imu-hz <N>")]
    [Description("IMU sample rate (default: the frame's IMU)")]
    public double? ImuHz { get; init; }

    [CommandOption("--jitter <F>")]
    [Description("IMU timestamp jitter as a fraction of the sample period (uniform +-F/2)")]
    public double? Jitter { get; init; }

    [CommandOption("--dropout <F>")]
    [Description("Probability that an IMU sample is lost")]
    public double? Dropout { get; init; }

    [CommandOption("--burst <F>")]
    [Description("Probability per IMU sample that a bus stall starts (loses --burst-length samples in a row)")]
    public double? Burst { get; init; }

    [CommandOption("--burst-length <N>")]
    [Description("IMU samples lost in a row by each bus stall")]
    public int? BurstLength { get; init; }

    [CommandOption("--mass-scale <F>")]
    [Description("Multiply the frame's mass")]
    public double? MassScale { get; init; }

    [CommandOption("--inertia-scale <F>")]
    [Description("Multiply the frame's moments of inertia")]
    public double? InertiaScale { get; init; }

    [CommandOption("--noise-scale <F>")]
    [Description("Multiply IMU white noise and bias drift")]
    public double? NoiseScale { get; init; }

    [CommandOption("--motor-lag-scale <F>")]
    [Description("Multiply the motors' time constant")]
    public double? MotorLagScale { get; init; }

    [CommandOption("--wind <MPS>")]
    [Description("Mean wind speed (m/s) with turbulence and gusts scaled to it")]
    public double? Wind { get; init; }

    [CommandOption("--rc-hz <N>")]
    [Description("Rate the board polls the RC receiver at, at least (default 125; half the loop rate or more: every even slot)")]
    public double? RcHz { get; init; }

    public ConditionOverrides ToOverrides()
    {
        var o = new ConditionOverrides
        {
            Seconds = Seconds, LoopHz = LoopHz, ImuHz = ImuHz, Jitter = Jitter, Dropout = Dropout,
            BurstProbability = Burst, BurstLengthSamples = BurstLength,
            MassScale = MassScale, InertiaScale = InertiaScale, NoiseScale = NoiseScale,
            MotorLagScale = MotorLagScale, WindMs = Wind, RcPollHz = RcHz,
        };
        string? problem = Knobs.Check(o);
        if (problem != null)
        {
            throw new UsageException(problem);
        }

        return o;
    }
}

public sealed class FlyCommand : Command<FlyCommand.Settings>
{
    public sealed class Settings : ConditionSettings
    {
        [CommandOption("--controller <NAME>")]
        [Description("ltc | ltc-float | pid")]
        public string? Controller { get; init; }

        [CommandOption("--scenario <NAME>")]
        [Description("A scenario name (see `scenarios`)")]
        public string? Scenario { get; init; }

        [CommandOption("--frame <NAME>")]
        [Description("A frame under hardware/frames (default quad250-brushless)")]
        public string? Frame { get; init; }

        [CommandOption("--seed <N>")]
        [Description("Seed for every random draw of the flight (default 1)")]
        public int Seed { get; init; } = 1;

        [CommandOption("--fault <FAULT>")]
        [Description("Inject a fault (rc-loss | imu-dropout | stuck-sensor) at START s for DURATION s (default: to the end); the safety supervisor flies. Give it several times for several faults in one flight; a fault scenario keeps its own fault and adds these")]
        public string[]? Fault { get; init; }

        [CommandOption("--json")]
        [Description("Print exactly one JSON object with the metrics")]
        public bool Json { get; init; }

        [CommandOption("--csv <PATH>")]
        [Description("Write the flight's time series as CSV")]
        [OutputFile]
        public string? Csv { get; init; }

        [CommandOption("--plot <PATH>")]
        [Description("Write a PNG: attitude vs setpoint, body rates, motors, neuron states")]
        [OutputFile]
        public string? Plot { get; init; }
    }

    public override int Execute(CommandContext context, Settings s, CancellationToken cancellationToken)
    {
        string controller = SimCommands.ResolveController(s.Controller);
        var scenario = SimCommands.ResolveScenario(s.Scenario);
        var frame = SimCommands.ResolveFrame(s.Frame);
        var overrides = s.ToOverrides();
        bool record = s.Csv != null || s.Plot != null;

        var faults = SimCommands.ResolveFaults(s.Fault, scenario.Resolve(frame, overrides).Seconds);

        var result = SimCommands.Fly(controller, scenario, frame, s.Seed, overrides, record, faults);

        SimCommands.WriteRecording(result, s.Csv, s.Plot);
        if (s.Json)
        {
            Console.Out.WriteLine(FlightJson.Serialize(result));
            return CliRunner.ExitOk;
        }

        var table = new Table().AddColumns("metric", "value");
        table.AddRow("controller / frame / scenario", $"{result.Controller} / {result.Frame} / {result.Scenario} (seed {result.Seed})");
        table.AddRow("crashed", result.Crashed ? $"[red]yes[/] ({Markup.Escape(result.CrashReason ?? "")} at {result.CrashTimeS:F2} s)" : "no");
        table.AddRow("RMS attitude error (deg)", SimCommands.Format(result.RmsAttitudeErrorDeg));
        table.AddRow("max attitude error (deg)", SimCommands.Format(result.MaxAttitudeErrorDeg));
        table.AddRow("settle time (s, mean over steps)", (result.SettleTimeS is null ? "-" : SimCommands.Format(result.SettleTimeS)) +
            $" ({result.SettledSteps} settled, {result.UnsettledSteps} not within {ClosedLoopRunner.SettleBandDeg} deg)");
        var safety = result.Safety;
        table.AddRow("armed", $"{SimCommands.Format(safety.ArmedS)} s (on the switch; release at 0 s, {safety.PreflightS:F2} s after power-on)");
        foreach (var injected in result.Faults)
        {
            table.AddRow("fault", $"{injected.KindName} at {injected.StartS:F2} s" +
                (injected.DurationS is double d ? $" for {d:F2} s" : " to the end"));
        }

        if (result.Faults.Count > 0 || safety.Cause != LiquidFlight.Core.Safety.FailsafeCause.None)
        {
            table.AddRow("failsafe", $"cause {safety.Cause}; landing from {SimCommands.Format(safety.LandingStartS)} s, " +
                $"motors off at {SimCommands.Format(safety.MotorsOffS)} s, disarmed at {SimCommands.Format(safety.DisarmedS)} s");
        }

        table.AddRow("motor saturation (%)", SimCommands.Format(result.MotorSaturationPct, "F1"));
        table.AddRow("IMU samples delivered / dropped", $"{result.ImuSamplesDelivered} / {result.ImuSamplesDropped}");
        table.AddRow("simulated / wall seconds", $"{result.SimSeconds:F2} / {result.WallSeconds:F3}");
        table.AddRow("real-time factor", result.RealTimeFactor.ToString("F0", CultureInfo.InvariantCulture));
        AnsiConsole.Write(table);
        return CliRunner.ExitOk;
    }
}
