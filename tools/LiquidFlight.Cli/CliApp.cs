using Spectre.Console.Cli;

namespace LiquidFlight.Cli;

/// <summary>
/// The one command-line front end. Each area registers its own verbs (one file per area under Commands/).
/// Built here rather than in Program so tests run the same app in-process.
/// </summary>
public static class CliApp
{
    public static CommandApp Build()
    {
        var app = new CommandApp();
        app.Configure(config =>
        {
            config.SetApplicationName("liquidflight");
            config.PropagateExceptions();
            config.ValidateExamples();
            ModelCommands.Register(config);
            SimCommands.Register(config);
            TrainCommands.Register(config);
            InspectCommands.Register(config);
            NanoCommands.Register(config);
            FrameCommands.Register(config);
        });
        return app;
    }
}
