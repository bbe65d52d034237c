using System.ComponentModel;
using LiquidFlight.Cli.Discipline;
using LiquidFlight.Sim.Frames;
using Spectre.Console;
using Spectre.Console.Cli;

namespace LiquidFlight.Cli;

/// <summary>`frame export-pid`: generate the firmware's per-frame PID gains from the frame files.</summary>
public static class FrameCommands
{
    public static void Register(IConfigurator config)
    {
        config.AddBranch("frame", frame =>
        {
            frame.SetDescription("Airframe files (hardware/frames).");
            frame.AddCommand<FrameExportPidCommand>("export-pid")
                .WithDescription("Generate the C# PID gains the firmware compiles from every frame file's \"pid\" object.")
                .WithExample("frame", "export-pid", "--out", FramePidGainsSource.RepositoryPath);
        });
    }
}

public sealed class FrameExportPidSettings : CliSettings
{
    [CommandOption("--out <PATH>")]
    [Description("C# file to write, e.g. " + FramePidGainsSource.RepositoryPath + ".")]
    [OutputFile]
    public string? Out { get; init; }

    public override ValidationResult Validate() =>
        string.IsNullOrWhiteSpace(Out) ? ValidationResult.Error("--out PATH is required: the C# file to write") : ValidationResult.Success();
}

public sealed class FrameExportPidCommand : Command<FrameExportPidSettings>
{
    public override int Execute(CommandContext context, FrameExportPidSettings settings, CancellationToken cancellationToken)
    {
        string source = FramePidGainsSource.Generate(FrameCatalog.All);
        CliFiles.WriteAllText(settings.Out!, "--out", source);

        Console.Out.WriteLine($"wrote {settings.Out} from {FrameCatalog.All.Count} frame file(s) in {FrameCatalog.FramesDirectory}");
        return CliRunner.ExitOk;
    }
}
