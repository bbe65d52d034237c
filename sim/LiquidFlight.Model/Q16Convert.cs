using LiquidFlight.Core.FixedPoint;

namespace LiquidFlight.Model;

/// <summary>Real number &lt;-&gt; raw Q16.16, the one place where desktop code crosses into the firmware's number format.</summary>
public static class Q16Convert
{
    /// <summary>Largest magnitude that fits Q16.16 (just under 32768).</summary>
    public const double MaxMagnitude = (double)int.MaxValue / Q16.One;

    /// <summary>Nearest raw Q16.16 value (halves away from zero); throws when the value does not fit.</summary>
    public static int ToRaw(double value)
    {
        if (!double.IsFinite(value) || Math.Abs(value) > MaxMagnitude)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, $"not representable in Q16.16 (|x| <= {MaxMagnitude})");
        }

        return (int)Math.Round(value * Q16.One, MidpointRounding.AwayFromZero);
    }

    public static double ToDouble(int raw) => raw / (double)Q16.One;
}
