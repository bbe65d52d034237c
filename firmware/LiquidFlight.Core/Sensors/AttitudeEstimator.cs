using LiquidFlight.Core.Control;
using LiquidFlight.Core.FixedPoint;

namespace LiquidFlight.Core.Sensors
{
    /// <summary>
    /// Mahony complementary filter on a unit quaternion (body FRD to world NED), integer only.
    ///
    /// Why Mahony: it is a proportional-integral correction of the gyro integration towards the accelerometer's
    /// gravity direction, so it costs one cross product per sample (no covariance, no matrix inverse, far inside
    /// the IL budget of DESIGN.md 4a), its integral term learns the roll/pitch gyro bias, and a quaternion has no
    /// gimbal singularity while integrating; Euler angles are derived only for the controller.
    ///
    /// Each step integrates over the real dt between sample timestamps: dt &lt;= 0 integrates nothing and
    /// dt &gt; <see cref="MaxDtUs"/> is integrated as MaxDtUs (a stale rate reading must not be extrapolated over
    /// a long gap). The accelerometer corrects roll and pitch only while |a| is within
    /// <see cref="AccelTrustBand"/> of 1 g; heading is not observed and drifts with the yaw-gyro bias.
    ///
    /// Decimation (as Betaflight runs its attitude task slower than its rate loop): every sample's rotation is
    /// integrated, and each of the step's three costly parts runs on its own samples. An "angles" sample (phase 0)
    /// extracts roll and pitch (an atan2 and a table asin); the "correction" sample (phase
    /// <see cref="CorrectionPhase"/>, halfway between angles samples) applies the accelerometer correction over the
    /// time since the previous correction sample (the proportional term scaled by that span over this sample's dt, the
    /// bias integrated over the span), so the correction per second is what Mahony's equation asks for; the odd-phase
    /// samples between them rotate the quaternion, by the sum of their own rotation vector and the one the even-phase
    /// sample before them kept. Every sample advances roll and pitch by its body rates (the small-angle Euler
    /// kinematics, exact near level), the angles sample from the angles it has just extracted from the quaternion,
    /// which is current to the previous sample then. <see cref="Roll"/>
    /// and <see cref="Pitch"/> are therefore a first-order prediction over one sample after an angles sample and
    /// over at most four otherwise (8 ms at 500 Hz, 16 ms at 250 Hz); the quaternion (<see cref="Q0"/>..<see cref="Q3"/>,
    /// the heading) is current after odd-phase samples and one sample behind after even ones. The first sample
    /// integrated after a reset is an angles sample. The quaternion is renormalised on the sample before each angles
    /// sample and on the other rotating sample when its two samples turned by more than 1/8 rad
    /// (<see cref="SmallTurnQ30"/>); a smaller turn leaves its length within about 1e-6 of 1 until the next
    /// normalisation.
    ///
    /// Precision: the quaternion is Q2.30 (a 1 mrad/s rate over 1 ms moves it by 0.5 LSB of Q16.16 but by 540 LSB
    /// of Q30, so slow rates are not lost to rounding); the bias integral keeps 32 fraction bits. The rotation
    /// increment is the third-order-accurate (1 - |h|^2/2, h (1 - |h|^2/6)), h = omega dt / 2, so a 10 rad/s turn
    /// sampled at 4 ms loses nothing measurable to the discretisation.
    /// </summary>
    public sealed class AttitudeEstimator
    {
        public const int OneQ30 = 1 << 30;

        /// <summary>Standard gravity, m/s^2 Q16.16 (9.80665).</summary>
        public const int GravityQ16 = 642689;

        /// <summary>Rates are clamped to this before integration (rad/s Q16.16), whatever the sensor delivered.</summary>
        internal const int MaxRateQ16 = 64 << 16;

        /// <summary>The learned bias is limited to +-0.35 rad/s (20 deg/s), beyond any healthy MEMS gyro.</summary>
        private const long MaxBiasQ32 = 22938L << 16;

        /// <summary>
        /// Rates (rad/s Q16.16) up to which a sample's rates plus any learned bias stay within <see cref="MaxRateQ16"/>:
        /// the limit less the bias limit (0.35 rad/s).
        /// </summary>
        internal const int MaxRateLeavingBiasRoomQ16 = MaxRateQ16 - (int)(MaxBiasQ32 >> 16);

