namespace LiquidFlight.Sim.Faults;

/// <summary>The failures the simulator can inject into the board's sources to exercise arming and failsafe.</summary>
public enum FaultKind
{
    /// <summary>No RC frames arrive (receiver out of range, cable off).</summary>
    RcLoss,

    /// <summary>No new IMU samples arrive (dead bus, crashed driver).</summary>
    ImuDropout,

    /// <summary>Samples keep arriving with the same register bytes (a hung sensor returning its last registers).</summary>
    StuckSensor,

    /// <summary>Every IMU read fails on the bus (NACK, timeout).</summary>
    ImuBusError,

    /// <summary>Samples keep arriving but their timestamps stop advancing (a stuck sample clock).</summary>
    ImuClockStuck,
}

/// <summary>One fault from <see cref="StartS"/> for <see cref="DurationS"/> seconds (null: to the end of the flight).</summary>
public sealed record FaultPlan(FaultKind Kind, double StartS, double? DurationS = null)
{
    public bool IsActive(double tS) => tS >= StartS && (DurationS is not double d || tS < StartS + d);

    /// <summary>The command-line name of the fault kind ("rc-loss", "imu-dropout", "stuck-sensor", "imu-bus-error", "imu-clock-stuck").</summary>
    public string KindName => NameOf(Kind);

    public static readonly IReadOnlyList<string> KindNames = Enum.GetValues<FaultKind>().Select(NameOf).ToList();

    public static string NameOf(FaultKind kind) => kind switch
    {
        FaultKind.RcLoss => "rc-loss",
        FaultKind.ImuDropout => "imu-dropout",
        FaultKind.StuckSensor => "stuck-sensor",
        FaultKind.ImuBusError => "imu-bus-error",
        _ => "imu-clock-stuck",
    };

    /// <summary>
    /// Reads KIND@START[:DURATION] (seconds), e.g. "rc-loss@2" or "imu-dropout@1.5:0.2". On failure
    /// <paramref name="error"/> names the part that is wrong and what is allowed.
    /// </summary>
    public static bool TryParse(string text, out FaultPlan? plan, out string? error)
    {
        plan = null;
        error = null;
        const string format = "expected KIND@START[:DURATION] in seconds, e.g. rc-loss@2 or imu-dropout@1.5:0.2";
        int at = text.IndexOf('@');
        if (at < 0)
        {
            error = $"\"{text}\": {format}";
            return false;
        }

        string kindText = text[..at];
        FaultKind? kind = null;
        foreach (var k in Enum.GetValues<FaultKind>())
        {
            if (NameOf(k) == kindText)
            {
                kind = k;
            }
        }

        if (kind is null)
        {
            error = $"unknown fault kind \"{kindText}\"; allowed: {string.Join(", ", KindNames)}";
            return false;
        }

        string rest = text[(at + 1)..];
        int colon = rest.IndexOf(':');
        string startText = colon < 0 ? rest : rest[..colon];
        if (!double.TryParse(startText, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double start)
            || !double.IsFinite(start) || start < 0)
        {
            error = $"fault start \"{startText}\" in \"{text}\" must be a number of seconds >= 0; {format}";
            return false;
        }

        double? duration = null;
        if (colon >= 0)
        {
            string durationText = rest[(colon + 1)..];
            if (!double.TryParse(durationText, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double d)
                || !double.IsFinite(d) || d <= 0)
            {
                error = $"fault duration \"{durationText}\" in \"{text}\" must be a number of seconds > 0; {format}";
                return false;
            }

            duration = d;
        }

        plan = new FaultPlan(kind.Value, start, duration);
        return true;
    }
}
