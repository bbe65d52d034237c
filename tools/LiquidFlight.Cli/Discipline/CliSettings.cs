using System.ComponentModel;
using Spectre.Console.Cli;

namespace LiquidFlight.Cli.Discipline;

/// <summary>
/// The base of every verb's settings: the options every verb has, and the checks <see cref="ArgumentCheck"/> and
/// <see cref="CliInterceptor"/> apply to every verb (unknown, repeated, missing, empty or wrong-typed options;
/// paths marked <see cref="InputFileAttribute"/> or <see cref="OutputFileAttribute"/>).
/// </summary>
public class CliSettings : CommandSettings
{
    public const string VerboseOption = "--verbose";
    public const string DebugOption = "--debug";

    [CommandOption("--verbose|--debug")]
    [Description("On an error, also print the exception and its stack trace")]
    public bool Verbose { get; init; }
}

/// <summary>A path option the verb reads: it must name an existing regular file that can be opened.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class InputFileAttribute : Attribute;

/// <summary>
/// A path option the verb writes: not a directory, not under /proc or /sys, in a directory that exists (or can be
/// created) and can be written. Checked before the verb runs, so a long run does not fail at its end.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class OutputFileAttribute : Attribute;
