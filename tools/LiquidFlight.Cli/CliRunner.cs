using Spectre.Console.Cli;

namespace LiquidFlight.Cli;

/// <summary>A bad argument or input file: the message names what is wrong and what is allowed.</summary>
public sealed class UsageException(string message) : Exception(message);

/// <summary>Runs the app with the exit-code convention: 0 ok, 1 failure, 2 bad arguments or input.</summary>
public static class CliRunner
{
    public const int ExitOk = 0;
    public const int ExitFailure = 1;
    public const int ExitUsage = 2;

    /// <summary>Table width when stdout is a file or pipe (Spectre would otherwise wrap tables at 80 columns).</summary>
    public const int RedirectedWidth = 200;

    public static int Run(CommandApp app, string[] args)
    {
        if (Console.IsOutputRedirected)
        {
            Spectre.Console.AnsiConsole.Profile.Width = RedirectedWidth;
        }

        try
        {
            return app.Run(args);
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitUsage;
        }
        catch (CommandAppException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitUsage;
        }
        catch (LiquidFlight.Model.ModelFileException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return ExitUsage;
        }
    }
}
