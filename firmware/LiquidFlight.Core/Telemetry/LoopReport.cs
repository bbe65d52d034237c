using LiquidFlight.Core.Control;
using LiquidFlight.Core.FixedPoint;
using LiquidFlight.Core.Safety;
using LiquidFlight.Core.Scheduler;

namespace LiquidFlight.Core.Telemetry
{
    /// <summary>
    /// Betaflight `tasks`-style line of the loop statistics plus what the bench checks need, for example
    /// <c>loop 500Hz cycle min/avg/max 610/642/903us jitter avg/max 3/41us overruns 0 skipped 0 flags 0x00000004
    /// att r/p/y 2/-1/87deg thr 0% arm 0 imuErr 0 rcFrames 1234 faults 0</c>
    /// (attitude in whole degrees, positive roll = right side down, positive pitch = nose up).
    /// </summary>
    public static class LoopReport
    {
        public static void Format(StatusText t, LoopStatistics stats, ArmingDisableFlags flags, VehicleState state,
            int throttleQ16, bool armSwitch, long imuErrors, long rcFrames, int faults)
        {
            t.Clear();
            t.Append("loop ");
            t.Append(stats.RateHz());
            t.Append("Hz cycle min/avg/max ");
            t.Append(stats.MinimumCycleUs());
            t.Append('/');
            t.Append(stats.AverageCycleUs());
            t.Append('/');
            t.Append(stats.MaxCycleUs);
            t.Append("us jitter avg/max ");
            t.Append(stats.AverageJitterUs());
            t.Append('/');
            t.Append(stats.MaxJitterUs);
            t.Append("us overruns ");
            t.Append(stats.Overruns);
            t.Append(" skipped ");
            t.Append(stats.SkippedCycles);
            t.Append(" flags 0x");
            t.AppendHex((int)flags);
            t.Append(" att r/p/y ");
            t.Append(Q16.ToIntRound(Trig.RadiansToDegrees(state.Roll)));
            t.Append('/');
            t.Append(Q16.ToIntRound(Trig.RadiansToDegrees(state.Pitch)));
            t.Append('/');
            t.Append(Q16.ToIntRound(Trig.RadiansToDegrees(state.Yaw)));
            t.Append("deg thr ");
            t.Append((int)(((long)throttleQ16 * 100 + Q16.Half) >> Q16.FractionBits));
            t.Append("% arm ");
            t.Append(armSwitch ? 1 : 0);
            t.Append(" imuErr ");
            t.Append(imuErrors);
            t.Append(" rcFrames ");
            t.Append(rcFrames);
            t.Append(" faults ");
            t.Append(faults);
        }

        /// <summary>The names of the set flags, separated by spaces ("none" when empty).</summary>
        public static void AppendFlagNames(StatusText t, ArmingDisableFlags flags)
        {
            AppendNames(t, (int)flags, FlagNames);
        }

        /// <summary>The names of the set causes ("none" when empty).</summary>
        public static void AppendCauseNames(StatusText t, FailsafeCause cause)
        {
            AppendNames(t, (int)cause, CauseNames);
        }

        // Bit i of the flags is named names[i] (ArmingDisableFlags and FailsafeCause are single bits from 1 << 0).
        private static readonly string[] FlagNames = new string[]
        {
            "no-imu", "imu-unhealthy", "not-calibrated", "not-level", "throttle-high", "no-rc-link", "loop-overruns",
            "failsafe", "switch-not-cycled", "numeric-fault",
        };

        private static readonly string[] CauseNames = new string[] { "rc-loss", "imu-failure", "loop-overrun", "numeric-fault" };

        private static void AppendNames(StatusText t, int bits, string[] names)
        {
            if (bits == 0)
            {
                t.Append("none");
                return;
            }

            int start = t.Length;
            for (int i = 0; i < names.Length; i++)
            {
                if ((bits & (1 << i)) == 0)
                {
                    continue;
                }

                if (t.Length > start)
                {
                    t.Append(' ');
                }

                t.Append(names[i]);
            }
        }
    }
}
