using System.Globalization;
using LiquidFlight.Cli.Discipline;
using Spectre.Console.Cli;

namespace LiquidFlight.Cli;

/// <summary>The Spectre app and the recorded verb tree its arguments are checked against.</summary>
public sealed record CliApplication(CommandApp App, CommandTree Tree);

/// <summary>
/// The one command-line front end. Each area registers its own verbs (one file per area under Commands/).
/// Built here rather than in Program so tests run the same app in-process.
/// <para>
/// A new verb gets the CLI discipline by registering through the configurator handed to its Register method
/// (recorded in the <see cref="CommandTree"/>) with settings deriving from <see cref="CliSettings"/>, and by
/// marking its path options [InputFile] / [OutputFile] and writing files through <see cref="CliFiles"/>.
/// </para>
/// </summary>
public static class CliApp
{
    public static CliApplication Build()
    {
        var tree = new CommandTree();
        var app = new CommandApp();
        app.Configure(spectre =>
        {
            spectre.SetApplicationName("liquidflight");
            spectre.SetApplicationCulture(CultureInfo.InvariantCulture);
            spectre.PropagateExceptions();
            spectre.UseStrictParsing();
            spectre.ValidateExamples();
            spectre.SetInterceptor(new CliInterceptor());
            IConfigurator config = tree.Record(spectre);
            ModelCommands.Register(config);
            SimCommands.Register(config);
            TrainCommands.Register(config);
            InspectCommands.Register(config);
            NanoCommands.Register(config);
            FrameCommands.Register(config);
            HilCommands.Register(config);
        });
        return new CliApplication(app, tree);
    }
}
