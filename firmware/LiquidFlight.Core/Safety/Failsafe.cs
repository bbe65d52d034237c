using LiquidFlight.Core.FixedPoint;

namespace LiquidFlight.Core.Safety
{
    /// <summary>
    /// The failsafe state machine. RC loss (no valid frame for <see cref="RcLossTimeoutUs"/>) while armed starts
    /// stage 1, <see cref="FailsafePhase.Landing"/>: the attitude is held level and the throttle descends
    /// (<see cref="FailsafeLanding"/>) until a touchdown is reported (<see cref="TouchedDown"/>) or, as the last
    /// resort, for at most <see cref="LandingMaxUs"/>; then stage 2, motors off. A failure that
    /// makes flying itself unsafe (IMU, loop timing, numeric) goes to motors off at once, from any phase.
    /// Leaving <see cref="FailsafePhase.MotorsOff"/> needs the link back, the fault gone and the arm switch off,
    /// so re-arming is always a deliberate switch cycle. If the link returns during stage 1 and stays good for
    /// <see cref="RecoveryUs"/>, the pilot gets control back (0 disables that: stage 1 then always runs out).
    /// A craft armed but sitting at low throttle (never raised since arming, or low for
    /// <see cref="ThrottleLowDropUs"/>) is on the ground: RC loss stops its motors instead of spooling them up.
    /// </summary>
    public sealed class Failsafe
    {
        public long RcLossTimeoutUs;
        public long LandingMaxUs;

        /// <summary>
        /// Hover throttle assumed by the landing when none was learnt in flight, [0, 1] Q16.16 (the landing learns it
        /// whenever the pilot has flown, so this is only a fallback).
        /// </summary>
        public int LandingThrottle = Q16.FromRatio(30, 100);

        /// <summary>Stage 1 ended because a touchdown was detected (not the timeout); cleared when a failsafe starts.</summary>
        public bool EndedByTouchdown;

        public long RecoveryUs;

        /// <summary>Throttle at or below this counts as "low" for the on-the-ground test, Q16.16.</summary>
        public int LowThrottle = Q16.FromRatio(5, 100);
        public long ThrottleLowDropUs;

        public FailsafePhase Phase;
        public FailsafeCause Cause;
        public long PhaseStartUs;

        /// <summary>Times a failsafe started (Idle -> Landing or MotorsOff).</summary>
        public int Activations;

        public bool HasRcFrame;
        public long LastRcFrameUs;

        /// <summary>
        /// <see cref="throttleRaisedUs"/> while the throttle has not been raised since arming: so long ago that any
        /// time of the clock (below 2^62 µs) counts as "low for <see cref="ThrottleLowDropUs"/>", with no overflow.
        /// </summary>
        internal const long NeverRaisedUs = long.MinValue / 2;

        // Throttle history: internal for SafetySupervisor's steady path, which updates it as TrackThrottle does. The
        // last time the throttle was above LowThrottle since arming (NeverRaisedUs if it was not): one store per
        // raised sample, where a flag and a time would take two.
        internal bool wasArmed;
        internal long throttleRaisedUs;
        private bool linkGood;
        private long linkGoodSinceUs;

        /// <summary>Timing from the board's <see cref="SafetyLimits"/> (ms, converted to µs once).</summary>
        public Failsafe(SafetyLimits limits)
        {
            RcLossTimeoutUs = SafetyLimits.Us(limits.RcLossTimeoutMs);
            LandingMaxUs = SafetyLimits.Us(limits.LandingMaxMs);
            RecoveryUs = SafetyLimits.Us(limits.RcRecoveryMs);
            ThrottleLowDropUs = SafetyLimits.Us(limits.ThrottleLowOnGroundMs);
        }

        /// <summary>A valid RC frame arrived at <paramref name="nowUs"/> (BoardCycle's RC poll writes these two stores
        /// out: keep the two the same).</summary>
        public void RcFrameReceived(long nowUs)
        {
            HasRcFrame = true;
            LastRcFrameUs = nowUs;
        }

