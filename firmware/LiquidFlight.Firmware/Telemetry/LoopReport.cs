using System.Diagnostics;
using LiquidFlight.Core.Control;
using LiquidFlight.Core.FixedPoint;
using LiquidFlight.Core.Safety;
using LiquidFlight.Core.Scheduler;

namespace LiquidFlight.Firmware.Telemetry
{
    /// <summary>
    /// Betaflight `tasks`-style line of the loop statistics plus what the bench checks need, for example
    /// <c>loop 500Hz cycle min/avg/max 610/642/903us jitter avg/max 3/41us overruns 0 skipped 0 flags 0x00000004
    /// att r/p/y 2/-1/87deg thr 0% arm 0 imuErr 0 rcFrames 1234 faults 0</c>
    /// (attitude in whole degrees, positive roll = right side down, positive pitch = nose up).
    /// The line is assembled in a reused char buffer with integer formatting; only handing it to Debug.WriteLine
    /// creates a string, which is why the flight task prints only while disarmed.
    /// </summary>
    public sealed class LoopReport
    {
        private readonly char[] line = new char[192];
        private int length;

        public void Print(LoopStatistics stats, ArmingDisableFlags flags, VehicleState state, int throttleQ16,
            bool armSwitch, long imuErrors, long crsfFrames, int faults)
        {
            length = 0;
            Append("loop ");
            Append(stats.RateHz());
            Append("Hz cycle min/avg/max ");
            Append(stats.MinimumCycleUs());
            Append('/');
            Append(stats.AverageCycleUs());
            Append('/');
            Append(stats.MaxCycleUs);
            Append("us jitter avg/max ");
            Append(stats.AverageJitterUs());
            Append('/');
            Append(stats.MaxJitterUs);
            Append("us overruns ");
            Append(stats.Overruns);
            Append(" skipped ");
            Append(stats.SkippedCycles);
            Append(" flags 0x");
            AppendHex((int)flags);
            Append(" att r/p/y ");
            Append(Q16.ToIntRound(Trig.RadiansToDegrees(state.Roll)));
            Append('/');
            Append(Q16.ToIntRound(Trig.RadiansToDegrees(state.Pitch)));
            Append('/');
            Append(Q16.ToIntRound(Trig.RadiansToDegrees(state.Yaw)));
            Append("deg thr ");
            Append((int)(((long)throttleQ16 * 100 + Q16.Half) >> Q16.FractionBits));
            Append("% arm ");
            Append(armSwitch ? 1 : 0);
            Append(" imuErr ");
            Append(imuErrors);
            Append(" rcFrames ");
            Append(crsfFrames);
            Append(" faults ");
            Append(faults);
            Debug.WriteLine(new string(line, 0, length));
        }

        private void Append(char c)
        {
            if (length < line.Length)
            {
                line[length++] = c;
            }
        }

        private void Append(string s)
        {
            for (int i = 0; i < s.Length; i++)
            {
                Append(s[i]);
            }
        }

        private void Append(long value)
        {
            if (value < 0)
            {
                Append('-');
                value = -value;
            }

            long divisor = 1;
            while (value / divisor >= 10)
            {
                divisor *= 10;
            }

            while (divisor > 0)
            {
                Append((char)('0' + (int)(value / divisor % 10)));
                divisor /= 10;
            }
        }

        private void AppendHex(int value)
        {
            for (int shift = 28; shift >= 0; shift -= 4)
            {
                int nibble = (value >> shift) & 0xF;
                Append((char)(nibble < 10 ? '0' + nibble : 'A' + nibble - 10));
            }
        }
    }
}
