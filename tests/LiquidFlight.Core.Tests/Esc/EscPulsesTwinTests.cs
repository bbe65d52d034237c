using LiquidFlight.Core.Esc;

namespace LiquidFlight.Core.Tests.Esc;

/// <summary>
/// EscTiming.ToPulses (32-bit, one screen for the four clamps) against the plain per-motor formula it replaces:
/// clamp to [0, 1], then min + round(output * (max - min)) in 64 bits.
/// </summary>
public class EscPulsesTwinTests
{
    private const int One = 65536;

    private static int PlainPulse(EscTiming esc, int output)
    {
        long clamped = Math.Clamp(output, 0, One);
        return esc.MinPulseUs + (int)((clamped * (esc.MaxPulseUs - esc.MinPulseUs) + 32768) >> 16);
    }

    [Theory]
    [InlineData(EscProtocol.StandardPwm, 50)]
    [InlineData(EscProtocol.StandardPwm, 490)]
    [InlineData(EscProtocol.OneShot125, 2000)]
    [InlineData(EscProtocol.OneShot125, 3703)]
    [InlineData(EscProtocol.Brushed, 16000)]
    public void Pulses_match_the_plain_formula_for_every_output_and_seeded_random_sets(EscProtocol protocol, int hz)
    {
        var esc = new EscTiming(protocol, hz);
        var outputs = new int[4];
        var pulses = new int[4];

        // Every in-range output on every motor position (the others at varied values, some out of range).
        for (int v = -2; v <= One + 2; v++)
        {
            outputs[0] = v;
            outputs[1] = One - v;
            outputs[2] = v / 2;
            outputs[3] = (v * 7) & 0x1FFFF;
            esc.ToPulses(outputs, pulses);
            for (int m = 0; m < 4; m++)
            {
                Assert.Equal(PlainPulse(esc, outputs[m]), pulses[m]);
            }
        }

        var rng = new Random(9100 + (int)protocol * 10_000 + hz);
        for (int k = 0; k < 100_000; k++)
        {
            for (int m = 0; m < 4; m++)
            {
                outputs[m] = rng.Next(6) switch
                {
                    0 => rng.Next(int.MinValue, int.MaxValue),
                    1 => new[] { 0, One, -1, One + 1, int.MinValue, int.MaxValue }[rng.Next(6)],
                    _ => rng.Next(0, One + 1),
                };
            }

            esc.ToPulses(outputs, pulses);
            for (int m = 0; m < 4; m++)
            {
                Assert.Equal(PlainPulse(esc, outputs[m]), pulses[m]);
            }
        }
    }
}
