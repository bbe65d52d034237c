using System.ComponentModel;
using LiquidFlight.Cli.Discipline;
using LiquidFlight.Cli.Nano;
using LiquidFlight.Model;
using Spectre.Console.Cli;

namespace LiquidFlight.Cli;

/// <summary>`nano golden-source`: the golden vectors as C# source for the on-device tests (tests/NFUnitTest).</summary>
public static class NanoCommands
{
    public static void Register(IConfigurator config)
    {
        config.AddBranch("nano", nano =>
        {
            nano.SetDescription("Files for the nanoFramework build of the board.");
            nano.AddCommand<NanoGoldenSourceCommand>("golden-source")
                .WithDescription("Generate the C# golden vectors the on-device tests replay (tests/NFUnitTest).")
                .WithExample("nano", "golden-source", "--golden", GoldenVectors.RepositoryPath, "--out", NanoGoldenSource.RepositoryPath);
        });
    }
}

public sealed class NanoGoldenSourceSettings : CliSettings
{
    [CommandOption("--golden <PATH>")]
    [Description("Golden vector file to read (default " + GoldenVectors.RepositoryPath + ").")]
    [InputFile]
    public string Golden { get; init; } = GoldenVectors.RepositoryPath;

    [CommandOption("--out <PATH>")]
    [Description("C# file to write (default " + NanoGoldenSource.RepositoryPath + ").")]
    [OutputFile]
    public string Out { get; init; } = NanoGoldenSource.RepositoryPath;
}

public sealed class NanoGoldenSourceCommand : Command<NanoGoldenSourceSettings>
{
    public override int Execute(CommandContext context, NanoGoldenSourceSettings settings, CancellationToken cancellationToken)
    {
        GoldenVectorSet set;
        string text = CliFiles.ReadAllText(settings.Golden, "--golden");
        try
        {
            set = GoldenVectors.Parse(text);
        }
        catch (FormatException e)
        {
            throw new UsageException($"--golden {settings.Golden}: {e.Message}");
        }

        string source = NanoGoldenSource.Generate(set, settings.Golden.Replace('\\', '/'));
        CliFiles.WriteAllText(settings.Out, "--out", source);

        Console.Out.WriteLine($"wrote {settings.Out}: {set.Sequences.Count} sequences, {set.Sequences.Sum(s => s.Steps.Count)} steps");
        return CliRunner.ExitOk;
    }
}
