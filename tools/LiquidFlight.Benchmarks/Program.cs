using BenchmarkDotNet.Running;

namespace LiquidFlight.Benchmarks;

/// <summary>
/// Every benchmark class in this assembly, chosen on the command line, e.g.
/// <c>dotnet run -c Release --project tools/LiquidFlight.Benchmarks -- --filter '*LtcStep*' --job short</c>.
/// </summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
