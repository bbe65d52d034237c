using System.Text.RegularExpressions;

namespace LiquidFlight.Model;

/// <summary>A JSON value as an error message quotes it: on one line (line breaks and indentation collapsed) and short.</summary>
public static partial class JsonExcerpt
{
    public const int MaxLength = 40;

    public static string Of(string raw, int maxLength = MaxLength)
    {
        string line = Whitespace().Replace(raw.Trim(), " ");
        return line.Length <= maxLength ? line : line[..(maxLength - 3)] + "...";
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
