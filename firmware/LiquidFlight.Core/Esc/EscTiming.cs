using System;

namespace LiquidFlight.Core.Esc
{
    /// <summary>
    /// Everything about the motor signal in one place: the protocol and its pulse range, the normalised output ->
    /// pulse mapping the flight loop's mixer output goes through, and the pulse -> duty-cycle arithmetic of a
    /// free-running PWM peripheral (the ESP32 LEDC). An ESC measures the high time of each period, so a pulse of
    /// p µs at f Hz is a duty of p * f / 10^6; a brushed output's duty is the command's position in its range.
    /// Duty is in parts per million (an int, exact for every valid pulse and rate), so the board adapter only
    /// scales it to the peripheral's unit; the decisions (range, clamping, the minimum pulse for disarmed and
    /// failsafe) are made here and tested on the desktop. The simulator's ESC model reads the same ranges.
    /// </summary>
    public sealed class EscTiming
    {
        /// <summary>Duty-cycle unit: 1,000,000 = always high.</summary>
        public const int DutyFullScale = 1000000;

        /// <summary>
        /// Shortest low time between two pulses at the longest pulse (µs). ESCs find the rising edge by the gap;
        /// 20 µs keeps 490 Hz legal for standard PWM (the usual limit: 2041 µs period, 2000 µs pulse).
        /// </summary>
        public const int MinimumGapUs = 20;

        /// <summary>Lowest rate accepted for the ESC protocols: the servo frame rate.</summary>
        public const int MinimumFrequencyHz = 50;

        public const int StandardPwmMinPulseUs = 1000;
        public const int StandardPwmMaxPulseUs = 2000;
        public const int StandardPwmMaxFrequencyHz = 490;
        public const int OneShot125MinPulseUs = 125;
        public const int OneShot125MaxPulseUs = 250;

        /// <summary>Highest OneShot125 rate that keeps <see cref="MinimumGapUs"/> after a 250 µs pulse: 10^6 / 270.</summary>
        public const int OneShot125MaxFrequencyHz = 3703;

        /// <summary>Brushed PWM rates: below 1 kHz coreless motors whine and ripple, above 32 kHz MOSFET switching losses grow.</summary>
        public const int BrushedMinFrequencyHz = 1000;
        public const int BrushedMaxFrequencyHz = 32000;

        public const int MotorCount = 4;

        public readonly EscProtocol Protocol;
        public readonly int FrequencyHz;
        public readonly int MinPulseUs;
        public readonly int MaxPulseUs;

        /// <summary>Duty of the minimum pulse: what every output gets while disarmed, in failsafe, or after a fault.</summary>
        public readonly int MinimumDutyPpm;

        // ToPulses' 32-bit form: max - min, and (min << 16) + 32768, the minimum pulse plus the rounding half (internal:
        // BoardCycle.RunOnce writes ToPulses out for outputs its mixer keeps within [0, 1]).
        internal readonly int pulseRange;
        internal readonly int pulseAddend;

        /// <summary>Validated timing; throws at start-up (never in flight) when the rate does not suit the protocol.</summary>
        public EscTiming(EscProtocol protocol, int frequencyHz)
        {
            if (!IsValid(protocol, frequencyHz))
            {
                throw new ArgumentException("ESC PWM frequency out of range for the protocol");
            }

            Protocol = protocol;
            FrequencyHz = frequencyHz;
            MinPulseUs = MinPulseFor(protocol);
            MaxPulseUs = MaxPulseFor(protocol);
            pulseRange = MaxPulseUs - MinPulseUs;
            pulseAddend = (MinPulseUs << 16) + 32768;
            MinimumDutyPpm = DutyPpm(MinPulseUs);
        }

        public static int MinPulseFor(EscProtocol protocol)
        {
            return protocol == EscProtocol.OneShot125 ? OneShot125MinPulseUs : StandardPwmMinPulseUs;
        }

        public static int MaxPulseFor(EscProtocol protocol)
        {
            return protocol == EscProtocol.OneShot125 ? OneShot125MaxPulseUs : StandardPwmMaxPulseUs;
        }

        public static int MinFrequencyFor(EscProtocol protocol)
        {
            return protocol == EscProtocol.Brushed ? BrushedMinFrequencyHz : MinimumFrequencyHz;
        }

        public static int MaxFrequencyFor(EscProtocol protocol)
        {
            if (protocol == EscProtocol.Brushed)
            {
                return BrushedMaxFrequencyHz;
            }

            return protocol == EscProtocol.OneShot125 ? OneShot125MaxFrequencyHz : StandardPwmMaxFrequencyHz;
        }

