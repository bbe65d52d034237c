using System.Diagnostics;
using System.Text.Json.Nodes;
using LiquidFlight.Tools.Tests.NanoGate;

namespace LiquidFlight.Tools.Tests.Hil;

/// <summary>
/// Helpers of the HIL tests: a socat pseudo-terminal pair, the built CLI as a child process, and the documented
/// difference between `fly --json` and `hil --json` of the same flight.
/// </summary>
internal static class HilLink
{
    private static string Configuration =>
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}") ? "Debug" : "Release";

    public static string CliDll => Path.Combine(NanoTestAssets.RepositoryRoot, "tools", "LiquidFlight.Cli", "bin", Configuration, "net10.0", "liquidflight.dll");

    /// <summary>
    /// `hil --json` is `fly --json` of the same scenario, frame and seed with these differences, and no others:
    /// wallSeconds and realTimeFactor are wall-clock figures (they differ between any two runs), motorSaturationPct,
    /// safety.armingRefusals and safety.cause are the board's internals that MAVLink does not carry (left out), and
    /// "link" is added. Returns the fly object with those changes applied, for an exact comparison.
    /// </summary>
    public static (JsonObject Fly, JsonObject Hil) Comparable(string flyJson, string hilJson)
    {
        var fly = JsonNode.Parse(flyJson)!.AsObject();
        var hil = JsonNode.Parse(hilJson)!.AsObject();
        foreach (var o in new[] { fly, hil })
        {
            o.Remove("wallSeconds");
            o.Remove("realTimeFactor");
        }

        fly.Remove("motorSaturationPct");
        fly["safety"]!.AsObject().Remove("armingRefusals");
        fly["safety"]!.AsObject().Remove("cause");
        hil.Remove("link");
        return (fly, hil);
    }

    public static Process StartCli(params string[] args)
    {
        Assert.True(File.Exists(CliDll), $"{CliDll} was not built");
        // A test run started in the background by a shell without job control inherits SIGINT ignored, and so would
        // the CLI, which then never sees a test's Ctrl-C: it then starts through env, which restores the default
        // (env execs it, so the process is the CLI's). An ordinary run starts it directly.
        var start = new ProcessStartInfo(SigIntIgnored() ? "env" : "dotnet",
            SigIntIgnored() ? ["--default-signal=INT", "dotnet", "exec", CliDll, .. args] : ["exec", CliDll, .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        return Process.Start(start)!;
    }

    // Bit 2 (SIGINT) of this process's ignored-signal mask (/proc/self/status, SigIgn, hexadecimal).
    private static bool SigIntIgnored()
    {
        string? line = File.Exists("/proc/self/status")
            ? File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal))
            : null;
        return line != null && (Convert.ToUInt64(line["SigIgn:".Length..].Trim(), 16) & 2UL) != 0;
    }

    /// <summary>Runs the CLI to its end (at most <paramref name="limitS"/> s): exit code, stdout, stderr.</summary>
    public static (int Code, string Out, string Error) RunCli(double limitS, params string[] args)
    {
        using var p = StartCli(args);
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromSeconds(limitS)))
        {
            p.Kill(true);
            Assert.Fail($"liquidflight {string.Join(" ", args)} did not finish within {limitS} s; stderr: {stderr.Result}");
        }

        return (p.ExitCode, stdout.Result, stderr.Result);
    }
}

/// <summary>Two pseudo-terminals joined by socat (`socat -d -d pty,raw,echo=0,link=A pty,raw,echo=0,link=B`).</summary>
internal sealed class SocatPair : IDisposable
{
    private readonly Process socat;

    public SocatPair()
    {
        string socatPath = new[] { "/usr/bin/socat", "/bin/socat", "/usr/local/bin/socat" }.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException(
                "socat is not installed: the HIL end-to-end tests need it (Debian: apt-get install socat; .ci/run installs it)");
        string dir = Path.Combine(Path.GetTempPath(), "lf-hil-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        A = Path.Combine(dir, "sim");
        B = Path.Combine(dir, "board");
        socat = Process.Start(new ProcessStartInfo(socatPath,
            ["-d", "-d", $"pty,raw,echo=0,link={A}", $"pty,raw,echo=0,link={B}"])
        {
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        socat.ErrorDataReceived += (_, _) => { };
        socat.BeginErrorReadLine();
        var wait = Stopwatch.StartNew();
        while (!(File.Exists(A) && File.Exists(B)))
        {
            Assert.False(socat.HasExited, "socat exited before making the pty pair");
            Assert.True(wait.Elapsed.TotalSeconds < 10, "socat made no pty pair within 10 s");
            Thread.Sleep(20);
        }
    }

    /// <summary>The simulator's end and the board's end.</summary>
    public string A { get; }
    public string B { get; }

    public void Dispose()
    {
        if (!socat.HasExited)
        {
            socat.Kill();
            socat.WaitForExit(5000);
        }

        socat.Dispose();
        try
        {
            Directory.Delete(Path.GetDirectoryName(A)!, true);
        }
        catch (IOException)
        {
        }
    }
}
