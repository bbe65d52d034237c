#nullable disable
namespace LiquidFlight.Core.Tests.Sensors
{
    using LiquidFlight.Core.FixedPoint;

    /// <summary>
    /// The plain twin of Core's AttitudeEstimator: its code before the per-cycle path was written out into one method
    /// (helpers as separate methods, the quaternion in fields between them). AttitudeEstimatorTwinTests demands the
    /// same bits from both. Do not optimise this copy; the documentation is Core's.
    /// </summary>
    internal sealed class PlainAttitudeEstimator
    {
        public const int OneQ30 = 1 << 30;

        public const int GravityQ16 = 642689;

        private const int MaxRateQ16 = 64 << 16;

        private const long MaxBiasQ32 = 22938L << 16;

        public int Kp;

        public int Ki;

        public int AccelTrustBand;

        public long MaxDtUs = 20000;

        private const long HardMaxDtUs = 20000;

        private const int MaxGainQ16 = 64 << 16;

        private int q0 = OneQ30;
        private int q1;
        private int q2;
        private int q3;
        private long biasXQ32;
        private long biasYQ32;
        private long biasZQ32;
        private int roll;
        private int pitch;
        private bool initialised;
        private bool accelUsed;
        // Samples integrated since the reset (their index decides the phase) and the time since the last correction.
        private long integrated;
        private long sinceCorrectionUs;
        // The half rotation vector (Q30) an even-phase sample left for the next sample to apply with its own.
        private long pendingX;
        private long pendingY;
        private long pendingZ;

        private const long SmallTurnQ30 = OneQ30 >> 8;
        private const int Period = 4;
        private const int CorrectionPhase = 2;

        // Squared accelerometer trust bounds (Q32) for accelBoundsBand (see AccelNearOneG).
        private bool accelBoundsValid;
        private int accelBoundsBand;
        private long accelLowSquared;
        private long accelHighSquared;

        public PlainAttitudeEstimator(int kp, int ki, int accelTrustBand)
        {
            Kp = kp;
            Ki = ki;
            AccelTrustBand = accelTrustBand;
        }

        public int Roll => roll;

        public int Pitch => pitch;

        public int Yaw => Heading();

        public int Q0 => q0;
        public int Q1 => q1;
        public int Q2 => q2;
        public int Q3 => q3;

        public int BiasX => (int)(biasXQ32 >> 16);
        public int BiasY => (int)(biasYQ32 >> 16);
        public int BiasZ => (int)(biasZQ32 >> 16);

        public bool Initialised => initialised;

        public bool AccelUsed => accelUsed;

        public void Reset()
        {
            q0 = OneQ30;
            q1 = 0;
            q2 = 0;
            q3 = 0;
            biasXQ32 = 0;
            biasYQ32 = 0;
            biasZQ32 = 0;
            roll = 0;
            pitch = 0;
            initialised = false;
            accelUsed = false;
            integrated = 0;
            sinceCorrectionUs = 0;
            pendingX = 0;
            pendingY = 0;
            pendingZ = 0;
        }

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
            pendingX = 0;
            pendingY = 0;
            pendingZ = 0;
            Normalise();
            UpdateEuler();
            initialised = true;
        }

