using LiquidFlight.Core.Control;

namespace LiquidFlight.Sim.Frames;

/// <summary>
/// The frame file's "pid" object (flat, real-valued, units in the names) to Core's <see cref="PidGains"/>.
/// Keys left out keep Core's defaults; an unknown key is an error, because a misspelt gain silently not applied
/// is the worst kind of tuning bug.
/// </summary>
public static class PidTuning
{
    private static readonly string[] Axes = ["roll", "pitch", "yaw"];

    public static IReadOnlyList<string> Keys { get; } =
    [
        "angleKp", "maxAngleRateRadS",
        .. Axes.SelectMany(a => new[] { a + "Kp", a + "Ki", a + "KdMs", a + "ItermLimit" }),
        "dTermCutoffHz", "dTermSecondCutoffHz", "itermRelaxCutoffHz", "itermRelaxThresholdRadS", "itermThrottleThreshold",
    ];

    /// <summary>Returns the first key that is not a known gain, or null.</summary>
    public static string? FirstUnknownKey(IEnumerable<string> keys) => keys.FirstOrDefault(k => !Keys.Contains(k));

    public static PidGains ToGains(IReadOnlyDictionary<string, double> values)
    {
        var g = new PidGains();
        foreach (var (key, v) in values)
        {
            int q = (int)Math.Round(v * 65536);
            switch (key)
            {
                case "angleKp": g.AngleKp = q; break;
                case "maxAngleRateRadS": g.MaxAngleRateRadS = q; break;
                case "dTermCutoffHz": g.DTermCutoffHz = q; break;
                case "dTermSecondCutoffHz": g.DTermSecondCutoffHz = q; break;
                case "itermRelaxCutoffHz": g.ItermRelaxCutoffHz = q; break;
                case "itermRelaxThresholdRadS": g.ItermRelaxThresholdRadS = q; break;
                case "itermThrottleThreshold": g.ItermThrottleThreshold = q; break;
                default: SetAxisGain(g, key, q); break;
            }
        }

        return g;
    }

    private static void SetAxisGain(PidGains g, string key, int q)
    {
        PidAxisGains axis = key.StartsWith("roll", StringComparison.Ordinal) ? g.Roll
            : key.StartsWith("pitch", StringComparison.Ordinal) ? g.Pitch
            : key.StartsWith("yaw", StringComparison.Ordinal) ? g.Yaw
            : throw new ArgumentException($"unknown PID gain \"{key}\"");
        string name = key[(key.StartsWith("pitch", StringComparison.Ordinal) ? 5 : key.StartsWith("roll", StringComparison.Ordinal) ? 4 : 3)..];
        switch (name)
        {
            case "Kp": axis.Kp = q; break;
            case "Ki": axis.Ki = q; break;
            case "KdMs": axis.KdMs = q; break;
            case "ItermLimit": axis.ItermLimit = q; break;
            default: throw new ArgumentException($"unknown PID gain \"{key}\"");
        }
    }
}