        public bool RcLinkUp(long nowUs)
        {
            return HasRcFrame && nowUs - LastRcFrameUs <= RcLossTimeoutUs;
        }

        public bool IsActive()
        {
            return Phase != FailsafePhase.Idle;
        }

        /// <summary>
        /// Advances the state machine. <paramref name="hardFault"/> is the set of immediate-stop causes present
        /// now (<see cref="FailsafeCause.RcLoss"/> is ignored there: link loss is judged from the frame times).
        /// </summary>
        public void Update(long nowUs, bool armed, bool armSwitch, int pilotThrottle, FailsafeCause hardFault)
        {
            hardFault &= ~FailsafeCause.RcLoss;
            bool linkUp = RcLinkUp(nowUs);
            TrackThrottle(nowUs, armed, pilotThrottle, linkUp);

            switch (Phase)
            {
                case FailsafePhase.Idle:
                    if (!armed)
                    {
                        return;
                    }

                    if (hardFault != FailsafeCause.None)
                    {
                        EndedByTouchdown = false;
                        Activations++;
                        Enter(FailsafePhase.MotorsOff, hardFault, nowUs);
                        return;
                    }

                    if (!linkUp)
                    {
                        EndedByTouchdown = false;
                        Activations++;
                        Enter(OnTheGround(nowUs) ? FailsafePhase.MotorsOff : FailsafePhase.Landing, FailsafeCause.RcLoss, nowUs);
                        linkGood = false;
                    }

                    return;

                case FailsafePhase.Landing:
                    if (hardFault != FailsafeCause.None)
                    {
                        Enter(FailsafePhase.MotorsOff, Cause | hardFault, nowUs);
                        return;
                    }

                    if (!armed || nowUs - PhaseStartUs >= LandingMaxUs)
                    {
                        Enter(FailsafePhase.MotorsOff, Cause, nowUs);
                        return;
                    }

                    if (!linkUp)
                    {
                        linkGood = false;
                        return;
                    }

                    if (!linkGood)
                    {
                        linkGood = true;
                        linkGoodSinceUs = nowUs;
                    }

                    if (RecoveryUs > 0 && nowUs - linkGoodSinceUs >= RecoveryUs)
                    {
                        Phase = FailsafePhase.Idle;
                        PhaseStartUs = nowUs;
                    }

                    return;

                default:
                    if (hardFault != FailsafeCause.None)
                    {
                        Cause |= hardFault;
                        return;
                    }

                    if (linkUp && !armSwitch)
                    {
                        Phase = FailsafePhase.Idle;
                        PhaseStartUs = nowUs;
                    }

                    return;
            }
        }

        /// <summary>The landing found the ground: stage 1 ends in motors off (nothing happens in another phase).</summary>
        public void TouchedDown(long nowUs)
        {
            if (Phase == FailsafePhase.Landing)
            {
                EndedByTouchdown = true;
                Enter(FailsafePhase.MotorsOff, Cause, nowUs);
            }
        }

        private void Enter(FailsafePhase phase, FailsafeCause cause, long nowUs)
        {
            Phase = phase;
            Cause = cause;
            PhaseStartUs = nowUs;
        }

        // Throttle history is only trusted while the link delivers it: the last value before a loss is frozen.
        private void TrackThrottle(long nowUs, bool armed, int pilotThrottle, bool linkUp)
        {
            if (!armed)
            {
                wasArmed = false;
                return;
            }

            if (!wasArmed)
            {
                wasArmed = true;
                throttleRaisedUs = NeverRaisedUs;
            }

            if (!linkUp)
            {
                return;
            }

            if (pilotThrottle > LowThrottle)
            {
                throttleRaisedUs = nowUs;
            }
        }

        private bool OnTheGround(long nowUs)
        {
            return nowUs - throttleRaisedUs >= ThrottleLowDropUs;
        }
    }
}
