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

    public static Outcome Run(params string[] args) => Run(null, args);

    /// <summary>Runs <paramref name="app"/> (null: the real app, built as Program builds it).</summary>
    public static Outcome Run(CliApplication? app, params string[] args)
    {
        var previousOut = Console.Out;
        var previousError = Console.Error;
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        try
        {
            Console.SetOut(stdout);
            Console.SetError(stderr);
            int code = app == null ? CliRunner.Run(args) : CliRunner.Run(app, args);
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
