using LiquidFlight.Cli;

namespace LiquidFlight.Tools.Tests.Cli;

/// <summary>
/// Runs the real command-line app in-process (the same <see cref="CliApp.Build"/> and <see cref="CliRunner"/> as
/// Program) with stdout and stderr captured. Console redirection is process-wide, so every test that uses it is in
/// the non-parallel <see cref="ConsoleCollection"/>.
/// </summary>
internal static class CliHarness
{
    public sealed record Outcome(int ExitCode, string Out, string Error);

    public static Outcome Run(params string[] args)
    {
        var previousOut = Console.Out;
        var previousError = Console.Error;
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        try
        {
            Console.SetOut(stdout);
            Console.SetError(stderr);
            int code = CliRunner.Run(CliApp.Build(), args);
            return new Outcome(code, stdout.ToString(), stderr.ToString());
        }
        finally
        {
            Console.SetOut(previousOut);
            Console.SetError(previousError);
        }
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleCollection
{
    public const string Name = "console";
}