        /// <summary>Mahony proportional gain (Q16.16, rad/s per unit error); about 1/Kp seconds to converge.</summary>
        public int Kp;

        /// <summary>Mahony integral gain (Q16.16, 1/s^2); 0 freezes the bias estimate.</summary>
        public int Ki;

        /// <summary>Accept the accelerometer while ||a| - g| &lt;= band * g (Q16.16 fraction).</summary>
        public int AccelTrustBand;

        /// <summary>Longest interval integrated in one step (µs); values above 20 ms are treated as 20 ms.</summary>
        public long MaxDtUs = 20000;

        /// <summary>
        /// Hard cap on one step whatever MaxDtUs says: keeps each component of omega dt / 2 within 0.64 rad, so the
        /// half rotation vector of two samples, which one quaternion update applies, stays below 2.3 rad, inside the
        /// Q30 headroom of the third-order increment (|r| &lt; 2 as a Q30 int needs |h|^2 below 6).
        /// </summary>
        private const long HardMaxDtUs = 20000;

        /// <summary>Integrated samples per decimation cycle (a power of two): one angles sample, one correction sample.</summary>
        public const int DecimationPeriod = 4;

        /// <summary>The correction sample's phase: samples after the angles sample, halfway to the next.</summary>
        public const int CorrectionPhase = DecimationPeriod / 2;

        /// <summary>
        /// |t|^2 (Q30; t = h1 + h2, the half rotation vector of the two samples a rotating sample applies, h = omega
        /// dt / 2) below which the first rotating sample after an angles sample leaves the quaternion's normalisation
        /// to the next rotating sample: 2^-8, a turn of the two samples below 1/8 rad (31 rad/s at 2 ms samples).
        /// </summary>
        public const long SmallTurnQ30 = OneQ30 >> 8;

        /// <summary>Gains are limited to 64 (Q16.16) inside the update so the 64-bit products cannot overflow.</summary>
        private const int MaxGainQ16 = 64 << 16;

        // Internal so the failsafe's landing estimate reads them without four property calls.
        // Each holds an int (Q2.30), kept in a long so that the step's loads (as longs) and stores convert nothing.
        internal long q0 = OneQ30;
        internal long q1;
        internal long q2;
        internal long q3;
        private long biasXQ32;
        private long biasYQ32;
        private long biasZQ32;
        // Roll and pitch live in this state's Roll and Pitch (the flight loop's State, which then needs no copy of them
        // per sample; an estimator of its own otherwise): written wherever the estimate moves, read by Roll and Pitch.
        private readonly VehicleState attitude;
        private bool initialised;
        private bool accelUsed;

        // The specific force of a sample given as three values (Update's public form), read by reference as the flight
        // loop's sample is.
        private ImuSample given;

        // Decimation: the phase of the next integrated sample (0 = angles, CorrectionPhase = correction), and the
        // time integrated since the last correction sample (the span a correction covers is that plus its own dt).
        private int phase;
        private long sinceCorrectionUs;

        // The half rotation vector (Q30) of the even-phase sample integrated last: applied to the quaternion, composed
        // as one rotation vector with the next sample's own, by the next (odd-phase) sample.
        private long pendingHx;
        private long pendingHy;
        private long pendingHz;

        // Squared accelerometer trust bounds (Q32) for accelBoundsBand (see AccelNearOneG): set in the constructor,
        // recomputed when AccelTrustBand changes.
        private int accelBoundsBand;
        private long accelLowSquared;
        private long accelHighSquared;

        public AttitudeEstimator(int kp, int ki, int accelTrustBand)
            : this(kp, ki, accelTrustBand, null)
        {
        }

        /// <param name="attitude">The state whose <see cref="VehicleState.Roll"/> and <see cref="VehicleState.Pitch"/>
        /// hold this estimate's roll and pitch: written by every update, reset and set, and by nothing else while the
        /// estimator runs (the flight loop passes its State; null = a state of the estimator's own).</param>
        public AttitudeEstimator(int kp, int ki, int accelTrustBand, VehicleState attitude)
        {
            this.attitude = attitude ?? new VehicleState();
            Kp = kp;
            Ki = ki;
            AccelTrustBand = accelTrustBand;
            SetAccelBounds(accelTrustBand);
        }

