using System.ComponentModel;
using System.Globalization;
using System.IO.Ports;
using System.Runtime.InteropServices;
using LiquidFlight.Cli.Discipline;
using LiquidFlight.Sim.Controllers;
using LiquidFlight.Sim.Hil;
using LiquidFlight.Sim.Runner;
using LiquidFlight.Sim.Scenarios;
using Spectre.Console;
using Spectre.Console.Cli;

namespace LiquidFlight.Cli;

/// <summary>`hil` and `board`: hardware-in-the-loop over a MAVLink v2 serial link (hardware/hil/README.md).</summary>
public static class HilCommands
{
    /// <summary>The reference HIL line rate (hardware/hil/README.md).</summary>
    public const int DefaultBaud = 921600;

    public static void Register(IConfigurator config)
    {
        config.AddCommand<HilCommand>("hil")
            .WithDescription("Fly the simulator's physics and IMU against a board on a serial port (MAVLink HIL_SENSOR / HIL_ACTUATOR_CONTROLS)")
            .WithExample("hil", "--port", "/dev/ttyUSB0", "--scenario", "attitude-steps", "--lockstep", "--json");
        config.AddCommand<BoardCommand>("board")
            .WithDescription("Run the virtual board: the firmware's board cycle on .NET with the HIL IMU source, motor output and telemetry on a serial port")
            .WithExample("board", "--port", "/tmp/board", "--controller", "pid");
    }

    /// <summary>Opens the port, or a one-line usage error naming it.</summary>
    internal static SerialHilStream Open(string? port, int? baud)
    {
        if (string.IsNullOrEmpty(port))
        {
            throw new UsageException("--port is required (a serial device, e.g. /dev/ttyUSB0, or one end of a socat pty pair)");
        }

        int rate = baud ?? DefaultBaud;
        if (rate < 1200 || rate > 4_000_000)
        {
            throw new UsageException($"--baud {rate}: allowed 1200..4000000 (the HIL reference is {DefaultBaud})");
        }

        if (!File.Exists(port))
        {
            throw new UsageException($"--port {port}: no such device");
        }

        try
        {
            return new SerialHilStream(port, rate);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
        {
            throw new UsageException($"--port {port}: cannot be opened as a serial port ({e.Message})");
        }
    }
}

/// <summary>A serial port (System.IO.Ports) as a HIL stream: 8N1, no flow control.</summary>
public sealed class SerialHilStream : IHilStream
{
    private readonly SerialPort port;
    private int timeoutMs = -2;

    public SerialHilStream(string name, int baud)
    {
        port = new SerialPort(name, baud, Parity.None, 8, StopBits.One) { Handshake = Handshake.None, WriteTimeout = 2000 };
        port.Open();
        port.DiscardInBuffer();
    }

    public int Read(byte[] buffer, int offset, int count, int timeout)
    {
        if (timeout <= 0)
        {
            if (port.BytesToRead == 0)
            {
                return 0;
            }

            timeout = 1;
        }

        if (timeout != timeoutMs)
        {
            port.ReadTimeout = timeout;
            timeoutMs = timeout;
        }

        try
        {
            return port.Read(buffer, offset, count);
        }
        catch (TimeoutException)
        {
            return 0;
        }
    }

    public void Write(byte[] buffer, int offset, int count) => port.Write(buffer, offset, count);

    public void Dispose() => port.Dispose();
}

public sealed class HilCommand : Command<HilCommand.Settings>
{
    public sealed class Settings : CliSettings
    {
        [CommandOption("--port <PATH>")]
        [Description("Serial device of the board (or one end of a socat pty pair)")]
        public string? Port { get; init; }

        [CommandOption("--baud <N>")]
        [Description("Line rate (default 921600; a pty ignores it)")]
        public int? Baud { get; init; }

        [CommandOption("--scenario <NAME>")]
        [Description("A scenario name (see `scenarios`; default attitude-steps)")]
        public string? Scenario { get; init; }

        [CommandOption("--frame <NAME>")]
        [Description("A frame under hardware/frames (default quad250-brushless); `board` must fly the same")]
        public string? Frame { get; init; }

        [CommandOption("--seed <N>")]
        [Description("Seed for every random draw of the flight (default 1)")]
        public int Seed { get; init; } = 1;

        [CommandOption("--seconds <S>")]
        [Description("Flight length in simulated seconds (default: the scenario's)")]
        public double? Seconds { get; init; }

        [CommandOption("--lockstep")]
        [Description("Advance the simulation only when the board has answered each sample (deterministic); default: real time")]
        public bool Lockstep { get; init; }

        [CommandOption("--timeout <S>")]
        [Description("Seconds without an answer after which the board counts as lost (default 2)")]
        public double? Timeout { get; init; }

        [CommandOption("--json")]
        [Description("Print exactly one JSON object: the `fly` metrics and a \"link\" object")]
        public bool Json { get; init; }

        [CommandOption("--csv <PATH>")]
        [Description("Write the flight's time series as CSV")]
        [OutputFile]
        public string? Csv { get; init; }

        [CommandOption("--plot <PATH>")]
        [Description("Write a PNG: attitude vs setpoint, body rates, motors")]
        [OutputFile]
        public string? Plot { get; init; }
    }

