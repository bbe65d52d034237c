using LiquidFlight.Core.FixedPoint;
using LiquidFlight.Core.Ltc;

namespace LiquidFlight.Model;

/// <summary>Real number &lt;-&gt; raw Q16.16 (and Q8.24 for cm), the one place where desktop code crosses into the firmware's number formats.</summary>
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

    /// <summary>Nearest raw Q8.24 capacitance (<see cref="LtcParameters.CapacitanceFractionBits"/>); throws when the value does not fit an int.</summary>
    public static int ToRawCapacitance(double value)
    {
        const double one = 1 << LtcParameters.CapacitanceFractionBits;
        if (!double.IsFinite(value) || Math.Abs(value) > int.MaxValue / one)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, $"not representable in Q8.24 (|x| <= {int.MaxValue / one})");
        }

        return (int)Math.Round(value * one, MidpointRounding.AwayFromZero);
    }

    public static double CapacitanceToDouble(int raw) => raw / (double)(1 << LtcParameters.CapacitanceFractionBits);
}
