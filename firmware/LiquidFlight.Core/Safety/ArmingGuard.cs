using LiquidFlight.Core.FixedPoint;

namespace LiquidFlight.Core.Safety
{
    /// <summary>
    /// Arms on the rising edge of the arm switch only when no <see cref="ArmingDisableFlags"/> hold; disarms when
    /// the switch goes off. A refused attempt is recorded with its reasons and needs the switch cycled, so the
    /// craft never arms by itself when a condition clears while the switch is still on; for the same reason a
    /// switch that is already on at boot must be seen off first.
    /// </summary>
    public sealed class ArmingGuard
    {
        /// <summary>Largest |roll| or |pitch| accepted for arming, rad Q16.16 (default 25 degrees).</summary>
        public int MaxArmingTilt = Trig.DegreesToRadians(Q16.FromInt(25));

        /// <summary>Largest throttle accepted for arming, Q16.16 (default 5 %, about 1050 µs).</summary>
        public int MaxArmingThrottle = Q16.FromRatio(5, 100);

        public bool Armed;

        /// <summary>
        /// Reasons arming would be refused right now, recomputed by every <see cref="Update"/> that finds the guard
        /// disarmed or the switch off; while armed with the switch on nothing is evaluated (no condition disarms),
        /// so it stays <see cref="ArmingDisableFlags.None"/>, the value the guard armed with.
        /// </summary>
        public ArmingDisableFlags Flags;

        /// <summary>Reasons of the last refused attempt, and how many attempts were refused.</summary>
        public ArmingDisableFlags LastRefusal;
        public int Refusals;

        private bool previousSwitch;
        private bool switchSeenOff;

        /// <summary>
        /// Evaluates the conditions and the arm switch; returns true if this call changed <see cref="Armed"/>.
        /// </summary>
        public bool Update(ArmingConditions c, bool armSwitch)
        {
            if (Armed && armSwitch)
            {
                // Armed with the switch held: only the switch or a forced disarm can change anything.
                previousSwitch = true;
                return false;
            }

            if (!armSwitch)
            {
                switchSeenOff = true;
            }

            Flags = Evaluate(c);
            if (!switchSeenOff)
            {
                Flags |= ArmingDisableFlags.ArmSwitchNotCycled;
            }

            bool rising = armSwitch && !previousSwitch;
            previousSwitch = armSwitch;
            if (!armSwitch)
            {
                if (Armed)
                {
                    Armed = false;
                    return true;
                }

                return false;
            }

            if (!rising || Armed)
            {
                return false;
            }

            if (Flags == ArmingDisableFlags.None)
            {
                Armed = true;
                return true;
            }

            LastRefusal = Flags;
            Refusals++;
            switchSeenOff = false;
            return false;
        }

        /// <summary>Forced disarm (failsafe); re-arming needs the switch cycled like any other arm.</summary>
        public void Disarm()
        {
            Armed = false;
            switchSeenOff = false;
        }

        private ArmingDisableFlags Evaluate(ArmingConditions c)
        {
            ArmingDisableFlags f = ArmingDisableFlags.None;
            if (!c.ImuPresent)
            {
                f |= ArmingDisableFlags.NoImu;
            }
            else if (!c.ImuHealthy)
            {
                f |= ArmingDisableFlags.ImuUnhealthy;
            }

            if (!c.GyroCalibrated)
            {
                f |= ArmingDisableFlags.NotCalibrated;
            }

            if (Q16.Abs(c.Roll) > MaxArmingTilt || Q16.Abs(c.Pitch) > MaxArmingTilt)
            {
                f |= ArmingDisableFlags.NotLevel;
            }

            if (c.Throttle > MaxArmingThrottle)
            {
                f |= ArmingDisableFlags.ThrottleHigh;
            }

            if (!c.RcLinkUp)
            {
                f |= ArmingDisableFlags.NoRcLink;
            }

            if (!c.LoopHealthy)
            {
                f |= ArmingDisableFlags.LoopUnhealthy;
            }

            if (c.FailsafeActive)
            {
                f |= ArmingDisableFlags.FailsafeActive;
            }

            if (!c.NumericHealthy)
            {
                f |= ArmingDisableFlags.NumericFault;
            }

            return f;
        }
    }
}