    public override int Execute(CommandContext context, Settings s, CancellationToken cancellationToken)
    {
        var scenario = SimCommands.ResolveScenario(s.Scenario ?? "attitude-steps");
        var frame = SimCommands.ResolveFrame(s.Frame);
        var overrides = new ConditionOverrides { Seconds = s.Seconds };
        string? problem = Knobs.Check(overrides);
        if (problem != null)
        {
            throw new UsageException(problem);
        }

        double timeout = s.Timeout ?? 2;
        if (!(timeout >= 0.05 && timeout <= 600))
        {
            throw new UsageException($"--timeout {timeout.ToString(CultureInfo.InvariantCulture)}: allowed 0.05..600 s");
        }

        bool record = s.Csv != null || s.Plot != null;
        FlightResult result;
        using (var stream = HilCommands.Open(s.Port, s.Baud))
        {
            result = ClosedLoopRunner.Fly(new FlightRequest
            {
                Scenario = scenario,
                Frame = frame,
                Conditions = scenario.Resolve(frame, overrides),
                Seed = s.Seed,
                Record = record,
                Board = (f, c) => new HilFlightBoard(f, c, stream, s.Port!, s.Lockstep, timeout),
            });
        }

        var link = result.Link!;
        if (!link.BoardAnswered)
        {
            throw new UsageException(link.Error ?? $"--port {s.Port}: the board never answered");
        }

        SimCommands.WriteRecording(result, s.Csv, s.Plot);

        if (s.Json)
        {
            Console.Out.WriteLine(FlightJson.Serialize(result));
        }
        else
        {
            Print(result, link);
        }

        if (link.Error != null)
        {
            throw new UsageException(link.Error);
        }

        return CliRunner.ExitOk;
    }

    private static void Print(FlightResult r, HilLinkFigures link)
    {
        var table = new Table().AddColumns("metric", "value");
        table.AddRow("board / frame / scenario", $"{Markup.Escape(r.Controller)} / {r.Frame} / {r.Scenario} (seed {r.Seed})");
        table.AddRow("crashed", r.Crashed ? $"[red]yes[/] ({Markup.Escape(r.CrashReason ?? "")} at {r.CrashTimeS:F2} s)" : "no");
        table.AddRow("RMS / max attitude error (deg)", $"{SimCommands.Format(r.RmsAttitudeErrorDeg)} / {SimCommands.Format(r.MaxAttitudeErrorDeg)}");
        table.AddRow("settle time (s, mean over steps)", SimCommands.Format(r.SettleTimeS) + $" ({r.SettledSteps} settled, {r.UnsettledSteps} not)");
        table.AddRow("armed", $"{SimCommands.Format(r.Safety.ArmedS)} s (release at 0 s, {r.Safety.PreflightS:F2} s after power-on)");
        table.AddRow("simulated seconds", r.SimSeconds.ToString("F2", CultureInfo.InvariantCulture));
        table.AddRow("link", $"{Markup.Escape(link.Port)}, {(link.Lockstep ? "lockstep" : "real time")}");
        table.AddRow("frames to / from the board", $"{link.FramesSent} / {link.FramesReceived} ({link.ActuatorFrames} HIL_ACTUATOR_CONTROLS)");
        table.AddRow("CRC errors / garbage bytes / other bad frames", $"{link.CrcErrors} / {link.GarbageBytes} / {link.OtherBadFrames}");
        table.AddRow("dropped frames (unanswered HIL_SENSOR)", link.DroppedFrames.ToString(CultureInfo.InvariantCulture));
        table.AddRow("round trip min / mean / max (µs)",
            $"{SimCommands.Format(link.LatencyMinUs, "F0")} / {SimCommands.Format(link.LatencyMeanUs, "F0")} / {SimCommands.Format(link.LatencyMaxUs, "F0")}");
        table.AddRow("board cycles per wall second", link.CycleRateHz.ToString("F0", CultureInfo.InvariantCulture));
        AnsiConsole.Write(table);
    }
}

public sealed class BoardCommand : Command<BoardCommand.Settings>
{
    public sealed class Settings : CliSettings
    {
        [CommandOption("--port <PATH>")]
        [Description("Serial device the simulator (`hil`) is on (or one end of a socat pty pair)")]
        public string? Port { get; init; }

        [CommandOption("--baud <N>")]
        [Description("Line rate (default 921600; a pty ignores it)")]
        public int? Baud { get; init; }

        [CommandOption("--controller <NAME>")]
        [Description("ltc | pid (default pid, as the reference firmware)")]
        public string? Controller { get; init; }

        [CommandOption("--frame <NAME>")]
        [Description("The frame whose loop, ESC and PID settings the board takes (default quad250-brushless); `hil` must fly the same")]
        public string? Frame { get; init; }
    }

    public override int Execute(CommandContext context, Settings s, CancellationToken cancellationToken)
    {
        string name = s.Controller ?? ControllerCatalog.Pid;
        if (name != ControllerCatalog.Pid && name != "ltc")
        {
            throw new UsageException($"--controller {name}: allowed ltc, pid (the controllers the firmware flies)");
        }

        var frame = SimCommands.ResolveFrame(s.Frame);
        var controller = ControllerCatalog.Create(name, frame);
        using var stream = HilCommands.Open(s.Port, s.Baud);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            stop.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c =>
        {
            c.Cancel = true;
            stop.Cancel();
        });
        var board = new VirtualBoard(frame, controller.Controller, stream, controller.Name);
        Console.Error.WriteLine($"board: {controller.Name} on {frame.Name}, serving {s.Port} (Ctrl-C to stop)");
        try
        {
            board.Run(stop.Token);
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }

        var hil = board.Hil;
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"board: stopped after {board.Cycles} cycles ({board.NowUs / 1e6:F3} s board time): {hil.SensorFrames} HIL_SENSOR in ({hil.TimeOnlyFrames} time only, {hil.BadSamples} bad), {hil.ActuatorFrames} HIL_ACTUATOR_CONTROLS out, {hil.Parser.CrcErrors} CRC errors, {hil.Parser.DroppedBytes} garbage bytes"));
        return CliRunner.ExitOk;
    }
}
