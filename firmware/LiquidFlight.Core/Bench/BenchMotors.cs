using LiquidFlight.Core.Flight;

namespace LiquidFlight.Core.Bench
{
    /// <summary>The bench's motor output: keeps the last pulses and counts the writes.</summary>
    public sealed class BenchMotors : IMotorOutput
    {
        public readonly int[] PulsesUs = new int[4];
        public bool Armed;
        public long Writes;

        public void Write(int[] pulsesUs, bool armed)
        {
            PulsesUs[0] = pulsesUs[0];
            PulsesUs[1] = pulsesUs[1];
            PulsesUs[2] = pulsesUs[2];
            PulsesUs[3] = pulsesUs[3];
            Armed = armed;
            Writes++;
        }
    }
}
