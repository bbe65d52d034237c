using System.ComponentModel;
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

public sealed class NanoGoldenSourceSettings : CommandSettings
{
    [CommandOption("--golden <PATH>")]
    [Description("Golden vector file to read (default " + GoldenVectors.RepositoryPath + ").")]
    public string Golden { get; init; } = GoldenVectors.RepositoryPath;

    [CommandOption("--out <PATH>")]
    [Description("C# file to write (default " + NanoGoldenSource.RepositoryPath + ").")]
    public string Out { get; init; } = NanoGoldenSource.RepositoryPath;
}

public sealed class NanoGoldenSourceCommand : Command<NanoGoldenSourceSettings>
{
    public override int Execute(CommandContext context, NanoGoldenSourceSettings settings, CancellationToken cancellationToken)
    {
        if (!File.Exists(settings.Golden))
        {
            throw new UsageException($"--golden {settings.Golden}: no such file");
        }

        GoldenVectorSet set;
        try
        {
            set = GoldenVectors.Parse(File.ReadAllText(settings.Golden));
        }
        catch (FormatException e)
        {
            throw new UsageException($"--golden {settings.Golden}: {e.Message}");
        }

        string source = NanoGoldenSource.Generate(set, settings.Golden.Replace('\\', '/'));
        try
        {
            File.WriteAllText(settings.Out, source);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--out {settings.Out}: cannot write: {e.Message}");
        }

        Console.Out.WriteLine($"wrote {settings.Out}: {set.Sequences.Count} sequences, {set.Sequences.Sum(s => s.Steps.Count)} steps");
        return CliRunner.ExitOk;
    }
}
