namespace LiquidFlight.Core.Sensors.Imu
{
    /// <summary>
    /// An ordered list of single-register writes, each followed by a wait, that brings an IMU from power-up to
    /// the configured state. Data for the driver: it writes <c>Registers[i] = Values[i]</c> over I2C, then sleeps
    /// <c>DelayAfterMs[i]</c> (0 = none), for i in 0 .. Count-1. Deciding the bytes here keeps the datasheet
    /// knowledge testable on the desktop and the driver a plain loop.
    /// </summary>
    public sealed class RegisterWriteSequence
    {
        public readonly byte[] Registers;
        public readonly byte[] Values;
        public readonly int[] DelayAfterMs;
        public int Count;

        public RegisterWriteSequence(int capacity)
        {
            Registers = new byte[capacity];
            Values = new byte[capacity];
            DelayAfterMs = new int[capacity];
        }

        public void Add(byte register, byte value, int delayAfterMs)
        {
            Registers[Count] = register;
            Values[Count] = value;
            DelayAfterMs[Count] = delayAfterMs;
            Count++;
        }

        /// <summary>Sum of the waits, i.e. the least time the sequence takes.</summary>
        public int TotalDelayMs()
        {
            int total = 0;
            for (int i = 0; i < Count; i++)
            {
                total += DelayAfterMs[i];
            }

            return total;
        }
    }
}
