using LiquidFlight.Cli;

// Verbs are registered in CliApp.Build (one Register call per area under Commands/).
return CliRunner.Run(args);
