using System;
using LiquidFlight.Core.Sensors;

namespace LiquidFlight.Core.Safety
{
    /// <summary>
    /// Health of the IMU judged from the converted samples the flight loop receives, whatever the source, all by
    /// time: no new sample for <see cref="StaleUs"/> (a dropout), new samples whose timestamps do not advance (or
    /// go backwards) for <see cref="ClockStuckUs"/> (a stuck sample clock: the loop would integrate dt = 0 and
    /// freeze the attitude), and, where no raw bytes are judged (a source of decoded samples such as HIL), a gyro or
    /// accelerometer axis at or beyond the sensor's full scale for <see cref="SaturatedUs"/> (alternating extremes
    /// included) and the same six values for <see cref="FrozenUs"/>. Complements
    /// <see cref="Sensors.Imu.ImuHealthMonitor"/>, which sees raw bytes and bus errors on the board and judges both of
    /// those there (a word at the sensor's own full scale, the bytes unchanged).
    /// </summary>
    public sealed class ImuSampleWatch
    {
        public readonly long StaleUs;
        public readonly long FrozenUs;
        public readonly long SaturatedUs;
        public readonly long ClockStuckUs;

        /// <summary>Judge frozen values here (sources without raw bytes); with raw bytes the byte check decides. Set it
        /// before the first sample: while it is false the values are not tracked (<see cref="UnchangedSinceUs"/> stays
        /// put), which saves the six comparisons on the board.</summary>
        public bool JudgeFrozenValues;

        /// <summary>Judge saturation here (sources without raw bytes: <see cref="GyroFullScale"/> and
        /// <see cref="AccelFullScale"/> are then the sensor's full scale); with raw bytes the health monitor's full-scale
        /// words decide, at the range the sensor is configured for. Configuration, like <see cref="JudgeFrozenValues"/>:
        /// set before the first sample. While it is false no sample is saturated here (<see cref="IsSaturated"/> stays
        /// false), which saves the supervisor's steady path its six-value test on the board.</summary>
        public bool JudgeSaturation = true;

        /// <summary>Full scale of the sensor: |rate| or |specific force| at or above these is saturated (Q16.16).
        /// Configuration, like <see cref="JudgeFrozenValues"/>: set before the first sample (the supervisor's steady
        /// path reads them only when it (re)starts).</summary>
        public int GyroFullScale = 35 * 65536;
        public int AccelFullScale = 156 * 65536;

        public bool HasSample;
        public long LastNewSampleUs;
        public long LastTimestampUs;
        public long UnchangedSinceUs;
        public long SaturatedSinceUs;
        public long ClockStuckSinceUs;

        // Internal for SafetySupervisor's steady path, which runs only while both are false.
        internal bool saturatedRun;
        internal bool clockStuckRun;
        private int gx;
        private int gy;
        private int gz;
        private int ax;
        private int ay;
        private int az;

        public ImuSampleWatch(long staleUs, long frozenUs, long saturatedUs, long clockStuckUs)
        {
            if (staleUs <= 0 || frozenUs <= 0 || saturatedUs <= 0 || clockStuckUs <= 0)
            {
                throw new ArgumentException("IMU watch limits must be positive");
            }

            StaleUs = staleUs;
            FrozenUs = frozenUs;
            SaturatedUs = saturatedUs;
            ClockStuckUs = clockStuckUs;
        }

        public void Observe(long nowUs, ref ImuSample sample, bool isNew)
        {
            if (!isNew)
            {
                return;
            }

            int x = sample.GyroX;
            int y = sample.GyroY;
            int z = sample.GyroZ;
            int a = sample.AccelX;
            int b = sample.AccelY;
            int c = sample.AccelZ;
            if (JudgeFrozenValues && (!HasSample || x != gx || y != gy || z != gz || a != ax || b != ay || c != az))
            {
                UnchangedSinceUs = nowUs;
                gx = x;
                gy = y;
                gz = z;
                ax = a;
                ay = b;
                az = c;
            }

            int g = GyroFullScale;
            int f = AccelFullScale;
            bool saturated = JudgeSaturation && (x >= g || x <= -g || y >= g || y <= -g || z >= g || z <= -g
                             || a >= f || a <= -f || b >= f || b <= -f || c >= f || c <= -f);
            if (!saturated)
            {
                saturatedRun = false;
            }
            else if (!saturatedRun)
            {
                saturatedRun = true;
                SaturatedSinceUs = nowUs;
            }

            long stamp = sample.TimestampUs;
            if (HasSample && stamp <= LastTimestampUs)
            {
                if (!clockStuckRun)
                {
                    clockStuckRun = true;
                    ClockStuckSinceUs = nowUs;
                }
            }
            else
            {
                clockStuckRun = false;
                LastTimestampUs = stamp;
            }

            HasSample = true;
            LastNewSampleUs = nowUs;
        }

        public bool IsStale(long nowUs)
        {
            return !HasSample || nowUs - LastNewSampleUs > StaleUs;
        }

        public bool IsFrozen(long nowUs)
        {
            return JudgeFrozenValues && HasSample && nowUs - UnchangedSinceUs >= FrozenUs;
        }

        public bool IsSaturated(long nowUs)
        {
            return saturatedRun && nowUs - SaturatedSinceUs >= SaturatedUs;
        }

        public bool IsClockStuck(long nowUs)
        {
            return clockStuckRun && nowUs - ClockStuckSinceUs >= ClockStuckUs;
        }

        /// <summary>Any of the four conditions holds at <paramref name="nowUs"/>: the four methods above, inlined (asked
        /// every cycle).</summary>
        public bool IsFailing(long nowUs)
        {
            return !HasSample || nowUs - LastNewSampleUs > StaleUs
                   || (JudgeFrozenValues && nowUs - UnchangedSinceUs >= FrozenUs)
                   || (saturatedRun && nowUs - SaturatedSinceUs >= SaturatedUs)
                   || (clockStuckRun && nowUs - ClockStuckSinceUs >= ClockStuckUs);
        }
    }
}