        /// <summary>Roll, rad Q16.16 in [-pi, pi], positive = right wing down.</summary>
        public int Roll => attitude.Roll;

        /// <summary>Pitch, rad Q16.16 in [-pi/2, pi/2], positive = nose up.</summary>
        public int Pitch => attitude.Pitch;

        /// <summary>Yaw (heading relative to start), rad Q16.16 in [-pi, pi], positive = nose right.</summary>
        public int Yaw
        {
            get
            {
                // Computed when read, not per step: no control law uses the heading (the flight loop refreshes it
                // for telemetry from a slow slot, FlightLoop.UpdateHeading), and it is one atan2 fewer per cycle.
                long a0 = q0, a1 = q1, a2 = q2, a3 = q3;
                return Trig.Atan2((int)((a0 * a3 + a1 * a2) >> 29), (int)(OneQ30 - ((a2 * a2 + a3 * a3) >> 29)));
            }
        }

        /// <summary>Quaternion components, Q2.30, scalar first.</summary>
        public int Q0 => (int)q0;
        public int Q1 => (int)q1;
        public int Q2 => (int)q2;
        public int Q3 => (int)q3;

        /// <summary>Estimated gyro bias (what the integral term adds back), rad/s Q16.16.</summary>
        public int BiasX => (int)(biasXQ32 >> 16);
        public int BiasY => (int)(biasYQ32 >> 16);
        public int BiasZ => (int)(biasZQ32 >> 16);

        /// <summary>True once the first sample has set the attitude.</summary>
        public bool Initialised => initialised;

        /// <summary>Whether the last update applied an accelerometer correction (a correction sample with |a| near 1 g).</summary>
        public bool AccelUsed => accelUsed;

        /// <summary>Forgets attitude and bias; the next sample levels the estimate from its accelerometer reading.</summary>
        public void Reset()
        {
            q0 = OneQ30;
            q1 = 0;
            q2 = 0;
            q3 = 0;
            biasXQ32 = 0;
            biasYQ32 = 0;
            biasZQ32 = 0;
            attitude.Roll = 0;
            attitude.Pitch = 0;
            initialised = false;
            accelUsed = false;
            phase = 0;
            sinceCorrectionUs = 0;
            pendingHx = 0;
            pendingHy = 0;
            pendingHz = 0;
        }

        /// <summary>Sets the attitude from Euler angles (rad Q16.16, ZYX order), keeping the bias estimate.</summary>
        public void SetAttitude(int rollRad, int pitchRad, int yawRad)
        {
            int cr = Trig.Cos(rollRad / 2), sr = Trig.Sin(rollRad / 2);
            int cp = Trig.Cos(pitchRad / 2), sp = Trig.Sin(pitchRad / 2);
            int cy = Trig.Cos(yawRad / 2), sy = Trig.Sin(yawRad / 2);

            // Products of three Q16.16 values are Q48; shifting by 18 gives Q30.
            q0 = (int)(((long)cr * cp * cy + (long)sr * sp * sy) >> 18);
            q1 = (int)(((long)sr * cp * cy - (long)cr * sp * sy) >> 18);
            q2 = (int)(((long)cr * sp * cy + (long)sr * cp * sy) >> 18);
            q3 = (int)(((long)cr * cp * sy - (long)sr * sp * cy) >> 18);
            pendingHx = 0;
            pendingHy = 0;
            pendingHz = 0;
            Normalise();
            UpdateEuler();
            initialised = true;
        }

        /// <summary>
        /// One sample: body rates (rad/s Q16.16), specific force (m/s^2 Q16.16), both FRD, and the time since the
        /// previous sample in µs. The first sample after a reset only sets roll and pitch from the accelerometer
        /// (if it reads about 1 g; otherwise level) and integrates nothing.
        /// </summary>
        public void Update(int gyroX, int gyroY, int gyroZ, int accelX, int accelY, int accelZ, long dtUs)
        {
            given.AccelX = accelX;
            given.AccelY = accelY;
            given.AccelZ = accelZ;
            Update(gyroX, gyroY, gyroZ, ref given, dtUs);
        }

