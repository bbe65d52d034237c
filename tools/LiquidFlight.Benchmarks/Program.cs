using BenchmarkDotNet.Running;

namespace LiquidFlight.Benchmarks;

/// <summary>
/// Every benchmark class in this assembly, chosen on the command line, e.g.
/// <c>dotnet run -c Release --project tools/LiquidFlight.Benchmarks -- --filter '*LtcStep*' --job short</c>;
/// or <c>-- il-count [--json] [--reference] [--by-opcode] [--no-il-pass] [--cycle N] [core-source-dir]</c> for the IL instructions and predicted interpreter cost of one board cycle, per component,
/// the LTC step included (<see cref="IlExecutionCount"/>). <c>il-estimate</c>, the former static upper bound of an
/// LTC step read from the loop layout of LtcNetwork.Integrate, is now a name for il-count: the executed count
/// replaces the bound and does not depend on the shape of the loops.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length >= 1 && (args[0] == "il-count" || args[0] == "il-estimate"))
        {
            return IlExecutionCount.Run(args[1..]);
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
