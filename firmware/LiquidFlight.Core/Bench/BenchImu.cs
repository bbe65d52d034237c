using LiquidFlight.Core.Sensors.Imu;

namespace LiquidFlight.Core.Bench
{
    /// <summary>
    /// A synthetic MPU-6050 (±2000 deg/s, ±16 g) for bench flights: every read is a fresh 14-byte burst whose
    /// words the bench sets (raw counts, device axes) plus a few LSB of seeded noise on every word, as real parts
    /// always show. Integer-only and allocation-free, so it runs on the board as well as in il-count.
    /// </summary>
    public sealed class BenchImu : IImuSource
    {
        /// <summary>Accelerometer counts of 1 g at ±16 g (2048 LSB/g).</summary>
        public const int OneGCounts = 2048;

        /// <summary>Raw counts the next bursts carry: accel x, y, z, gyro x, y, z (chip axes: x forward, y left, z up; level and still reads +1 g on z).</summary>
        public int AccelX;
        public int AccelY;
        public int AccelZ = OneGCounts;
        public int GyroX;
        public int GyroY;
        public int GyroZ;

        /// <summary>Noise amplitude, counts (uniform in ±Noise).</summary>
        public int Noise = 3;

        /// <summary>Latency between the sample and the read, µs (the stamp is the read time minus this).</summary>
        public int LatencyUs = 50;

        public long Reads;

        /// <summary>
        /// The next reads that find no new sample (then counted down): one shifts which cycles the estimator's
        /// samples fall on relative to the executive's slots (il-count measures the worst cycle both ways).
        /// </summary>
        public int MissedReads;

        private uint random = 20261202;

        public static ImuDeviceProfile Profile()
        {
            return ImuDeviceProfile.Mpu6050(GyroRange.Dps2000, AccelRange.G16, Mpu6050LowPass.Hz98, 0);
        }

        public ImuReadStatus Read(long nowUs, ImuReadout readout)
        {
            Reads++;
            if (MissedReads > 0)
            {
                MissedReads--;
                return ImuReadStatus.NoData;
            }

            byte[] b = readout.Burst;
            Put(b, 0, AccelX);
            Put(b, 2, AccelY);
            Put(b, 4, AccelZ);
            // Temperature word: about 30 degC (raw / 340 + 36.53).
            Put(b, 6, -2220);
            Put(b, 8, GyroX);
            Put(b, 10, GyroY);
            Put(b, 12, GyroZ);
            readout.TimestampUs = nowUs - LatencyUs;
            return ImuReadStatus.Burst;
        }

        private void Put(byte[] b, int offset, int counts)
        {
            random = random * 1664525u + 1013904223u;
            int n = Noise;
            int v = counts + (n > 0 ? (int)(random >> 16) % (2 * n + 1) - n : 0);
            if (v > 32767)
            {
                v = 32767;
            }
            else if (v < -32768)
            {
                v = -32768;
            }

            b[offset] = (byte)(v >> 8);
            b[offset + 1] = (byte)v;
        }
    }
}
