using System.Diagnostics;
using System.Formats.Tar;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace LiquidFlight.Benchmarks;

/// <summary>
/// <c>il-count --reference</c>: the cost model checked against what was measured. board-cost.md measured
/// <c>FlightLoop.RunCycle</c> of Core at commit <see cref="Commit"/> on the real nanoCLR interpreter (-Os): 506,057
/// host instructions per cycle with the shipped LTC and 298,097 with the PID (7,905 and 3,981 opcodes). This takes
/// that commit's Core from the repository's history (<c>git archive</c>), compiles and instruments it as il-count
/// does, flies the flight that was measured (<c>Reference/MeasuredFlight96c54b0.cs.txt</c>, that commit's driver) and
/// prints the executed IL and predicted host instructions per cycle, so a test can hold the prediction to the
/// measurement.
/// </summary>
public static class HostCostReference
{
    public const string Commit = "96c54b0";

    /// <summary>Flying cycles skipped and then averaged: the measurement's 2,000- and 20,000-cycle runs.</summary>
    private const int Skip = 2000;
    private const int Count = 18000;

    public static int Run(bool json)
    {
        string repo = FindRepositoryRoot();
        string dir = Path.Combine(Path.GetTempPath(), $"liquidflight-core-{Commit}-{Environment.ProcessId}");
        try
        {
            try
            {
                Extract(repo, dir);
            }
            catch (InvalidOperationException e)
            {
                Console.Error.WriteLine("il-count --reference: " + e.Message);
                return 2;
            }

            byte[] core = IlExecutionCount.CompileCoreFrom(Path.Combine(dir, "firmware", "LiquidFlight.Core"));
            (byte[] instrumented, _) = IlExecutionCount.Instrument(core);
            byte[] driver = CompileDriver(instrumented);
            var context = new IlExecutionCount.InstrumentedContext(instrumented);
            Assembly flight = context.LoadFromStream(new MemoryStream(driver));
            MethodInfo run = flight.GetType("MeasuredFlight", throwOnError: true)!.GetMethod("Run")!;
            var ltc = (double[])run.Invoke(null, ["ltc", Skip, Count])!;
            var pid = (double[])run.Invoke(null, ["pid", Skip, Count])!;
            if (json)
            {
                Console.WriteLine($"{{\"commit\": \"{Commit}\", \"cycles\": {Count}, \"controllers\": {{"
                    + $"\"ltc\": {{\"il\": {ltc[0]:F1}, \"hostCost\": {ltc[1]:F0}}}, \"pid\": {{\"il\": {pid[0]:F1}, \"hostCost\": {pid[1]:F0}}}}}}}");
            }
            else
            {
                Console.WriteLine($"FlightLoop.RunCycle of Core at {Commit}, the flight board-cost.md measured on nanoCLR (-Os), mean of {Count} flying cycles:");
                Console.WriteLine($"  LTC: {ltc[0],7:F0} IL, {ltc[1],9:F0} predicted host instructions (measured: 7,905 opcodes, 506,057 host instructions)");
                Console.WriteLine($"  PID: {pid[0],7:F0} IL, {pid[1],9:F0} predicted host instructions (measured: 3,981 opcodes, 298,097 host instructions)");
            }

            return 0;
        }
        finally
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }

    private static string FindRepositoryRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d != null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "LiquidFlight.sln")))
            {
                return d.FullName;
            }
        }

        throw new DirectoryNotFoundException("LiquidFlight.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>That commit's firmware/LiquidFlight.Core, from git (the repository's history must hold it).</summary>
    private static void Extract(string repo, string dir)
    {
        var start = new ProcessStartInfo("git", ["-C", repo, "archive", "--format=tar", Commit, "firmware/LiquidFlight.Core"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var git = Process.Start(start) ?? throw new InvalidOperationException("git could not be started");
        var tar = new MemoryStream();
        git.StandardOutput.BaseStream.CopyTo(tar);
        string error = git.StandardError.ReadToEnd();
        git.WaitForExit();
        if (git.ExitCode != 0)
        {
            throw new InvalidOperationException($"git archive {Commit} failed (a shallow clone lacks the measured commit): {error.Trim().Replace('\n', ' ')}");
        }

        tar.Position = 0;
        Directory.CreateDirectory(dir);
        TarFile.ExtractToDirectory(tar, dir, overwriteFiles: true);
    }

    private static byte[] CompileDriver(byte[] instrumentedCore)
    {
        using Stream source = typeof(HostCostReference).Assembly.GetManifestResourceStream("MeasuredFlight96c54b0.cs")
            ?? throw new InvalidOperationException("embedded MeasuredFlight96c54b0.cs missing");
        string text = new StreamReader(source).ReadToEnd();
        var references = IlExecutionCount.FrameworkReferences().Append(MetadataReference.CreateFromImage(instrumentedCore));
        var compilation = CSharpCompilation.Create(
            "MeasuredFlight",
            [CSharpSyntaxTree.ParseText(text)],
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release));
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        if (!result.Success)
        {
            throw new InvalidOperationException("the measured flight does not compile: " + string.Join("; ", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(5)));
        }

        return stream.ToArray();
    }
}
