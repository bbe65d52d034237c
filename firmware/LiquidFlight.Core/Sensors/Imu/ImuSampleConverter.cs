namespace LiquidFlight.Core.Sensors.Imu
{
    /// <summary>
    /// Turns one raw burst read (big-endian signed 16-bit words, device layout from <see cref="ImuDeviceProfile"/>)
    /// into an <see cref="ImuSample"/>: board alignment to FRD, LSB to SI units in Q16.16, gyro bias removed.
    /// Integer-only and allocation-free; called once per cycle by the driver with its reused burst buffer.
    /// </summary>
    public sealed class ImuSampleConverter
    {
        public readonly ImuDeviceProfile Profile;
        public readonly AxisAlignment Alignment;

        /// <summary>Raw temperature word of the last burst (see <see cref="TemperatureCentiC"/>).</summary>
        public int RawTemperature;

        /// <summary>Gyro bias in the body frame, rad/s Q16.16, subtracted from every converted sample (<see cref="SetGyroBias"/>).</summary>
        public int GyroBiasX
        {
            get { return gyroBiasX; }
        }

        public int GyroBiasY
        {
            get { return gyroBiasY; }
        }

        public int GyroBiasZ
        {
            get { return gyroBiasZ; }
        }

        // Alignment and sign are folded into per-body-axis byte offsets and signed scales at construction, so a
        // conversion is six "read word, multiply, shift" steps with no look-ups or calls (about 220 IL
        // instructions instead of about 440 through AxisAlignment.Apply).
        private readonly int accelXOffset;
        private readonly int accelYOffset;
        private readonly int accelZOffset;
        private readonly int gyroXOffset;
        private readonly int gyroYOffset;
        private readonly int gyroZOffset;
        private readonly int temperatureOffset;
        private readonly long accelXScale;
        private readonly long accelYScale;
        private readonly long accelZScale;
        private readonly long gyroXScale;
        private readonly long gyroYScale;
        private readonly long gyroZScale;

        // The one-pass Convert: the burst layout (accelerometer words first, as on the MPU-6050, or after the
        // temperature word, as on the ICM-42688-P; anything else takes the general path), the alignment's axis
        // permutation as a code (see Permutation), and per gyro axis the rounding half with the bias folded in:
        // ((w * scale + 2^15) >> 16) - bias == (w * scale + 2^15 - bias * 2^16) >> 16, exactly (modulo 2^32 as the
        // int subtraction).
        private int gyroBiasX;
        private int gyroBiasY;
        private int gyroBiasZ;
        private readonly int layout;
        private readonly int permutation;
        // Read by the board cycle without a call (see OutputWithinLimits).
        internal bool outputWithinLimits;

        // The health monitor's verdict right after the last one-pass Convert reported its burst (IsHealthy at that
        // Convert's nowUs): read by the board cycle instead of a second call (see ReadHealthy).
        internal bool readHealthy;
        private int gyroLimit = -1;
        private int accelLimit = -1;
        private long gyroXRound = 32768;
        private long gyroYRound = 32768;
        private long gyroZRound = 32768;

        private const int LayoutGeneral = 0;
        private const int LayoutAccelFirst = 1;
        private const int LayoutTemperatureFirst = 2;

        public ImuSampleConverter(ImuDeviceProfile profile, AxisAlignment alignment)
        {
            Profile = profile;
            Alignment = alignment;
            accelXOffset = profile.AccelOffset + 2 * alignment.SourceX;
            accelYOffset = profile.AccelOffset + 2 * alignment.SourceY;
            accelZOffset = profile.AccelOffset + 2 * alignment.SourceZ;
            gyroXOffset = profile.GyroOffset + 2 * alignment.SourceX;
            gyroYOffset = profile.GyroOffset + 2 * alignment.SourceY;
            gyroZOffset = profile.GyroOffset + 2 * alignment.SourceZ;
            temperatureOffset = profile.TemperatureOffset;
            accelXScale = (long)alignment.SignX * profile.AccelScale;
            accelYScale = (long)alignment.SignY * profile.AccelScale;
            accelZScale = (long)alignment.SignZ * profile.AccelScale;
            gyroXScale = (long)alignment.SignX * profile.GyroScale;
            gyroYScale = (long)alignment.SignY * profile.GyroScale;
            gyroZScale = (long)alignment.SignZ * profile.GyroScale;
            if (profile.AccelOffset == 0 && profile.TemperatureOffset == 6 && profile.GyroOffset == 8)
            {
                layout = LayoutAccelFirst;
            }
            else if (profile.AccelOffset == 2 && profile.TemperatureOffset == 0 && profile.GyroOffset == 8)
            {
                layout = LayoutTemperatureFirst;
            }
            else
            {
                layout = LayoutGeneral;
            }

            permutation = Permutation(alignment.SourceX, alignment.SourceY, alignment.SourceZ);
        }

        public void SetGyroBias(int biasX, int biasY, int biasZ)
        {
            gyroBiasX = biasX;
            gyroBiasY = biasY;
            gyroBiasZ = biasZ;
            gyroXRound = 32768 - ((long)biasX << 16);
            gyroYRound = 32768 - ((long)biasY << 16);
            gyroZRound = 32768 - ((long)biasZ << 16);
            UpdateWithinLimits();
        }

        /// <summary>
        /// Whether every sample this converter can give, for any words read, has its rates within +-the gyro limit and
        /// its specific force within +-the accelerometer limit of <see cref="SetOutputLimits"/>, with the present gyro
        /// bias (false until limits are set). The flight loop then need not clamp a converted sample again.
        /// </summary>
        public bool OutputWithinLimits
        {
            get { return outputWithinLimits; }
        }

        /// <summary>
        /// The health verdict of the last one-pass <see cref="Convert(byte[], long, ref ImuSample, ImuHealthMonitor, long)"/>:
        /// its monitor's <see cref="ImuHealthMonitor.IsHealthy"/> at that call's time, right after the report.
        /// </summary>
        public bool ReadHealthy
        {
            get { return readHealthy; }
        }

        /// <summary>
        /// The limits <see cref="OutputWithinLimits"/> is judged against (rad/s and m/s^2 Q16.16, the flight loop's
        /// clamps); a negative limit means none (never within).
        /// </summary>
        public void SetOutputLimits(int maxGyro, int maxAccel)
        {
            gyroLimit = maxGyro;
            accelLimit = maxAccel;
            UpdateWithinLimits();
        }

        private void UpdateWithinLimits()
        {
            outputWithinLimits = gyroLimit >= 0 && accelLimit >= 0
                && OutputBound(gyroXScale, gyroXRound) <= gyroLimit && OutputBound(gyroYScale, gyroYRound) <= gyroLimit
                && OutputBound(gyroZScale, gyroZRound) <= gyroLimit && OutputBound(accelXScale, 32768) <= accelLimit
                && OutputBound(accelYScale, 32768) <= accelLimit && OutputBound(accelZScale, 32768) <= accelLimit;
        }

        // The largest |(w * scale + round) >> 16| over every signed 16-bit word w (the map is monotonic in w, so one
        // of the two extreme words), before Convert's int conversion: a bound above the int range fails every limit.
        private static long OutputBound(long scale, long round)
        {
            long low = ((-32768 * scale) + round) >> 16;
            long high = ((32767 * scale) + round) >> 16;
            low = low < 0 ? -low : low;
            high = high < 0 ? -high : high;
            return low > high ? low : high;
        }

        public void ClearGyroBias()
        {
            SetGyroBias(0, 0, 0);
        }

        /// <summary>
        /// Converts <see cref="ImuDeviceProfile.BurstLength"/> bytes at <paramref name="offset"/> of
        /// <paramref name="burst"/> into <paramref name="sample"/>, stamped <paramref name="timestampUs"/>.
        /// Returns false (sample untouched) if the buffer is too short.
        /// </summary>
        public bool Convert(byte[] burst, int offset, long timestampUs, ref ImuSample sample)
        {
            if (burst == null || offset < 0 || offset + ImuDeviceProfile.BurstLength > burst.Length)
            {
                return false;
            }

            // Products stay within 41 bits (|word| <= 32768, |scale| < 2^25); + 2^15 >> 16 rounds to nearest.
            int i = offset + accelXOffset;
            sample.AccelX = (int)(((short)((burst[i] << 8) | burst[i + 1]) * accelXScale + 32768) >> 16);
            i = offset + accelYOffset;
            sample.AccelY = (int)(((short)((burst[i] << 8) | burst[i + 1]) * accelYScale + 32768) >> 16);
            i = offset + accelZOffset;
            sample.AccelZ = (int)(((short)((burst[i] << 8) | burst[i + 1]) * accelZScale + 32768) >> 16);
            i = offset + gyroXOffset;
            sample.GyroX = (int)(((short)((burst[i] << 8) | burst[i + 1]) * gyroXScale + gyroXRound) >> 16);
            i = offset + gyroYOffset;
            sample.GyroY = (int)(((short)((burst[i] << 8) | burst[i + 1]) * gyroYScale + gyroYRound) >> 16);
            i = offset + gyroZOffset;
            sample.GyroZ = (int)(((short)((burst[i] << 8) | burst[i + 1]) * gyroZScale + gyroZRound) >> 16);
            i = offset + temperatureOffset;
            RawTemperature = (short)((burst[i] << 8) | burst[i + 1]);
            sample.TimestampUs = timestampUs;
            return true;
        }

        /// <summary>
        /// The board cycle's read: converts the <see cref="ImuDeviceProfile.BurstLength"/>-byte burst at the start
        /// of <paramref name="burst"/> (an <see cref="ImuReadout.Burst"/>) into <paramref name="sample"/>, stamped
        /// <paramref name="timestampUs"/>, and reports the read to <paramref name="health"/> at <paramref name="nowUs"/>,
        /// reading every byte once for both. The same as <see cref="ImuHealthMonitor.ReportRead"/> followed by
        /// <see cref="Convert(byte[], int, long, ref ImuSample)"/> at offset 0 (a test compares them with the plain
        /// versions over every alignment and both devices). Returns false (nothing converted or reported) if the
        /// buffer is shorter than a burst.
        /// </summary>
        /// <remarks>
        /// Written out for the interpreter: the seven words are read at constant indices, in the device's burst
        /// order, packed for the health monitor's frozen comparison and screened for full scale with one unsigned
        /// compare per axis word; the alignment's permutation was resolved at construction to a code and its signs
        /// folded into the scales, so the identity costs one switch and a 90-degree mounting three exchanges.
        /// </remarks>
        public bool Convert(byte[] burst, long timestampUs, ref ImuSample sample, ImuHealthMonitor health, long nowUs)
        {
            if (burst.Length < ImuDeviceProfile.BurstLength)
            {
                return false;
            }

            int lay = layout;
            if (lay == LayoutGeneral)
            {
                readHealthy = health.ReportRead(burst, 0, nowUs);
                return Convert(burst, 0, timestampUs, ref sample);
            }

            int w0 = (short)((burst[0] << 8) | burst[1]);
            int w1 = (short)((burst[2] << 8) | burst[3]);
            int w2 = (short)((burst[4] << 8) | burst[5]);
            int w3 = (short)((burst[6] << 8) | burst[7]);
            int gx = (short)((burst[8] << 8) | burst[9]);
            int gy = (short)((burst[10] << 8) | burst[11]);
            int gz = (short)((burst[12] << 8) | burst[13]);
            int p0 = (w0 << 16) ^ w1;
            int p1 = (w2 << 16) ^ w3;
            int ax;
            int ay;
            int az;
            if (lay == LayoutAccelFirst)
            {
                ax = w0;
                ay = w1;
                az = w2;
                RawTemperature = w3;
            }
            else
            {
                RawTemperature = w0;
                ax = w1;
                ay = w2;
                az = w3;
            }

            // (uint)(w + 32767) >= 65534 holds for 32767 and -32768 only. Screened first by one mask over all six: w + 2^14
            // has no bit from 15 up exactly when w lies in [-2^14, 2^14), half the scale, where flight keeps every axis.
            int fullScale = ImuHealthMonitor.NoFullScale;
            if ((((ax + 16384) | (ay + 16384) | (az + 16384) | (gx + 16384) | (gy + 16384) | (gz + 16384)) & -32768) != 0
                && ((uint)(ax + 32767) >= 65534u || (uint)(ay + 32767) >= 65534u || (uint)(az + 32767) >= 65534u
                || (uint)(gx + 32767) >= 65534u || (uint)(gy + 32767) >= 65534u || (uint)(gz + 32767) >= 65534u))
            {
                fullScale = ax == -32768 && ay == -32768 && az == -32768 && gx == -32768 && gy == -32768 && gz == -32768
                    ? ImuHealthMonitor.EveryAxisAtMinimum
                    : ImuHealthMonitor.SomeAxisAtFullScale;
            }

            // ImuHealthMonitor.ReportWords written out for the case of nearly every flying sample (one call pair fewer
            // per cycle): a burst that changed and has no word at full scale is healthy at once, after the stores of
            // ReportWords' first branch. A frozen burst and one at full scale take the call.
            int p2 = (gx << 16) ^ gy;
            if (fullScale == ImuHealthMonitor.NoFullScale
                && (p0 != health.last01 || p1 != health.last23 || p2 != health.last45 || gz != health.last6 || !health.hasData))
            {
                health.UnchangedSinceUs = nowUs;
                health.last01 = p0;
                health.last23 = p1;
                health.last45 = p2;
                health.last6 = gz;
                if (!health.clean)
                {
                    // Only after a fault or before the first burst: the flags are already so otherwise.
                    health.busErrorRun = false;
                    health.hasData = true;
                    health.invalidData = false;
                    health.saturatedRun = false;
                    health.clean = true;
                }

                readHealthy = true;
            }
            else
            {
                readHealthy = health.ReportWords(p0, p1, p2, gz, fullScale, nowUs);
            }

            // Sensor axes to body axes (the signs are in the scales).
            int t;
            switch (permutation)
            {
                case 1: // x <- y, y <- x
                    t = ax; ax = ay; ay = t;
                    t = gx; gx = gy; gy = t;
                    break;
                case 2: // y <- z, z <- y
                    t = ay; ay = az; az = t;
                    t = gy; gy = gz; gz = t;
                    break;
                case 3: // x <- z, z <- x
                    t = ax; ax = az; az = t;
                    t = gx; gx = gz; gz = t;
                    break;
                case 4: // x <- y, y <- z, z <- x
                    t = ax; ax = ay; ay = az; az = t;
                    t = gx; gx = gy; gy = gz; gz = t;
                    break;
                case 5: // x <- z, y <- x, z <- y
                    t = az; az = ay; ay = ax; ax = t;
                    t = gz; gz = gy; gy = gx; gx = t;
                    break;
            }

            sample.AccelX = (int)((ax * accelXScale + 32768) >> 16);
            sample.AccelY = (int)((ay * accelYScale + 32768) >> 16);
            sample.AccelZ = (int)((az * accelZScale + 32768) >> 16);
            sample.GyroX = (int)((gx * gyroXScale + gyroXRound) >> 16);
            sample.GyroY = (int)((gy * gyroYScale + gyroYRound) >> 16);
            sample.GyroZ = (int)((gz * gyroZScale + gyroZRound) >> 16);
            sample.TimestampUs = timestampUs;
            return true;
        }

        // The code of the permutation (body x, y, z read sensor axes sx, sy, sz) for the one-pass Convert.
        private static int Permutation(int sx, int sy, int sz)
        {
            if (sx == 0)
            {
                return sy == 1 ? 0 : 2;
            }

            if (sx == 1)
            {
                return sy == 0 ? 1 : 4;
            }

            return sy == 1 ? 3 : 5;
        }

        /// <summary>Die temperature of the last burst in hundredths of a degree Celsius (datasheet formulas).</summary>
        public int TemperatureCentiC()
        {
            if (Profile.Kind == ImuDeviceKind.Mpu6050)
            {
                // degC = raw / 340 + 36.53
                return RawTemperature * 100 / 340 + 3653;
            }

            // degC = raw / 132.48 + 25
            return RawTemperature * 10000 / 13248 + 2500;
        }

        /// <summary>Big-endian two's-complement 16-bit word.</summary>
        public static int Word(byte[] bytes, int index)
        {
            return (short)((bytes[index] << 8) | bytes[index + 1]);
        }
    }
}