        /// <summary>
        /// <see cref="Update(int, int, int, int, int, int, long)"/> with the specific force read from
        /// <paramref name="accel"/>'s AccelX, AccelY and AccelZ (no other field of it is read, and none is written).
        /// </summary>
        internal void Update(int gyroX, int gyroY, int gyroZ, ref ImuSample accel, long dtUs)
        {
            UpdateWithinRange(
                gyroX < -MaxRateQ16 ? -MaxRateQ16 : (gyroX > MaxRateQ16 ? MaxRateQ16 : gyroX),
                gyroY < -MaxRateQ16 ? -MaxRateQ16 : (gyroY > MaxRateQ16 ? MaxRateQ16 : gyroY),
                gyroZ < -MaxRateQ16 ? -MaxRateQ16 : (gyroZ > MaxRateQ16 ? MaxRateQ16 : gyroZ),
                ref accel, dtUs > MaxDtUs ? MaxDtUs : dtUs, false);
        }

        /// <summary>
        /// <see cref="Update(int, int, int, ref ImuSample, long)"/> for a caller that guarantees its rates are within
        /// +-<see cref="MaxRateQ16"/> and its dt at most <see cref="MaxDtUs"/> (the flight loop clamps both already): the
        /// same result without clamping again. Everything the step does is written out in this one method, with the
        /// quaternion in locals: it runs every cycle and the interpreter pays for each call and each field access (the
        /// plain formulation, with helpers, is kept as the tests' twin and must give the same bits). The specific force
        /// comes by reference (the flight loop's sample): only the first sample and correction samples read it, so the
        /// other three in four pass and load nothing for it.
        /// </summary>
        /// <param name="ratesLeaveBiasRoom">The caller guarantees rates within +-<see cref="MaxRateLeavingBiasRoomQ16"/>:
        /// the rate clamp then runs only on correction samples (the flight loop's default gyro limit, 35 rad/s, does).</param>
        [InterpreterInline]
        internal void UpdateWithinRange(int gyroX, int gyroY, int gyroZ, ref ImuSample accel, long dtUs, bool ratesLeaveBiasRoom)
        {
            // |a| within the trust band of 1 g (Q32 squares, at most 3 * 2^62: only three int.MinValue-sized
            // components overflow the sum, and that is not gravity), tested only where it is used: the first
            // sample and correction samples (no other sample reads the accelerometer).
            int ph = phase;
            bool accelValid = false;
            long ax = 0, ay = 0, az = 0;
            if (ph == CorrectionPhase || !initialised)
            {
                ax = accel.AccelX;
                ay = accel.AccelY;
                az = accel.AccelZ;
                long squared = ax * ax + ay * ay + az * az;
                if (squared >= 0)
                {
                    int band = AccelTrustBand;
                    if (band != accelBoundsBand)
                    {
                        SetAccelBounds(band);
                    }

                    accelValid = squared >= accelLowSquared && squared <= accelHighSquared;
                }
            }

            accelUsed = false;
            if (!initialised)
            {
                if (accelValid)
                {
                    AlignToAccel(accel.AccelX, accel.AccelY, accel.AccelZ);
                }
                else
                {
                    SetAttitude(0, 0, 0);
                }

                return;
            }

            if (dtUs <= 0)
            {
                return;
            }

            if (dtUs > HardMaxDtUs)
            {
                dtUs = HardMaxDtUs;
            }

            long wx = gyroX;
            long wy = gyroY;
            long wz = gyroZ;

            // Half the step in seconds, Q30: dt/2 = dtUs * 2^29 / 1e6.
            long halfDtQ30 = (dtUs << 29) / Q16.MicrosPerSecond;

            // The quaternion in locals, loaded by each part that reads it (one declaration: a local costs every call).
            long a0, a1, a2, a3;
            long bx = biasXQ32, by = biasYQ32, bz = biasZQ32;

            // Phase: a correction sample covers its own dt and those integrated since the last one.
            phase = (ph + 1) & (DecimationPeriod - 1);
            long spanUs = dtUs + sinceCorrectionUs;
            sinceCorrectionUs = ph == CorrectionPhase ? 0 : spanUs;
            // Past the first sample (which returned above), an accelerometer judged valid means a correction sample.
            if (accelValid)
            {
                accelUsed = true;

                // Measured "down" in body axes: the accelerometer reads the reaction to gravity, so down = -a / g
                // (Q16.16; its length is within the trust band of 1, which only scales the gain slightly).
                long mx = -(ax << 16) / GravityQ16;
                long my = -(ay << 16) / GravityQ16;
                long mz = -(az << 16) / GravityQ16;

                // Estimated "down" in body axes: third row of the body-from-world rotation (Q30). The previous
                // (odd-phase) sample rotated the quaternion, so it is current at the start of this step.
                a0 = q0; a1 = q1; a2 = q2; a3 = q3;
                long vx = (a1 * a3 - a0 * a2) >> 29;
                long vy = (a0 * a1 + a2 * a3) >> 29;
                long vz = (a0 * a0 - a1 * a1 - a2 * a2 + a3 * a3) >> 30;

                // The accelerometer was read at the end of the step, the estimate is from its start: predict the
                // estimate's "down" forward with the gyro (dv/dt = v x omega) so the correction does not fight the
                // rotation itself (without this, a 1.7 rad/s turn at 2 ms leaves a 0.07 deg standing lag at Kp = 1).
                long px = vx + ((((vy * wz - vz * wy) >> 16) * halfDtQ30) >> 29);
                long py = vy + ((((vz * wx - vx * wz) >> 16) * halfDtQ30) >> 29);
                long pz = vz + ((((vx * wy - vy * wx) >> 16) * halfDtQ30) >> 29);

                // Error = measured x predicted (Q16.16): rotating the estimate about it brings the two together.
                long ex = (my * pz - mz * py) >> 30;
                long ey = (mz * px - mx * pz) >> 30;
                long ez = (mx * py - my * px) >> 30;

                int ki = Ki;
                if (ki > 0)
                {
                    // One bias step per axis over the span, clamped to +-MaxBias (one unsigned compare): Ki <= 2^22
                    // and |error| < 2^18, so Ki * error * span (span <= DecimationPeriod * 20 ms < 2^17 µs) stays below
                    // 2^57.
                    long k = ki > MaxGainQ16 ? MaxGainQ16 : ki;
                    bx += k * ex * spanUs / Q16.MicrosPerSecond;
                    if ((ulong)(bx + MaxBiasQ32) > 2 * (ulong)MaxBiasQ32) { bx = bx < 0 ? -MaxBiasQ32 : MaxBiasQ32; }
                    by += k * ey * spanUs / Q16.MicrosPerSecond;
                    if ((ulong)(by + MaxBiasQ32) > 2 * (ulong)MaxBiasQ32) { by = by < 0 ? -MaxBiasQ32 : MaxBiasQ32; }
                    bz += k * ez * spanUs / Q16.MicrosPerSecond;
                    if ((ulong)(bz + MaxBiasQ32) > 2 * (ulong)MaxBiasQ32) { bz = bz < 0 ? -MaxBiasQ32 : MaxBiasQ32; }
                    biasXQ32 = bx;
                    biasYQ32 = by;
                    biasZQ32 = bz;
                }

                // The proportional term is a rate applied over this sample's dt: scaled by span / dt it turns the
                // estimate by Kp * error * span, as the span's samples at Kp would (Kp * span <= 2^22 * 2^17, and
                // the rate clamp below bounds the result).
                int gain = Kp;
                long kp = (gain < 0 ? 0 : (gain > MaxGainQ16 ? MaxGainQ16 : gain)) * spanUs / dtUs;
                wx += (kp * ex) >> 16;
                wy += (kp * ey) >> 16;
                wz += (kp * ez) >> 16;
            }

            // The bias added back, then the rate clamp, as one unsigned compare of the offset value per axis (a rate in
            // range costs one branch and no store). It cannot act on a sample without a correction whose rates left room
            // for the bias (|bias| <= MaxBias): that sample skips it.
            wx += bx >> 16;
            wy += by >> 16;
            wz += bz >> 16;
            if (accelValid || !ratesLeaveBiasRoom)
            {
                if ((ulong)(wx + MaxRateQ16) > 2 * (ulong)MaxRateQ16) { wx = wx < 0 ? -MaxRateQ16 : MaxRateQ16; }
                if ((ulong)(wy + MaxRateQ16) > 2 * (ulong)MaxRateQ16) { wy = wy < 0 ? -MaxRateQ16 : MaxRateQ16; }
                if ((ulong)(wz + MaxRateQ16) > 2 * (ulong)MaxRateQ16) { wz = wz < 0 ? -MaxRateQ16 : MaxRateQ16; }
            }

            // This sample's half rotation vector h = omega dt / 2 (Q30). An even-phase sample (the angles or the
            // correction sample, each with its own costly part) keeps it for the next sample, which rotates the
            // quaternion by the sum of the two, so no sample does two costly parts. Two samples' rotation vectors
            // compose to their sum but for half their cross product: nothing for a steady rate, 4e-6 rad for 10 rad/s
            // changing by 100 rad/s^2 over 2 ms samples.
            long hx = (wx * halfDtQ30) >> 16;
            long hy = (wy * halfDtQ30) >> 16;
            long hz = (wz * halfDtQ30) >> 16;
            if ((ph & 1) == 0)
            {
                pendingHx = hx;
                pendingHy = hy;
                pendingHz = hz;
                if (ph == 0)
                {
                    // Angles sample: roll and pitch (ZYX Euler) from the quaternion, which is current at the start of
                    // this step, then advanced by this step's rates below; the heading is computed when read (Yaw).
                    a0 = q0; a1 = q1; a2 = q2; a3 = q3;
                    // A local of its own, not the one the end of the step loads: one local live across the branches
                    // costs a slot and reloads (il-count: +142 per cycle).
                    VehicleState angles = attitude;
                    angles.Roll = Trig.Atan2((int)((a0 * a1 + a2 * a3) >> 29), (int)(OneQ30 - ((a1 * a1 + a2 * a2) >> 29)));
                    angles.Pitch = Trig.AsinQ30((a0 * a2 - a1 * a3) >> 29);
                }
            }
            else
            {
                // Rotation by the two samples' half rotation vector t: r = (cos|t|, sin|t| t/|t|) to third order.
                long tx = hx + pendingHx;
                long ty = hy + pendingHy;
                long tz = hz + pendingHz;
                // The pending vector is not cleared: the next sample is an even-phase one, which replaces it before any
                // odd-phase sample reads it again (SetAttitude clears it, Reset also returns to phase 0).
                long n = (tx * tx + ty * ty + tz * tz) >> 30;
                // n is a sum of squares (|t| < 2^31 with the rate and dt caps, so no overflow): n / 2 is the shift.
                long r0 = OneQ30 - (n >> 1);
                long sh = OneQ30 - n / 6;
                long rx = (tx * sh) >> 30;
                long ry = (ty * sh) >> 30;
                long rz = (tz * sh) >> 30;

                // The product is kept as Q30 ints, as the quaternion is stored.
                a0 = q0; a1 = q1; a2 = q2; a3 = q3;
                long b0 = (int)((a0 * r0 - a1 * rx - a2 * ry - a3 * rz) >> 30);
                long b1 = (int)((a0 * rx + a1 * r0 + a2 * rz - a3 * ry) >> 30);
                long b2 = (int)((a0 * ry - a1 * rz + a2 * r0 + a3 * rx) >> 30);
                long b3 = (int)((a0 * rz + a1 * ry - a2 * rx + a3 * r0) >> 30);

                // Normalisation: near unit length (every ordinary step) one Newton step of 1/sqrt(n) from 1,
                // (3 - n) / 2, leaves a relative error of 3/8 deviation^2 (< 1e-4 here, and squared again next step).
                // It always runs on the sample before an angles sample; the other rotating sample skips it while
                // its rotation is small (n = |t|^2 below SmallTurnQ30): the third-order increment keeps |r|^2 = 1 to
                // n^2 / 12 (below 1.3e-6 there), so the length moves by that and the products' rounding (a few Q30
                // LSB) until the next normalisation.
                if (ph != DecimationPeriod - 1 && n < SmallTurnQ30)
                {
                    a0 = b0;
                    a1 = b1;
                    a2 = b2;
                    a3 = b3;
                }
                else
                {
                    n = (b0 * b0 + b1 * b1 + b2 * b2 + b3 * b3) >> 30;
                    long deviation = n - OneQ30;
                    long inverse;
                    // -2^24 < deviation < 2^24 as one unsigned compare of deviation + 2^24 - 1 against 2^25 - 1.
                    if ((ulong)(deviation + ((OneQ30 >> 6) - 1)) < (ulong)((OneQ30 >> 5) - 1))
                    {
                        inverse = (3L * OneQ30 - n) >> 1;
                        a0 = (int)((b0 * inverse) >> 30);
                        a1 = (int)((b1 * inverse) >> 30);
                        a2 = (int)((b2 * inverse) >> 30);
                        a3 = (int)((b3 * inverse) >> 30);
                    }
                    else if (n <= 0)
                    {
                        a0 = OneQ30;
                        a1 = 0;
                        a2 = 0;
                        a3 = 0;
                    }
                    else
                    {
                        inverse = (1L << 60) / IntSqrt.Sqrt((ulong)n << 30);
                        a0 = (int)((b0 * inverse) >> 30);
                        a1 = (int)((b1 * inverse) >> 30);
                        a2 = (int)((b2 * inverse) >> 30);
                        a3 = (int)((b3 * inverse) >> 30);
                    }
                }

                // Each an int already (the products were truncated to ints above).
                q0 = a0;
                q1 = a1;
                q2 = a2;
                q3 = a3;
            }

            // Roll and pitch advance by this sample's body rates (h / 2^13 is omega dt in Q16.16): the small-angle
            // Euler kinematics, exact near level; the next angles sample replaces them.
            VehicleState o = attitude;
            int r = o.Roll + (int)(hx >> 13);
            if ((uint)(r + Trig.Pi) > 2 * (uint)Trig.Pi)
            {
                r += r < 0 ? 2 * Trig.Pi : -2 * Trig.Pi;
            }

            o.Roll = r;
            int p = o.Pitch + (int)(hy >> 13);
            o.Pitch = p > Trig.HalfPi ? Trig.HalfPi : (p < -Trig.HalfPi ? -Trig.HalfPi : p);
        }

