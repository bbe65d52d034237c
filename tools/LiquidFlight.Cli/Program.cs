using LiquidFlight.Cli;
using Spectre.Console.Cli;

// The one command-line front end. Each area registers its own verbs (one file per area under Commands/).
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
});
return CliRunner.Run(app, args);
