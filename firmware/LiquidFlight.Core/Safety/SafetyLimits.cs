using System;

namespace LiquidFlight.Core.Safety
{
    /// <summary>
    /// Every safety limit of the board in one table, expressed in time (milliseconds), never in cycles or sample
    /// counts, so a limit means the same at a 50 Hz and an 8 kHz IMU and at any loop rate. The supervisor and the
    /// IMU health monitor convert them to µs once at construction. The defaults are the reference board's.
    /// </summary>
    public sealed class SafetyLimits
    {
        /// <summary>No valid RC frame for this long = RC loss (Betaflight's failsafe_delay is of this order).</summary>
        public int RcLossTimeoutMs = 300;

        /// <summary>During the failsafe landing, the link must be good this long before the pilot gets control back (0: never).</summary>
        public int RcRecoveryMs = 1000;

        /// <summary>Armed with the throttle low this long counts as "on the ground": RC loss then stops the motors.</summary>
        public int ThrottleLowOnGroundMs = 10000;

        /// <summary>
        /// Longest failsafe landing: after this the motors stop wherever the craft is (the last resort when no
        /// touchdown is detected). 60 s covers 48 m at the default sink rate.
        /// </summary>
        public int LandingMaxMs = 60000;

        /// <summary>Sink rate the failsafe landing holds, mm/s (estimated from the accelerometer alone).</summary>
        public int LandingDescentMmPerS = 800;

        /// <summary>In the landing, still at low throttle this long after an impact or a stopped descent = touchdown.</summary>
        public int TouchdownStillMs = 500;

        /// <summary>No new IMU sample for this long = IMU failure (dead bus, stalled driver).</summary>
        public int ImuStaleMs = 50;

        /// <summary>Identical raw bursts (or, for a source of decoded samples, identical values) for this long = frozen sensor.</summary>
        public int ImuFrozenMs = 100;

        /// <summary>Failed bus reads for this long without a good one = bus failure.</summary>
        public int ImuBusErrorMs = 20;

        /// <summary>An axis at full scale for this long = saturated (a broken sensor or implausible data).</summary>
        public int ImuSaturatedMs = 50;

        /// <summary>New samples whose timestamps do not advance for this long = a stuck or backwards sample clock.</summary>
        public int ImuClockStuckMs = 50;

        /// <summary>Loop overruns: one strike forgiven after this much time without an overrun ...</summary>
        public int OverrunForgiveMs = 500;

        /// <summary>... and this many strikes mean the loop is failing (motors off in flight).</summary>
        public int OverrunTripStrikes = 10;

        /// <summary>Microseconds of a limit in ms (exact: a long product).</summary>
        public static long Us(int ms)
        {
            return (long)ms * 1000;
        }

        /// <summary>Refuses limits that cannot work (start-up only), naming the field.</summary>
        public void Validate()
        {
            Positive(RcLossTimeoutMs, "SafetyLimits.RcLossTimeoutMs");
            NotNegative(RcRecoveryMs, "SafetyLimits.RcRecoveryMs");
            Positive(ThrottleLowOnGroundMs, "SafetyLimits.ThrottleLowOnGroundMs");
            Positive(LandingMaxMs, "SafetyLimits.LandingMaxMs");
            Positive(LandingDescentMmPerS, "SafetyLimits.LandingDescentMmPerS");
            Positive(TouchdownStillMs, "SafetyLimits.TouchdownStillMs");
            Positive(ImuStaleMs, "SafetyLimits.ImuStaleMs");
            Positive(ImuFrozenMs, "SafetyLimits.ImuFrozenMs");
            Positive(ImuBusErrorMs, "SafetyLimits.ImuBusErrorMs");
            Positive(ImuSaturatedMs, "SafetyLimits.ImuSaturatedMs");
            Positive(ImuClockStuckMs, "SafetyLimits.ImuClockStuckMs");
            Positive(OverrunForgiveMs, "SafetyLimits.OverrunForgiveMs");
            Positive(OverrunTripStrikes, "SafetyLimits.OverrunTripStrikes");
        }

        private static void Positive(int value, string field)
        {
            if (value <= 0)
            {
                throw new ArgumentException(field + " must be positive, was " + value);
            }
        }

        private static void NotNegative(int value, string field)
        {
            if (value < 0)
            {
                throw new ArgumentException(field + " must be 0 or more, was " + value);
            }
        }
    }
}
