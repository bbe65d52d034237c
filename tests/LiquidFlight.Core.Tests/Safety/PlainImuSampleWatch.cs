using System;
using LiquidFlight.Core.Sensors;

using LiquidFlight.Core.Safety;

namespace LiquidFlight.Core.Tests.Safety
{
    /// <summary>
    /// The plain twin of <see cref="ImuSampleWatch"/>: the version before its per-cycle path was cut (values tracked
    /// whether judged or not, IsFailing through the four checks). The tests compare the two; not used by the firmware.
    /// </summary>
    public sealed class PlainImuSampleWatch
    {
        public readonly long StaleUs;
        public readonly long FrozenUs;
        public readonly long SaturatedUs;
        public readonly long ClockStuckUs;

        /// <summary>Judge frozen values here (sources without raw bytes); with raw bytes the byte check decides.</summary>
        public bool JudgeFrozenValues;
        public bool JudgeSaturation = true;

        /// <summary>Full scale of the sensor: |rate| or |specific force| at or above these is saturated (Q16.16).</summary>
        public int GyroFullScale = 35 * 65536;
        public int AccelFullScale = 156 * 65536;

        public bool HasSample;
        public long LastNewSampleUs;
        public long LastTimestampUs;
        public long UnchangedSinceUs;
        public long SaturatedSinceUs;
        public long ClockStuckSinceUs;

        private bool saturatedRun;
        private bool clockStuckRun;
        private int gx;
        private int gy;
        private int gz;
        private int ax;
        private int ay;
        private int az;

        public PlainImuSampleWatch(long staleUs, long frozenUs, long saturatedUs, long clockStuckUs)
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
            if (!HasSample || x != gx || y != gy || z != gz || a != ax || b != ay || c != az)
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

        /// <summary>Any of the four conditions holds at <paramref name="nowUs"/>.</summary>
        public bool IsFailing(long nowUs)
        {
            return IsStale(nowUs) || IsFrozen(nowUs) || IsSaturated(nowUs) || IsClockStuck(nowUs);
        }
    }
}
