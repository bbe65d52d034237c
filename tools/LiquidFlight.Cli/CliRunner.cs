using System.Reflection;
using LiquidFlight.Cli.Discipline;
using Spectre.Console.Cli;

namespace LiquidFlight.Cli;

/// <summary>A bad argument or input file: the message names what is wrong and what is allowed.</summary>
public sealed class UsageException(string message) : Exception(message);

/// <summary>
/// Runs the app with the exit-code convention: 0 ok, 1 internal failure, 2 bad arguments or input, 130 cancelled.
/// Every error is one line on stderr ("error: ..."); the exception and its stack trace follow only with
/// --verbose (or --debug), which every verb accepts (<see cref="CliSettings"/>).
/// </summary>
public static class CliRunner
{
    public const int ExitOk = 0;
    public const int ExitFailure = 1;
    public const int ExitUsage = 2;
    public const int ExitCancelled = 130;

    /// <summary>Table width when stdout is a file or pipe (Spectre would otherwise wrap tables at 80 columns).</summary>
    public const int RedirectedWidth = 200;

    /// <summary>Builds the app and runs it (Program's entry: even a failure to build is one line and exit 1).</summary>
    public static int Run(string[] args)
    {
        CliApplication app;
        try
        {
            app = CliApp.Build();
        }
        catch (Exception e)
        {
            return Report(e, args.Contains(CliSettings.VerboseOption) || args.Contains(CliSettings.DebugOption));
        }

        return Run(app, args);
    }

    public static int Run(CliApplication app, string[] args)
    {
        if (Console.IsOutputRedirected)
        {
            Spectre.Console.AnsiConsole.Profile.Width = RedirectedWidth;
        }

        bool verbose = args.Contains(CliSettings.VerboseOption) || args.Contains(CliSettings.DebugOption);
        try
        {
            ArgumentCheck.Check(app.Tree, args);
            return app.App.Run(args);
        }
        catch (Exception e)
        {
            return Report(e, verbose);
        }
    }

    /// <summary>The exit code for an exception that reached the top, after printing it as one line.</summary>
    public static int Report(Exception e, bool verbose)
    {
        e = Unwrap(e);
        int code = e switch
        {
            UsageException or CommandAppException or LiquidFlight.Model.ModelFileException
                or LiquidFlight.Sim.Frames.FrameFileException or LiquidFlight.Training.TrainingLogException => ExitUsage,
            // A file error that no verb named (every verb should go through CliFiles): still the user's input.
            IOException or UnauthorizedAccessException => ExitUsage,
            OperationCanceledException => ExitCancelled,
            _ => ExitFailure,
        };
        string message = code switch
        {
            ExitFailure => $"internal error: {e.GetType().Name}: {e.Message}" + (verbose ? "" : " (run again with --verbose for the stack trace)"),
            ExitCancelled => "cancelled",
            _ => e.Message,
        };
        Console.Error.WriteLine($"error: {OneLine(message)}");
        if (verbose)
        {
            Console.Error.WriteLine(e.ToString());
        }

        return code;
    }

    /// <summary>Collapses line breaks, tabs and other control characters so an error is always one line.</summary>
    public static string OneLine(string text)
    {
        var b = new System.Text.StringBuilder(text.Length);
        bool space = false;
        foreach (char c in text.Trim())
        {
            bool blank = char.IsWhiteSpace(c) || char.IsControl(c);
            if (blank && space)
            {
                continue;
            }

            b.Append(blank ? ' ' : c);
            space = blank;
        }

        return b.ToString();
    }

    private static Exception Unwrap(Exception e)
    {
        while (true)
        {
            switch (e)
            {
                case AggregateException { InnerExceptions.Count: 1 } a:
                    e = a.InnerExceptions[0];
                    continue;
                case TargetInvocationException { InnerException: { } inner }:
                    e = inner;
                    continue;
                default:
                    return e;
            }
        }
    }
}
