using LiquidFlight.Core.Control;
using LiquidFlight.Core.FixedPoint;

namespace LiquidFlight.Core.Tests.Control;

/// <summary>
/// The readable QuadXMixer: the Betaflight table applied in loops, every input and every motor clamped, 64-bit
/// output scaling. QuadXMixer.Mix is the same algorithm written out for the interpreter; QuadXMixerTwinTests holds
/// the two to the same bits.
/// </summary>
public sealed class PlainQuadXMixer
{
    private readonly int idle;

    public PlainQuadXMixer(int idleThrottle)
    {
        idle = Q16.Clamp(idleThrottle, 0, Q16.One);
    }

    public bool DifferentialScaled { get; private set; }

    public bool ThrottleShifted { get; private set; }

    public void Mix(int throttle, AxisCommand command, int[] motorOutputs)
    {
        int roll = Q16.Clamp(command.Roll, -Q16.One, Q16.One);
        int pitch = -Q16.Clamp(command.Pitch, -Q16.One, Q16.One); // the table's pitch column is nose-down
        int yaw = Q16.Clamp(command.Yaw, -Q16.One, Q16.One);

        var d = new int[QuadXMixer.MotorCount];
        int low = int.MaxValue;
        int high = int.MinValue;
        for (int m = 0; m < d.Length; m++)
        {
            d[m] = QuadXMixer.TableEntry(m, 1) * roll + QuadXMixer.TableEntry(m, 2) * pitch + QuadXMixer.TableEntry(m, 3) * yaw;
            low = Math.Min(low, d[m]);
            high = Math.Max(high, d[m]);
        }

        int spread = high - low;
        DifferentialScaled = spread > Q16.One;
        if (DifferentialScaled)
        {
            for (int m = 0; m < d.Length; m++)
            {
                d[m] = (int)(((long)d[m] << Q16.FractionBits) / spread);
            }

            low = (int)(((long)low << Q16.FractionBits) / spread);
            high = (int)(((long)high << Q16.FractionBits) / spread);
        }

        int demanded = Q16.Clamp(throttle, 0, Q16.One);
        int collective = demanded;
        if (collective + high > Q16.One)
        {
            collective = Q16.One - high;
        }

        if (collective + low < 0)
        {
            collective = -low;
        }

        ThrottleShifted = collective != demanded;
        long span = Q16.One - idle;
        for (int m = 0; m < d.Length; m++)
        {
            long motor = Q16.Clamp(collective + d[m], 0, Q16.One);
            motorOutputs[m] = idle + (int)((motor * span + Q16.Half) >> Q16.FractionBits);
        }
    }
}
