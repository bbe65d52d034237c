using System.Globalization;
using LiquidFlight.Core.Control;

namespace LiquidFlight.Model;

/// <summary>
/// Whether a valid model can be flown by Core's attitude controller (<see cref="LtcController"/>): exactly its
/// inputs and outputs, in its order and by its names. The controller refuses a misfit with an exception at
/// start-up; this names the model-file field instead, for tools that load user files.
/// </summary>
public static class AttitudeControllerFit
{
    public static ModelProblem? Check(LtcModel m)
    {
        return Ports("inputs", m.InputNames, LtcController.InputNames)
               ?? Ports("outputs", m.OutputNames, LtcController.OutputNames);
    }

    private static ModelProblem? Ports(string field, string[] actual, string[] expected)
    {
        string layout = string.Join(", ", expected);
        if (actual.Length != expected.Length)
        {
            return new ModelProblem(field, $"{actual.Length.ToString(CultureInfo.InvariantCulture)} {field}",
                $"exactly {expected.Length} for the attitude controller: {layout}");
        }

        for (int i = 0; i < expected.Length; i++)
        {
            if (actual[i] != expected[i])
            {
                return new ModelProblem($"{field}[{i}].name", System.Text.Json.JsonSerializer.Serialize(actual[i]),
                    $"\"{expected[i]}\" (the attitude controller's {field} in order: {layout})");
            }
        }

        return null;
    }
}
