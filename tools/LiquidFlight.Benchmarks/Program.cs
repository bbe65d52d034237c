using BenchmarkDotNet.Running;

namespace LiquidFlight.Benchmarks;

/// <summary>
/// Every benchmark class in this assembly, chosen on the command line, e.g.
/// <c>dotnet run -c Release --project tools/LiquidFlight.Benchmarks -- --filter '*LtcStep*' --job short</c>;
/// or <c>-- il-estimate</c> for the IL instruction estimate of one LTC step (<see cref="IlCountEstimate"/>).
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args is ["il-estimate"])
        {
            return IlCountEstimate.Run();
        }

        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
        return 0;
    }
}
