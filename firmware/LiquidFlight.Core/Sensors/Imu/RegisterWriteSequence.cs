namespace LiquidFlight.Core.Sensors.Imu
{
    /// <summary>
    /// An ordered list of register steps that brings an IMU from power-up (or a warm reboot) to the configured
    /// state: plain writes, read-modify-writes of some bits (registers whose other bits hold trim or reserved
    /// values that must be kept), and waits until a status bit reads as expected. Each step is followed by a
    /// delay. Data for the driver, run by <see cref="RunOn"/> over any <see cref="IRegisterBus"/> (I2C, SPI, a
    /// desktop test's recorded register file), so the datasheet knowledge is tested on the desktop and the
    /// drivers only move bytes. Boot only: the waits sleep.
    /// </summary>
    public sealed class RegisterWriteSequence
    {
        /// <summary>What a step does with <see cref="Registers"/>[i], <see cref="Values"/>[i] and <see cref="Masks"/>[i].</summary>
        public const byte Write = 0;

        /// <summary>Read the register, replace the bits of the mask with those of the value, write it back.</summary>
        public const byte Update = 1;

        /// <summary>
        /// Read the register every millisecond until (value AND mask) equals the step's value; the step's delay is
        /// then the timeout in ms. A status register that never shows the bits fails the sequence.
        /// </summary>
        public const byte WaitForBits = 2;

        public readonly byte[] Kinds;
        public readonly byte[] Registers;
        public readonly byte[] Values;
        public readonly byte[] Masks;

        /// <summary>Sleep after the step (Write, Update), or the poll timeout (WaitForBits), ms.</summary>
        public readonly int[] DelayAfterMs;

        public int Count;

        /// <summary>Index of the step that failed in the last <see cref="RunOn"/> (-1 when it completed).</summary>
        public int FailedStep = -1;

        public RegisterWriteSequence(int capacity)
        {
            Kinds = new byte[capacity];
            Registers = new byte[capacity];
            Values = new byte[capacity];
            Masks = new byte[capacity];
            DelayAfterMs = new int[capacity];
        }

        /// <summary>Writes <paramref name="value"/> to <paramref name="register"/>, then waits.</summary>
        public void Add(byte register, byte value, int delayAfterMs)
        {
            Append(Write, register, value, 0xFF, delayAfterMs);
        }

        /// <summary>Sets the bits of <paramref name="mask"/> to those of <paramref name="value"/>, keeping the others.</summary>
        public void AddUpdate(byte register, byte mask, byte value, int delayAfterMs)
        {
            Append(Update, register, (byte)(value & mask), mask, delayAfterMs);
        }

        /// <summary>Polls until (register AND <paramref name="mask"/>) == <paramref name="expected"/>, for up to <paramref name="timeoutMs"/>.</summary>
        public void AddWaitForBits(byte register, byte mask, byte expected, int timeoutMs)
        {
            Append(WaitForBits, register, (byte)(expected & mask), mask, timeoutMs);
        }

        private void Append(byte kind, byte register, byte value, byte mask, int delayMs)
        {
            Kinds[Count] = kind;
            Registers[Count] = register;
            Values[Count] = value;
            Masks[Count] = mask;
            DelayAfterMs[Count] = delayMs;
            Count++;
        }

        /// <summary>Sum of the sleeps (waits counted at zero: they usually end at the first read).</summary>
        public int TotalDelayMs()
        {
            int total = 0;
            for (int i = 0; i < Count; i++)
            {
                if (Kinds[i] != WaitForBits)
                {
                    total += DelayAfterMs[i];
                }
            }

            return total;
        }

        /// <summary>
        /// Runs every step on <paramref name="bus"/>. False at the first bus failure or at a wait that timed out,
        /// with <see cref="FailedStep"/> naming it; the remaining steps are not run.
        /// </summary>
        public bool RunOn(IRegisterBus bus)
        {
            FailedStep = -1;
            for (int i = 0; i < Count; i++)
            {
                if (!RunStep(bus, i))
                {
                    FailedStep = i;
                    return false;
                }
            }

            return true;
        }

        private bool RunStep(IRegisterBus bus, int i)
        {
            byte register = Registers[i];
            byte current;
            switch (Kinds[i])
            {
                case Update:
                    if (!bus.TryReadRegister(register, out current)
                        || !bus.TryWriteRegister(register, (byte)((current & ~Masks[i]) | Values[i])))
                    {
                        return false;
                    }

                    break;
                case WaitForBits:
                    for (int waited = 0; ; waited++)
                    {
                        if (!bus.TryReadRegister(register, out current))
                        {
                            return false;
                        }

                        if ((current & Masks[i]) == Values[i])
                        {
                            return true;
                        }

                        if (waited >= DelayAfterMs[i])
                        {
                            return false;
                        }

                        bus.SleepMs(1);
                    }

                default:
                    if (!bus.TryWriteRegister(register, Values[i]))
                    {
                        return false;
                    }

                    break;
            }

            if (DelayAfterMs[i] > 0)
            {
                bus.SleepMs(DelayAfterMs[i]);
            }

            return true;
        }
    }
}