        /// <summary>True when the protocol is known and the rate is within its [minimum, maximum].</summary>
        public static bool IsValid(EscProtocol protocol, int frequencyHz)
        {
            if (protocol != EscProtocol.StandardPwm && protocol != EscProtocol.OneShot125 && protocol != EscProtocol.Brushed)
            {
                return false;
            }

            return frequencyHz >= MinFrequencyFor(protocol) && frequencyHz <= MaxFrequencyFor(protocol);
        }

        /// <summary>
        /// Pulses (µs, M1..M4) for normalised motor outputs in [0, 1] Q16.16, each clamped first:
        /// min + output * (max - min), rounded to nearest.
        /// </summary>
        /// <remarks>
        /// Written out for the interpreter, in 32 bits: output * range &lt;= 65536 * 1000 and the minimum pulse and
        /// the rounding half are folded into one precomputed addend ((min &lt;&lt; 16) + 32768, an exact multiple of
        /// 2^16 plus the half), so a motor is a multiply, an add and a shift. One unsigned compare of the outputs
        /// OR-ed together screens the clamps: an output below 0 or above 1 sets a bit above 1.0 (so may an output at
        /// exactly 1.0: it then takes the clamping path, which leaves it unchanged). The tests compare this with the
        /// per-motor 64-bit formula for every protocol and range.
        /// </remarks>
        public void ToPulses(int[] motorOutputs, int[] pulsesUs)
        {
            int o0 = motorOutputs[0];
            int o1 = motorOutputs[1];
            int o2 = motorOutputs[2];
            int o3 = motorOutputs[3];
            if ((uint)(o0 | o1 | o2 | o3) > 65536u)
            {
                // (uint)o > 1.0 holds exactly for the outputs outside [0, 1].
                if ((uint)o0 > 65536u) { o0 = o0 < 0 ? 0 : 65536; }
                if ((uint)o1 > 65536u) { o1 = o1 < 0 ? 0 : 65536; }
                if ((uint)o2 > 65536u) { o2 = o2 < 0 ? 0 : 65536; }
                if ((uint)o3 > 65536u) { o3 = o3 < 0 ? 0 : 65536; }
            }

            int range = pulseRange;
            int addend = pulseAddend;
            pulsesUs[0] = (o0 * range + addend) >> 16;
            pulsesUs[1] = (o1 * range + addend) >> 16;
            pulsesUs[2] = (o2 * range + addend) >> 16;
            pulsesUs[3] = (o3 * range + addend) >> 16;
        }

        /// <summary>The minimum pulse on every motor: disarmed, failsafe motors-off, a fault in the cycle.</summary>
        public void MinimumPulses(int[] pulsesUs)
        {
            int min = MinPulseUs;
            pulsesUs[0] = min;
            pulsesUs[1] = min;
            pulsesUs[2] = min;
            pulsesUs[3] = min;
        }

        /// <summary>A pulse's position in the range, [0, 1] Q16.16 (clamped): the inverse of <see cref="ToPulses"/> to within one µs.</summary>
        public int Normalised(int pulseUs)
        {
            if (pulseUs <= MinPulseUs)
            {
                return 0;
            }

            if (pulseUs >= MaxPulseUs)
            {
                return 65536;
            }

            return (int)(((long)(pulseUs - MinPulseUs) * 65536 + (pulseRange >> 1)) / pulseRange);
        }

        /// <summary>
        /// Duty in parts per million for a pulse of <paramref name="pulseUs"/>, clamped to the protocol's range
        /// first, so no command can leave the ESC's range (a 0 from an uninitialised buffer gives the minimum).
        /// Integer and exact: pulse * frequency is at most 2000 * 490 or 250 * 3703, below 10^6; a brushed
        /// command's duty is (pulse - 1000) * 1000 ppm.
        /// </summary>
        public int DutyPpm(int pulseUs)
        {
            if (pulseUs < MinPulseUs)
            {
                pulseUs = MinPulseUs;
            }
            else if (pulseUs > MaxPulseUs)
            {
                pulseUs = MaxPulseUs;
            }

            if (Protocol == EscProtocol.Brushed)
            {
                return (int)((long)(pulseUs - MinPulseUs) * DutyFullScale / pulseRange);
            }

            return pulseUs * FrequencyHz;
        }
    }
}
