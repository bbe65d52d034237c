using BenchmarkDotNet.Running;

namespace LiquidFlight.Benchmarks;

/// <summary>
/// Every benchmark class in this assembly, chosen on the command line, e.g.
/// <c>dotnet run -c Release --project tools/LiquidFlight.Benchmarks -- --filter '*LtcStep*' --job short</c>;
/// or <c>-- il-estimate</c> for the IL instruction estimate of one LTC step (<see cref="IlCountEstimate"/>);
/// or <c>-- il-count [core-source-dir]</c> for the IL instructions one flight-loop cycle executes, per component
/// (<see cref="IlExecutionCount"/>).
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args is ["il-estimate"])
        {
            return IlCountEstimate.Run();
        }

        if (args.Length >= 1 && args[0] == "il-count")
        {
            return IlExecutionCount.Run(args[1..]);
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
