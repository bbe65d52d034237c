using System;

namespace LiquidFlight.Core.Sensors.Imu
{
    /// <summary>
    /// Boot-time gyro bias measurement while the craft stands still: averages a batch of samples per axis (a batch
    /// spans <see cref="BatchUs"/> of sample time, so it means the same at any IMU or loop rate) and
    /// accepts the mean as the bias only if the batch shows no motion (per-axis standard deviation under a limit)
    /// and the mean is plausible for a zero-rate offset. A rejected batch is discarded and collection starts over,
    /// as Betaflight does, so bumping the craft during boot only delays arming.
    /// Feed it samples converted with zero bias (<see cref="ImuSampleConverter.ClearGyroBias"/>), then apply
    /// the result with <see cref="ApplyTo"/>.
    /// </summary>
    public sealed class GyroCalibrator
    {
        /// <summary>Sample time one batch spans (µs of sample timestamps).</summary>
        public readonly long BatchUs;

        /// <summary>Fewest samples a batch needs, whatever its span.</summary>
        public const int MinimumSamples = 16;

        /// <summary>Most samples a batch holds (the squared sums' range, see Variance): 65 s at 8 kHz.</summary>
        public const int MaximumSamples = 1 << 19;

        /// <summary>Largest accepted per-axis standard deviation, rad/s Q16.16.</summary>
        public readonly int MaxDeviation;

        /// <summary>Largest accepted |bias| per axis, rad/s Q16.16.</summary>
        public readonly int MaxBias;

        public bool IsCalibrated;
        public int BiasX;
        public int BiasY;
        public int BiasZ;

        /// <summary>Batches discarded since construction or <see cref="Restart"/>.</summary>
        public int Rejections;

        /// <summary>Largest per-axis variance of the last finished batch, (rad/s)^2 in Q16.16 units squared.</summary>
        public long LastVariance;

        /// <summary>64 rad/s in Q16.16, about 3700 deg/s.</summary>
        private const int RateLimit = 64 * 65536;

        private readonly long maxVariance;
        private bool batchOutOfRange;
        private int count;
        private long batchStartUs;
        private long sumX;
        private long sumY;
        private long sumZ;
        private long sumSqX;
        private long sumSqY;
        private long sumSqZ;

        /// <param name="batchUs">Sample time per batch, 10 ms .. 60 s (e.g. 1 s).</param>
        /// <param name="maxDeviation">Motion limit, rad/s Q16.16 (default choice: 2 deg/s = 2287).</param>
        /// <param name="maxBias">Plausibility limit, rad/s Q16.16 (default choice: 30 deg/s = 34315, above the
        /// MPU-6050's +-20 deg/s initial zero-rate tolerance).</param>
        public GyroCalibrator(long batchUs, int maxDeviation, int maxBias)
        {
            if (batchUs < 10000 || batchUs > 60000000)
            {
                throw new ArgumentException("batchUs must be 10000..60000000");
            }

            if (maxDeviation <= 0 || maxBias <= 0)
            {
                throw new ArgumentException("calibration limits must be positive");
            }

            BatchUs = batchUs;
            MaxDeviation = maxDeviation;
            MaxBias = maxBias;
            maxVariance = (long)maxDeviation * maxDeviation;
        }

        /// <summary>Forgets the bias and any partial batch.</summary>
        public void Restart()
        {
            IsCalibrated = false;
            BiasX = 0;
            BiasY = 0;
            BiasZ = 0;
            Rejections = 0;
            ClearBatch();
        }

        /// <summary>Adds one sample; after the last of a batch, decides. Samples after completion are ignored.</summary>
        public GyroCalibrationStatus AddSample(ref ImuSample sample)
        {
            if (IsCalibrated)
            {
                return GyroCalibrationStatus.Complete;
            }

            if (count == 0)
            {
                batchStartUs = sample.TimestampUs;
            }

            long x = sample.GyroX;
            long y = sample.GyroY;
            long z = sample.GyroZ;
            if (x > RateLimit || x < -RateLimit || y > RateLimit || y < -RateLimit || z > RateLimit || z < -RateLimit)
            {
                // Far beyond any gyro's full scale: certainly motion; clamped so the squared sums cannot overflow.
                batchOutOfRange = true;
                x = 0;
                y = 0;
                z = 0;
            }

            sumX += x;
            sumY += y;
            sumZ += z;
            sumSqX += x * x;
            sumSqY += y * y;
            sumSqZ += z * z;
            count++;
            if (count >= MaximumSamples && sample.TimestampUs - batchStartUs < BatchUs)
            {
                // Sample time is not advancing (a stuck clock): start over before the sums could overflow.
                ClearBatch();
                return GyroCalibrationStatus.Collecting;
            }

            if (count < MinimumSamples || sample.TimestampUs - batchStartUs < BatchUs)
            {
                return GyroCalibrationStatus.Collecting;
            }

            long variance = Variance(sumX, sumSqX, count);
            long v = Variance(sumY, sumSqY, count);
            if (v > variance)
            {
                variance = v;
            }

            v = Variance(sumZ, sumSqZ, count);
            if (v > variance)
            {
                variance = v;
            }

            LastVariance = variance;
            int meanX = RoundedMean(sumX, count);
            int meanY = RoundedMean(sumY, count);
            int meanZ = RoundedMean(sumZ, count);
            bool outOfRange = batchOutOfRange;
            ClearBatch();
            if (variance > maxVariance || outOfRange)
            {
                Rejections++;
                return GyroCalibrationStatus.RejectedMotion;
            }

            if (Abs(meanX) > MaxBias || Abs(meanY) > MaxBias || Abs(meanZ) > MaxBias)
            {
                Rejections++;
                return GyroCalibrationStatus.RejectedBias;
            }

            BiasX = meanX;
            BiasY = meanY;
            BiasZ = meanZ;
            IsCalibrated = true;
            return GyroCalibrationStatus.Complete;
        }

        public void ApplyTo(ImuSampleConverter converter)
        {
            converter.SetGyroBias(BiasX, BiasY, BiasZ);
        }

        private void ClearBatch()
        {
            count = 0;
            sumX = 0;
            sumY = 0;
            sumZ = 0;
            sumSqX = 0;
            sumSqY = 0;
            sumSqZ = 0;
            batchOutOfRange = false;
        }

        // Population variance E[x^2] - E[x]^2. With |x| <= 64 rad/s (2^22 Q16) a square is below 2^44, so the
        // squared sums stay below 2^63 for 2^19 samples: 60 s at 8 kHz.
        private static long Variance(long sum, long sumSq, int n)
        {
            long mean = sum / n;
            long v = sumSq / n - mean * mean;
            return v < 0 ? 0 : v;
        }

        private static int RoundedMean(long sum, int n)
        {
            long half = n / 2;
            return (int)(sum >= 0 ? (sum + half) / n : -((-sum + half) / n));
        }

        private static int Abs(int v)
        {
            return v < 0 ? -v : v;
        }
    }
}
