using System;
using LiquidFlight.Core.Sensors;

namespace LiquidFlight.Core.Safety
{
    /// <summary>
    /// Health of the IMU judged from the converted samples the flight loop receives, whatever the host: no new
    /// sample for <see cref="StaleTimeoutUs"/> (a dropout: dead bus, stalled driver, simulator fault), or the same
    /// six values for <see cref="FrozenSampleLimit"/> new samples in a row (a stuck sensor: real noise always moves
    /// the low bits). Complements <see cref="Sensors.Imu.ImuHealthMonitor"/>, which sees raw bytes and bus errors
    /// on the board.
    /// </summary>
    public sealed class ImuSampleWatch
    {
        public readonly long StaleTimeoutUs;
        public readonly int FrozenSampleLimit;

        public bool HasSample;
        public long LastNewSampleUs;
        public int RepeatedSamples;

        private int gx;
        private int gy;
        private int gz;
        private int ax;
        private int ay;
        private int az;

        /// <param name="staleTimeoutUs">Longest gap between new samples (default choice 50 ms).</param>
        /// <param name="frozenSampleLimit">New samples identical to the previous one that mean stuck (default choice 50).</param>
        public ImuSampleWatch(long staleTimeoutUs, int frozenSampleLimit)
        {
            if (staleTimeoutUs <= 0 || frozenSampleLimit < 1)
            {
                throw new ArgumentException("IMU watch limits must be positive");
            }

            StaleTimeoutUs = staleTimeoutUs;
            FrozenSampleLimit = frozenSampleLimit;
        }

        public void Observe(long nowUs, ref ImuSample sample, bool isNew)
        {
            if (!isNew)
            {
                return;
            }

            bool same = HasSample && sample.GyroX == gx && sample.GyroY == gy && sample.GyroZ == gz
                        && sample.AccelX == ax && sample.AccelY == ay && sample.AccelZ == az;
            if (same)
            {
                if (RepeatedSamples < int.MaxValue)
                {
                    RepeatedSamples++;
                }
            }
            else
            {
                RepeatedSamples = 0;
                gx = sample.GyroX;
                gy = sample.GyroY;
                gz = sample.GyroZ;
                ax = sample.AccelX;
                ay = sample.AccelY;
                az = sample.AccelZ;
            }

            HasSample = true;
            LastNewSampleUs = nowUs;
        }

        public bool IsStale(long nowUs)
        {
            return !HasSample || nowUs - LastNewSampleUs > StaleTimeoutUs;
        }

        public bool IsFrozen()
        {
            return RepeatedSamples >= FrozenSampleLimit;
        }
    }
}
