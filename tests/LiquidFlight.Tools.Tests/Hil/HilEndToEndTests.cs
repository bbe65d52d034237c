using System.Diagnostics;
using System.Text.Json.Nodes;
using LiquidFlight.Cli;
using LiquidFlight.Sim.Controllers;
using LiquidFlight.Sim.Frames;
using LiquidFlight.Sim.Hil;
using LiquidFlight.Tools.Tests.Cli;

namespace LiquidFlight.Tools.Tests.Hil;

/// <summary>
/// `board` and `hil` over real pseudo-terminals joined by socat, as separate processes of the built CLI: in lockstep
/// the flight is `fly`'s of the same scenario, frame and seed number for number (with the documented difference of
/// <see cref="HilLink.Comparable"/>), and the link's failures are one-line errors with exit 2.
/// </summary>
[Collection(ConsoleCollection.Name)]
public class HilEndToEndTests
{
    private static readonly string[] Flight = ["--scenario", "attitude-steps", "--seed", "3", "--seconds", "3"];

    [Fact]
    public async Task Board_and_hil_in_lockstep_over_socat_fly_the_in_process_flight_bit_for_bit_and_the_board_stops_cleanly()
    {
        using var pair = new SocatPair();
        using var board = HilLink.StartCli("board", "--port", pair.B, "--controller", "pid");
        // The board prints its "serving" line once the port is open (and its input discarded): hil starts after it.
        string? ready = await board.StandardError.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Matches("^board: pid on quad250-brushless, serving ", ready ?? "(board exited)");
        var boardErr = board.StandardError.ReadToEndAsync();
        try
        {
            var (code, stdout, stderr) = HilLink.RunCli(300, ["hil", "--port", pair.A, .. Flight, "--lockstep", "--json"]);
            Assert.True(code == 0, $"hil exited {code}: {stderr}");
            var fly = CliHarness.Run(["fly", "--controller", "pid", .. Flight, "--json"]);
            Assert.Equal(0, fly.ExitCode);

            var (flyJson, hilJson) = HilLink.Comparable(fly.Out, stdout);
            Assert.Equal(flyJson.ToJsonString(), hilJson.ToJsonString());
            Assert.True(flyJson["rmsAttitudeErrorDeg"]!.GetValue<double>() > 0.5, "the steps were flown");

            var link = JsonNode.Parse(stdout)!["link"]!;
            Assert.True(link["lockstep"]!.GetValue<bool>());
            Assert.Equal(0, link["crcErrors"]!.GetValue<long>() + link["garbageBytes"]!.GetValue<long>() + link["droppedFrames"]!.GetValue<long>());
            Assert.Equal(link["sensorFrames"]!.GetValue<long>() + link["timeOnlyFrames"]!.GetValue<long>(), link["actuatorFrames"]!.GetValue<long>());
            Assert.True(link["latencyMinUs"]!.GetValue<double>() > 0);
        }
        finally
        {
            // Ctrl-C: the board stops, reports its counts and exits 0.
            Process.Start("kill", ["-INT", board.Id.ToString()])!.WaitForExit();
            bool exited = board.WaitForExit(15000);
            if (!exited)
            {
                board.Kill(true);
            }

            Assert.True(exited, "board did not stop on SIGINT");
        }

        Assert.Equal(0, board.ExitCode);
        Assert.Matches(@"board: stopped after \d+ cycles", await boardErr);
    }

    [Fact]
    public void A_port_that_does_not_exist_is_one_line_and_exit_2()
    {
        var r = CliHarness.Run("hil", "--port", "/dev/no-such-hil-port", "--lockstep");
        Assert.Equal(CliRunner.ExitUsage, r.ExitCode);
        Assert.Equal("error: --port /dev/no-such-hil-port: no such device", r.Error.TrimEnd());
        var b = CliHarness.Run("board", "--port", "/dev/no-such-hil-port");
        Assert.Equal(CliRunner.ExitUsage, b.ExitCode);
        Assert.Equal("error: --port /dev/no-such-hil-port: no such device", b.Error.TrimEnd());
    }

    [Fact]
    public void A_board_that_never_answers_is_a_timeout_one_line_and_exit_2()
    {
        using var pair = new SocatPair();
        var r = CliHarness.Run("hil", "--port", pair.A, "--lockstep", "--timeout", "0.5", "--json");
        Assert.Equal(CliRunner.ExitUsage, r.ExitCode);
        Assert.Single(r.Error.TrimEnd().Split('\n'));
        Assert.StartsWith($"error: no answer from the board on {pair.A} within 0.5 s", r.Error);
        Assert.Equal("", r.Out);
    }