        public void Update(int gyroX, int gyroY, int gyroZ, int accelX, int accelY, int accelZ, long dtUs)
        {
            bool accelValid = AccelNearOneG(accelX, accelY, accelZ);
            accelUsed = false;
            if (!initialised)
            {
                if (accelValid)
                {
                    AlignToAccel(accelX, accelY, accelZ);
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

            if (dtUs > MaxDtUs)
            {
                dtUs = MaxDtUs;
            }

            if (dtUs > HardMaxDtUs)
            {
                dtUs = HardMaxDtUs;
            }

            // The rate clamps (Q16.Clamp) are written out in this method: it runs every cycle and the interpreter
            // does not inline calls.
            long wx = gyroX < -MaxRateQ16 ? -MaxRateQ16 : (gyroX > MaxRateQ16 ? MaxRateQ16 : gyroX);
            long wy = gyroY < -MaxRateQ16 ? -MaxRateQ16 : (gyroY > MaxRateQ16 ? MaxRateQ16 : gyroY);
            long wz = gyroZ < -MaxRateQ16 ? -MaxRateQ16 : (gyroZ > MaxRateQ16 ? MaxRateQ16 : gyroZ);

            // Half the step in seconds, Q30: dt/2 = dtUs * 2^29 / 1e6.
            long halfDtQ30 = (dtUs << 29) / Q16.MicrosPerSecond;

            // Decimation: of every four samples integrated since the reset, the first extracts the angles and the
            // third corrects from the accelerometer over the time since the last correction.
            long phase = integrated % Period;
            integrated++;
            bool correct = phase == CorrectionPhase;
            long spanUs = sinceCorrectionUs + dtUs;
            sinceCorrectionUs = correct ? 0 : spanUs;

            if (correct && accelValid)
            {
                accelUsed = true;

                // Measured "down" in body axes: the accelerometer reads the reaction to gravity, so down = -a / g
                // (Q16.16; its length is within the trust band of 1, which only scales the gain slightly).
                long mx = -((long)accelX << 16) / GravityQ16;
                long my = -((long)accelY << 16) / GravityQ16;
                long mz = -((long)accelZ << 16) / GravityQ16;

                // Estimated "down" in body axes: third row of the body-from-world rotation (Q30).
                long vx = ((long)q1 * q3 - (long)q0 * q2) >> 29;
                long vy = ((long)q0 * q1 + (long)q2 * q3) >> 29;
                long vz = ((long)q0 * q0 - (long)q1 * q1 - (long)q2 * q2 + (long)q3 * q3) >> 30;

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
                    ki = ki > MaxGainQ16 ? MaxGainQ16 : ki;
                    biasXQ32 = IntegrateBias(biasXQ32, ki * ex, spanUs);
                    biasYQ32 = IntegrateBias(biasYQ32, ki * ey, spanUs);
                    biasZQ32 = IntegrateBias(biasZQ32, ki * ez, spanUs);
                }

                int gain = Kp;
                long kp = gain < 0 ? 0 : (gain > MaxGainQ16 ? MaxGainQ16 : gain);
                kp = kp * spanUs / dtUs;
                wx += (kp * ex) >> 16;
                wy += (kp * ey) >> 16;
                wz += (kp * ez) >> 16;
            }

            // Clamps as statements: a rate in range costs two compares and no store on the interpreter.
            wx += biasXQ32 >> 16;
            if (wx > MaxRateQ16) { wx = MaxRateQ16; } else if (wx < -MaxRateQ16) { wx = -MaxRateQ16; }
            wy += biasYQ32 >> 16;
            if (wy > MaxRateQ16) { wy = MaxRateQ16; } else if (wy < -MaxRateQ16) { wy = -MaxRateQ16; }
            wz += biasZQ32 >> 16;
            if (wz > MaxRateQ16) { wz = MaxRateQ16; } else if (wz < -MaxRateQ16) { wz = -MaxRateQ16; }

            // Half rotation vector h = omega dt / 2, Q30: an even-phase sample (angles or correction) leaves it to
            // the next sample, which rotates by the sum.
            long hx = (wx * halfDtQ30) >> 16;
            long hy = (wy * halfDtQ30) >> 16;
            long hz = (wz * halfDtQ30) >> 16;
            if (phase % 2 == 0)
            {
                pendingX = hx;
                pendingY = hy;
                pendingZ = hz;
                if (phase == 0)
                {
                    // The quaternion is current to the previous sample: its angles, advanced below.
                    UpdateEuler();
                }
            }
            else
            {
                long turn = Rotate(hx + pendingX, hy + pendingY, hz + pendingZ);
                pendingX = 0;
                pendingY = 0;
                pendingZ = 0;

                // Always normalised before an angles sample; the other rotating sample leaves a turn of less than
                // |h|^2 = 2^-8 unnormalised.
                if (phase == Period - 1 || turn >= SmallTurnQ30)
                {
                    Normalise();
                }
            }

            AdvanceAngles(wx, wy, halfDtQ30);
        }

        // Every sample: roll and pitch advance by the applied body rates over dt.
        private void AdvanceAngles(long wx, long wy, long halfDtQ30)
        {
            long rollStep = ((wx * halfDtQ30) >> 16) >> 13;
            long pitchStep = ((wy * halfDtQ30) >> 16) >> 13;
            long r = roll + rollStep;
            if (r > Trig.Pi)
            {
                r -= 2 * Trig.Pi;
            }
            else if (r < -Trig.Pi)
            {
                r += 2 * Trig.Pi;
            }

            roll = (int)r;
            pitch = (int)Math.Clamp(pitch + pitchStep, -Trig.HalfPi, Trig.HalfPi);
        }

        private bool AccelNearOneG(int ax, int ay, int az)
        {
            long squared = (long)ax * ax + (long)ay * ay + (long)az * az; // Q32, at most 3 * 2^62: see below
            if (squared < 0)
            {
                // Only three int.MinValue-sized components overflow the sum; that is not gravity.
                return false;
            }

            // The squared bounds change only with AccelTrustBand (a public field): recomputed when it does.
            int band = AccelTrustBand;
            if (!accelBoundsValid || band != accelBoundsBand)
            {
                int clamped = Q16.Clamp(band, 0, Q16.One);
                long low = (long)(Q16.One - clamped) * GravityQ16 >> 16;
                long high = (long)(Q16.One + clamped) * GravityQ16 >> 16;
                accelLowSquared = low * low;
                accelHighSquared = high * high;
                accelBoundsBand = band;
                accelBoundsValid = true;
            }

            return squared >= accelLowSquared && squared <= accelHighSquared;
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

        private static long IntegrateBias(long biasQ32, long rate, long dtUs)
        {
            // Ki <= 2^22 and |error| < 2^18, so rate * span (span <= 4 * 20 ms < 2^17 µs) stays below 2^57.
            long next = biasQ32 + rate * dtUs / Q16.MicrosPerSecond;
            if (next > MaxBiasQ32)
            {
                return MaxBiasQ32;
            }

            return next < -MaxBiasQ32 ? -MaxBiasQ32 : next;
        }

        // Rotates q by the half rotation vector h (Q30) and returns |h|^2 (Q30).
        private long Rotate(long hx, long hy, long hz)
        {
            long n = (hx * hx + hy * hy + hz * hz) >> 30;

            // r = (cos|h|, sin|h| h/|h|) to third order.
            long r0 = OneQ30 - n / 2;
            long s = OneQ30 - n / 6;
            long rx = (hx * s) >> 30;
            long ry = (hy * s) >> 30;
            long rz = (hz * s) >> 30;

            long a0 = q0, a1 = q1, a2 = q2, a3 = q3;
            long p0 = (a0 * r0 - a1 * rx - a2 * ry - a3 * rz) >> 30;
            long p1 = (a0 * rx + a1 * r0 + a2 * rz - a3 * ry) >> 30;
            long p2 = (a0 * ry - a1 * rz + a2 * r0 + a3 * rx) >> 30;
            long p3 = (a0 * rz + a1 * ry - a2 * rx + a3 * r0) >> 30;

            q0 = (int)p0;
            q1 = (int)p1;
            q2 = (int)p2;
            q3 = (int)p3;
            return n;
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
            roll = Trig.Atan2(rollY, rollX);

            pitch = Trig.AsinQ30((a0 * a2 - a1 * a3) >> 29);
        }

        private int Heading()
        {
            long a0 = q0, a1 = q1, a2 = q2, a3 = q3;
            int yawY = (int)((a0 * a3 + a1 * a2) >> 29);
            int yawX = (int)(OneQ30 - ((a2 * a2 + a3 * a3) >> 29));
            return Trig.Atan2(yawY, yawX);
        }
    }
}
