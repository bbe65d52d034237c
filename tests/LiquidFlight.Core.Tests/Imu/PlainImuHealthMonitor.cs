using System;

using LiquidFlight.Core.Sensors.Imu;

namespace LiquidFlight.Core.Tests.Imu
{
    /// <summary>
    /// The plain twin of <see cref="ImuHealthMonitor"/>: the version before its read path was hand-inlined (a byte loop
    /// against a copy of the last burst, a per-axis full-scale loop, IsHealthy through Faults). The tests compare the
    /// two; not used by the firmware.
    /// </summary>
    public sealed class PlainImuHealthMonitor
    {
        public readonly long BusErrorUs;
        public readonly long FrozenUs;
        public readonly long SaturatedUs;

        public bool InvalidData;
        public bool HasData;

        public long TotalBusErrors;

        /// <summary>Start (µs) of the current run of failed reads / of identical bursts / of saturated reads.</summary>
        public long BusErrorSinceUs;
        public long UnchangedSinceUs;
        public long SaturatedSinceUs;

        private readonly bool checkInvalidMarker;
        private readonly byte[] lastBurst = new byte[ImuDeviceProfile.BurstLength];
        private readonly int accelOffset;
        private readonly int gyroOffset;
        private bool busErrorRun;
        private bool saturatedRun;

        /// <param name="busErrorUs">Failed reads for this long without a good one make the IMU unhealthy.</param>
        /// <param name="frozenUs">Identical bursts for this long (must exceed the sensor's output period, during
        /// which a faster loop legitimately reads the same registers).</param>
        /// <param name="saturatedUs">An axis at full scale for this long.</param>
        public PlainImuHealthMonitor(ImuDeviceProfile profile, long busErrorUs, long frozenUs, long saturatedUs)
        {
            if (profile == null || busErrorUs < 1 || frozenUs < 1 || saturatedUs < 1)
            {
                throw new ArgumentException("IMU health limits must be positive");
            }

            BusErrorUs = busErrorUs;
            FrozenUs = frozenUs;
            SaturatedUs = saturatedUs;
            checkInvalidMarker = profile.HasInvalidDataMarker;
            accelOffset = profile.AccelOffset;
            gyroOffset = profile.GyroOffset;
        }

        /// <summary>The driver's read failed at <paramref name="nowUs"/> (NACK, timeout, short transfer).</summary>
        public void ReportBusError(long nowUs)
        {
            TotalBusErrors++;
            if (!busErrorRun)
            {
                busErrorRun = true;
                BusErrorSinceUs = nowUs;
            }
        }

        /// <summary>A burst of <see cref="ImuDeviceProfile.BurstLength"/> bytes at <paramref name="offset"/> was read at <paramref name="nowUs"/>.</summary>
        public void ReportRead(byte[] burst, int offset, long nowUs)
        {
            busErrorRun = false;
            int n = ImuDeviceProfile.BurstLength;
            bool same = HasData;
            for (int i = 0; i < n; i++)
            {
                byte b = burst[offset + i];
                if (b != lastBurst[i])
                {
                    same = false;
                    lastBurst[i] = b;
                }
            }

            if (!same)
            {
                UnchangedSinceUs = nowUs;
            }

            HasData = true;
            // Full scale is 0x7FFF or 0x8000 big-endian: compared as bytes, without assembling words.
            bool saturated = false;
            bool allInvalid = true;
            for (int k = 0; k < 12; k += 2)
            {
                int index = offset + (k < 6 ? accelOffset + k : gyroOffset + k - 6);
                int high = burst[index];
                int low = burst[index + 1];
                bool negativeFull = high == 0x80 && low == 0x00;
                if (negativeFull || (high == 0x7F && low == 0xFF))
                {
                    saturated = true;
                }

                if (!negativeFull)
                {
                    allInvalid = false;
                }
            }

            InvalidData = checkInvalidMarker && allInvalid;
            if (saturated && !InvalidData)
            {
                if (!saturatedRun)
                {
                    saturatedRun = true;
                    SaturatedSinceUs = nowUs;
                }
            }
            else
            {
                saturatedRun = false;
            }
        }

        public ImuFaults Faults(long nowUs)
        {
            ImuFaults f = ImuFaults.None;
            if (!HasData)
            {
                f |= ImuFaults.NoData;
            }

            if (busErrorRun && nowUs - BusErrorSinceUs >= BusErrorUs)
            {
                f |= ImuFaults.BusErrors;
            }

            if (HasData && nowUs - UnchangedSinceUs >= FrozenUs)
            {
                f |= ImuFaults.Frozen;
            }

            if (saturatedRun && nowUs - SaturatedSinceUs >= SaturatedUs)
            {
                f |= ImuFaults.Saturated;
            }

            if (InvalidData)
            {
                f |= ImuFaults.InvalidData;
            }

            return f;
        }

        public bool IsHealthy(long nowUs)
        {
            return Faults(nowUs) == ImuFaults.None;
        }
    }
}