    /// <summary>The board's end served in this process by <see cref="VirtualBoard"/> through the CLI's serial adapter.</summary>
    private sealed class BoardInProcess : IDisposable
    {
        private readonly CancellationTokenSource stop = new();
        private readonly Thread thread;
        private readonly SerialHilStream port;

        public BoardInProcess(string path, Func<IHilStream, IHilStream> wrap)
        {
            var frame = FrameCatalog.Get(FrameCatalog.DefaultFrameName);
            port = new SerialHilStream(path, HilCommands.DefaultBaud);
            var board = new VirtualBoard(frame, ControllerCatalog.Create(ControllerCatalog.Pid, frame).Controller, wrap(port), "pid");
            thread = new Thread(() => board.Run(stop.Token)) { IsBackground = true };
            thread.Start();
        }

        public void Dispose()
        {
            stop.Cancel();
            thread.Join();
            port.Dispose();
        }
    }

    /// <summary>The board's writes with garbage (no MAVLink start byte) before each frame; silent after <c>limit</c> frames.</summary>
    private sealed class Noisy(IHilStream inner, bool garble, int limit) : IHilStream
    {
        private static readonly byte[] Noise = [0x00, 0x55, 0xAA, 0x13, 0x37, 0xFF, 0x42];
        private int writes;

        public int Read(byte[] buffer, int offset, int count, int timeoutMs) => inner.Read(buffer, offset, count, timeoutMs);

        public void Write(byte[] buffer, int offset, int count)
        {
            if (++writes > limit)
            {
                return;
            }

            if (garble)
            {
                inner.Write(Noise, 0, Noise.Length);
            }

            inner.Write(buffer, offset, count);
        }

        public void Dispose()
        {
        }
    }

    [Fact]
    public void A_board_that_stops_mid_flight_in_lockstep_is_a_timeout_with_the_flight_so_far_reported()
    {
        using var pair = new SocatPair();
        using var board = new BoardInProcess(pair.B, s => new Noisy(s, garble: false, limit: 1600));
        // 1 s: well above a loaded machine's worst round trip (92 ms measured at load 36), so only the silence trips it.
        var r = CliHarness.Run(["hil", "--port", pair.A, .. Flight, "--lockstep", "--timeout", "1", "--json"]);
        Assert.Equal(CliRunner.ExitUsage, r.ExitCode);
        Assert.Single(r.Error.TrimEnd().Split('\n'));
        Assert.Matches($@"^error: the board on {pair.A} stopped answering at board time \d+\.\d{{3}} s", r.Error);
        var flight = JsonNode.Parse(r.Out)!;
        Assert.InRange(flight["simSeconds"]!.GetValue<double>(), 0.2, 2.9);
        Assert.Contains("stopped answering", flight["link"]!["error"]!.GetValue<string>());
        Assert.Equal(1, flight["link"]!["droppedFrames"]!.GetValue<long>());
    }

    [Fact]
    public void Garbage_on_the_line_is_counted_and_the_lockstep_flight_is_unchanged()
    {
        using var pair = new SocatPair();
        using var board = new BoardInProcess(pair.B, s => new Noisy(s, garble: true, limit: int.MaxValue));
        string[] flight = ["--scenario", "attitude-steps", "--seed", "3", "--seconds", "1"];
        var r = CliHarness.Run(["hil", "--port", pair.A, .. flight, "--lockstep", "--json"]);
        Assert.True(r.ExitCode == 0, r.Error);
        var fly = CliHarness.Run(["fly", "--controller", "pid", .. flight, "--json"]);
        var (flyJson, hilJson) = HilLink.Comparable(fly.Out, r.Out);
        Assert.Equal(flyJson.ToJsonString(), hilJson.ToJsonString());
        var link = JsonNode.Parse(r.Out)!["link"]!;
        // 7 garbage bytes before every frame the board sent.
        Assert.Equal(7 * link["framesReceived"]!.GetValue<long>(), link["garbageBytes"]!.GetValue<long>());
        Assert.Equal(0, link["crcErrors"]!.GetValue<long>());
    }
}
