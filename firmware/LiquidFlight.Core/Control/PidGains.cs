using LiquidFlight.Core.FixedPoint;

namespace LiquidFlight.Core.Control
{
    /// <summary>
    /// Everything that tunes the cascaded PID (Q16.16 unless stated): the angle loop's P and rate limit, the three
    /// rate axes, the D-term filter and the integrator management. A plain object so hosts can load it from a frame
    /// file (the simulator) or a board config (the firmware) and hand it to <see cref="PidController"/>.
    /// The defaults are a starting point for a 250-class quad; frames carry their tuned values.
    /// </summary>
    public sealed class PidGains
    {
        /// <summary>Angle loop: rad/s of rate setpoint per rad of attitude error.</summary>
        public int AngleKp = Q16.FromInt(6);

        /// <summary>Angle loop output limit, rad/s (default 8 rad/s, about 460 deg/s).</summary>
        public int MaxAngleRateRadS = Q16.FromInt(8);

        public readonly PidAxisGains Roll = new PidAxisGains(Q16.FromRatio(6, 100), Q16.FromRatio(25, 100), Q16.FromRatio(8, 10), Q16.FromRatio(3, 10));
        public readonly PidAxisGains Pitch = new PidAxisGains(Q16.FromRatio(6, 100), Q16.FromRatio(25, 100), Q16.FromRatio(8, 10), Q16.FromRatio(3, 10));
        public readonly PidAxisGains Yaw = new PidAxisGains(Q16.FromRatio(15, 100), Q16.FromRatio(20, 100), 0, Q16.FromRatio(3, 10));

        /// <summary>D-term low-pass cutoffs (Hz): two PT1 stages in series; 0 disables a stage.</summary>
        public int DTermCutoffHz = Q16.FromInt(80);
        public int DTermSecondCutoffHz = Q16.FromInt(160);

        /// <summary>
        /// I-term relax (roll and pitch): the integrator is slowed while the rate setpoint moves fast, measured by
        /// the setpoint minus its PT1 low-pass at this cutoff (Hz) ...
        /// </summary>
        public int ItermRelaxCutoffHz = Q16.FromInt(15);

        /// <summary>... and fully stopped when that difference reaches this value (rad/s; default 40 deg/s). 0 disables relax.</summary>
        public int ItermRelaxThresholdRadS = 45753;

        /// <summary>Below this collective throttle (normalised) the integrators hold their value (on the ground, at idle).</summary>
        public int ItermThrottleThreshold = Q16.FromRatio(5, 100);

        public void CopyFrom(PidGains other)
        {
            AngleKp = other.AngleKp;
            MaxAngleRateRadS = other.MaxAngleRateRadS;
            Roll.CopyFrom(other.Roll);
            Pitch.CopyFrom(other.Pitch);
            Yaw.CopyFrom(other.Yaw);
            DTermCutoffHz = other.DTermCutoffHz;
            DTermSecondCutoffHz = other.DTermSecondCutoffHz;
            ItermRelaxCutoffHz = other.ItermRelaxCutoffHz;
            ItermRelaxThresholdRadS = other.ItermRelaxThresholdRadS;
            ItermThrottleThreshold = other.ItermThrottleThreshold;
        }
    }
}
