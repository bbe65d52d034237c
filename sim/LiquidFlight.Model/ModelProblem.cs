using System.Globalization;

namespace LiquidFlight.Model;

/// <summary>One reason a model cannot be used: the model-file field path, the offending value and what is allowed.</summary>
public sealed record ModelProblem(string Field, string Value, string Allowed)
{
    public string Describe(string source) => $"{source}: field '{Field}' = {Value}: {Allowed}";

    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
