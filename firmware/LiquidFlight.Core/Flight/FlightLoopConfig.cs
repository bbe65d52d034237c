using LiquidFlight.Core.FixedPoint;

namespace LiquidFlight.Core.Flight
{
    /// <summary>
    /// Settings of the flight loop that are not controller gains: sensor limits and filtering, the attitude
    /// estimator, angle-mode limits, idle and airmode start (the ESC pulse range is Esc/EscTiming's). Real numbers are Q16.16, times are microseconds.
    /// The defaults suit a 250-class quad on standard PWM ESCs with a 500 Hz-1 kHz IMU; hosts overwrite fields
    /// before constructing the <see cref="FlightLoop"/>: it reads them at construction, except the estimator gains,
    /// which it reads on every sample (so they can be changed live).
    /// </summary>
    public sealed class FlightLoopConfig
    {
        /// <summary>Gyro PT1 low-pass cutoff for the rates the controller sees (Hz, Q16.16; 0 = no filter).</summary>
        public int GyroCutoffHz = Q16.FromInt(80);

        /// <summary>Gyro readings are clamped to +-this (rad/s Q16.16; 35 rad/s is about 2000 deg/s, the usual full scale).</summary>
        public int MaxGyroRadS = Q16.FromInt(35);

        /// <summary>Accelerometer readings are clamped to +-this (m/s^2 Q16.16; 16 g).</summary>
        public int MaxAccelMS2 = Q16.FromInt(157);

        /// <summary>
        /// Mahony proportional gain in flight: rad/s of correction per unit of gravity-direction error (Q16.16).
        /// Low on purpose: while a multirotor tilts and accelerates its accelerometer reads the thrust axis, not
        /// gravity, for seconds; a gain of 1 drags the estimate towards "level" within that time and angle mode
        /// then over-tilts by 10-15 deg (seen in the simulator's attitude steps). 0.1 is what the simulator flies;
        /// Betaflight's default (imu_dcm_kp 2500 = 0.25) is of the same order.
        /// </summary>
        public int EstimatorKp = Q16.FromRatio(1, 10);

        /// <summary>
        /// Mahony proportional gain while disarmed (Q16.16): on the ground the accelerometer does read gravity, so
        /// a fast gain re-levels the estimate within a few seconds after the craft is picked up or set down.
        /// </summary>
        public int EstimatorKpDisarmed = Q16.One;

        /// <summary>
        /// Mahony integral gain (gyro bias learning), 1/s^2 (Q16.16); 0 disables bias estimation. Kp^2/4 makes the
        /// bias loop (s^2 + Kp s + Ki) critically damped at the flight Kp: 0.0025, about 20 s to learn a bias.
        /// </summary>
        public int EstimatorKi = Q16.FromRatio(1, 400);

        /// <summary>
        /// The accelerometer corrects roll/pitch only while |a| is within this fraction of 1 g (Q16.16); outside it
        /// the craft is accelerating and the reading is not gravity.
        /// </summary>
        public int AccelTrustBand = Q16.FromRatio(15, 100);

        /// <summary>
        /// Longest interval integrated in one step (µs). A longer gap between samples (a stalled bus, a dropped
        /// burst) is integrated as this long, so one stale rate reading cannot swing the estimate or the controller.
        /// </summary>
        public long MaxSampleGapUs = 20000;

        /// <summary>Angle mode: full stick deflection tilts this far (rad Q16.16; default 45 deg).</summary>
        public int MaxAngleRad = Trig.DegreesToRadians(Q16.FromInt(45));

        /// <summary>Angle mode: full yaw stick asks this yaw rate (rad/s Q16.16; default 200 deg/s).</summary>
        public int MaxYawRateRadS = Trig.DegreesToRadians(Q16.FromInt(200));

        /// <summary>Stick deflections smaller than this read as centred (Q16.16 of full deflection).</summary>
        public int StickDeadband = 0;

        /// <summary>Motor output when armed at zero throttle (Q16.16 of the ESC range); keeps props turning for authority.</summary>
        public int IdleThrottle = Q16.FromRatio(5, 100);

        /// <summary>
        /// After arming, the controller's output is mixed only once the throttle has exceeded this (Q16.16 of the
        /// stick) since arming: Betaflight's airmode_start_throttle_percent, 10 % here instead of its 25 % because
        /// the 250 frame hovers at about 20 % stick. Below it an armed craft idles on the ground.
        /// </summary>
        public int AirmodeStartThrottle = Q16.FromRatio(10, 100);
    }
}