        private void SetAccelBounds(int band)
        {
            // The squared bounds change only with AccelTrustBand (a public field): recomputed when it does.
            int clamped = Q16.Clamp(band, 0, Q16.One);
            long low = (long)(Q16.One - clamped) * GravityQ16 >> 16;
            long high = (long)(Q16.One + clamped) * GravityQ16 >> 16;
            accelLowSquared = low * low;
            accelHighSquared = high * high;
            accelBoundsBand = band;
        }

        private void AlignToAccel(int ax, int ay, int az)
        {
            // Down = -a: roll = atan2(down_y, down_z), pitch = atan2(-down_x, |down_yz|).
            long yz = (long)ay * ay + (long)az * az;
            int horizontal = (int)IntSqrt.Sqrt((ulong)yz);
            int rollRad = Trig.Atan2(-ay, -az);
            int pitchRad = Trig.Atan2(ax, horizontal);
            SetAttitude(rollRad, pitchRad, 0);
        }

        private void Normalise()
        {
            long a0 = q0, a1 = q1, a2 = q2, a3 = q3;
            long n = (a0 * a0 + a1 * a1 + a2 * a2 + a3 * a3) >> 30; // |q|^2, Q30
            long inverse;
            long deviation = n - OneQ30;
            if (deviation > -(OneQ30 >> 6) && deviation < (OneQ30 >> 6))
            {
                // Near unit length (every ordinary step): one Newton step of 1/sqrt(n) from 1, (3 - n) / 2,
                // leaves a relative error of 3/8 deviation^2 (< 1e-4 here, and squared again next step).
                inverse = (3L * OneQ30 - n) >> 1;
            }
            else if (n <= 0)
            {
                q0 = OneQ30;
                q1 = 0;
                q2 = 0;
                q3 = 0;
                return;
            }
            else
            {
                long norm = IntSqrt.Sqrt((ulong)n << 30); // Q30
                inverse = (1L << 60) / norm;
            }

            q0 = (int)((a0 * inverse) >> 30);
            q1 = (int)((a1 * inverse) >> 30);
            q2 = (int)((a2 * inverse) >> 30);
            q3 = (int)((a3 * inverse) >> 30);
        }

        private void UpdateEuler()
        {
            long a0 = q0, a1 = q1, a2 = q2, a3 = q3;

            int rollY = (int)((a0 * a1 + a2 * a3) >> 29);
            int rollX = (int)(OneQ30 - ((a1 * a1 + a2 * a2) >> 29));
            attitude.Roll = Trig.Atan2(rollY, rollX);

            attitude.Pitch = Trig.AsinQ30((a0 * a2 - a1 * a3) >> 29);
        }
    }
}
