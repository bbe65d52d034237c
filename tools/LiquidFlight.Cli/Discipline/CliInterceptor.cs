using System.Reflection;
using Spectre.Console.Cli;

namespace LiquidFlight.Cli.Discipline;

/// <summary>
/// Runs after Spectre binds a verb's settings and before the verb runs: checks every path option marked
/// <see cref="InputFileAttribute"/> or <see cref="OutputFileAttribute"/> (defaults included), so a bad path is
/// refused before any work, naming the option and the path.
/// </summary>
public sealed class CliInterceptor : ICommandInterceptor
{
    public void Intercept(CommandContext context, CommandSettings settings)
    {
        foreach (OptionSpec option in OptionSpec.Of(settings.GetType()))
        {
            if (option.Property.GetValue(settings) is not string path)
            {
                continue;
            }

            if (option.Property.GetCustomAttribute<InputFileAttribute>() != null)
            {
                CliFiles.CheckReadable(path, option.Name);
            }

            if (option.Property.GetCustomAttribute<OutputFileAttribute>() != null)
            {
                CliFiles.CheckWritable(path, option.Name);
            }
        }
    }

    public void InterceptResult(CommandContext context, CommandSettings settings, ref int result)
    {
    }
}
