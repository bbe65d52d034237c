using Spectre.Console.Cli;

namespace LiquidFlight.Cli;

/// <summary>`model info`, `model export`: inspect a model file and generate the firmware's constants.</summary>
public static class ModelCommands
{
    public static void Register(IConfigurator config)
    {
        // Filled in by the LTC model work (issue 2).
    }
}
