using System;

namespace LiquidFlight.Core.Sensors.Imu
{
    /// <summary>
    /// Watches the raw reads of one IMU for the failures that make its samples unusable: bus errors, frozen
    /// output (identical bytes read after read: a hung sensor or a bus returning a stale buffer; real sensor noise
    /// changes the low bits of every read), full-scale saturation, and the device's own invalid-data marker.
    /// Each condition must persist for a number of consecutive reads before it counts, so one glitch does not
    /// stop the motors; a good read clears the counter again. Totals are kept for telemetry.
    /// </summary>
    public sealed class ImuHealthMonitor
    {
        public readonly int BusErrorLimit;
        public readonly int FrozenReadLimit;
        public readonly int SaturatedReadLimit;

        public int ConsecutiveBusErrors;
        public int ConsecutiveFrozenReads;
        public int ConsecutiveSaturatedReads;
        public bool InvalidData;
        public bool HasData;

        public long TotalReads;
        public long TotalBusErrors;

        private readonly bool checkInvalidMarker;
        private readonly byte[] lastBurst = new byte[ImuDeviceProfile.BurstLength];
        private readonly int accelOffset;
        private readonly int gyroOffset;

        /// <param name="busErrorLimit">Consecutive failed reads that make the IMU unhealthy (e.g. 5).</param>
        /// <param name="frozenReadLimit">Consecutive identical bursts (e.g. 50: 100 ms at 500 Hz; must exceed the
        /// repeats a loop faster than the sensor's output rate produces).</param>
        /// <param name="saturatedReadLimit">Consecutive reads with an axis at full scale (e.g. 50).</param>
        public ImuHealthMonitor(ImuDeviceProfile profile, int busErrorLimit, int frozenReadLimit, int saturatedReadLimit)
        {
            if (busErrorLimit < 1 || frozenReadLimit < 2 || saturatedReadLimit < 1)
            {
                throw new ArgumentException("IMU health limits must be positive (frozen limit at least 2)");
            }

            BusErrorLimit = busErrorLimit;
            FrozenReadLimit = frozenReadLimit;
            SaturatedReadLimit = saturatedReadLimit;
            checkInvalidMarker = profile.HasInvalidDataMarker;
            accelOffset = profile.AccelOffset;
            gyroOffset = profile.GyroOffset;
        }

        /// <summary>The driver's read failed (exception, NACK, short transfer).</summary>
        public void ReportBusError()
        {
            TotalBusErrors++;
            if (ConsecutiveBusErrors < int.MaxValue)
            {
                ConsecutiveBusErrors++;
            }
        }

        /// <summary>A burst of <see cref="ImuDeviceProfile.BurstLength"/> bytes at <paramref name="offset"/> was read.</summary>
        public void ReportRead(byte[] burst, int offset)
        {
            TotalReads++;
            ConsecutiveBusErrors = 0;
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

            if (same)
            {
                if (ConsecutiveFrozenReads < int.MaxValue)
                {
                    ConsecutiveFrozenReads++;
                }
            }
            else
            {
                // The first of a run of identical reads is itself a fresh read: a run of k equal bursts counts k-1.
                ConsecutiveFrozenReads = 0;
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
                if (ConsecutiveSaturatedReads < int.MaxValue)
                {
                    ConsecutiveSaturatedReads++;
                }
            }
            else
            {
                ConsecutiveSaturatedReads = 0;
            }
        }

        public ImuFaults Faults()
        {
            ImuFaults f = ImuFaults.None;
            if (!HasData)
            {
                f |= ImuFaults.NoData;
            }

            if (ConsecutiveBusErrors >= BusErrorLimit)
            {
                f |= ImuFaults.BusErrors;
            }

            if (ConsecutiveFrozenReads >= FrozenReadLimit)
            {
                f |= ImuFaults.Frozen;
            }

            if (ConsecutiveSaturatedReads >= SaturatedReadLimit)
            {
                f |= ImuFaults.Saturated;
            }

            if (InvalidData)
            {
                f |= ImuFaults.InvalidData;
            }

            return f;
        }

        public bool IsHealthy()
        {
            return Faults() == ImuFaults.None;
        }
    }
}
