using System;

namespace LiquidFlight.Core.Sensors.Imu
{
    /// <summary>
    /// Watches the raw reads of one IMU for the failures that make its samples unusable: bus errors, frozen
    /// output (identical bytes read after read: a hung sensor or a bus returning a stale buffer; real sensor noise
    /// changes the low bits of every read, the temperature word included), full-scale saturation, and the device's
    /// own invalid-data marker. Each condition must persist for a time (not a number of reads) before it counts,
    /// so a limit means the same at any sample or loop rate and one glitch does not stop the motors; a good read
    /// clears it again. Totals are kept for telemetry.
    /// </summary>
    public sealed class ImuHealthMonitor
    {
        public readonly long BusErrorUs;
        public readonly long FrozenUs;
        public readonly long SaturatedUs;

        public bool InvalidData;
        public bool HasData;

        public long TotalReads;
        public long TotalBusErrors;

        /// <summary>Start (µs) of the current run of failed reads / of identical bursts / of saturated reads.</summary>
        public long BusErrorSinceUs;
        public long UnchangedSinceUs;
        public long SaturatedSinceUs;

        private readonly bool checkInvalidMarker;
        private readonly int accelOffset;
        private readonly int gyroOffset;
        private bool busErrorRun;
        private bool saturatedRun;

        // The last burst as seven big-endian words, the first six packed in pairs (the frozen comparison).
        private int last01;
        private int last23;
        private int last45;
        private int last6;

        /// <param name="busErrorUs">Failed reads for this long without a good one make the IMU unhealthy.</param>
        /// <param name="frozenUs">Identical bursts for this long (must exceed the sensor's output period, during
        /// which a faster loop legitimately reads the same registers).</param>
        /// <param name="saturatedUs">An axis at full scale for this long.</param>
        public ImuHealthMonitor(ImuDeviceProfile profile, long busErrorUs, long frozenUs, long saturatedUs)
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
        /// <remarks>
        /// Hand-inlined for the interpreter: the 14 bytes are read once, as seven big-endian words (both devices put
        /// every word at an even offset), packed two to an int for the frozen comparison (equal packs are equal
        /// bytes), and screened for full scale with one unsigned compare per word; only a burst with a word at
        /// 0x7FFF or 0x8000 (the temperature word included, so a rare false alarm) runs the exact per-axis check.
        /// The tests keep the plain version (PlainImuHealthMonitor) and compare the two.
        /// </remarks>
        public void ReportRead(byte[] burst, int offset, long nowUs)
        {
            TotalReads++;
            busErrorRun = false;
            int o = offset;
            int w0 = (burst[o] << 8) | burst[o + 1];
            int w1 = (burst[o + 2] << 8) | burst[o + 3];
            int w2 = (burst[o + 4] << 8) | burst[o + 5];
            int w3 = (burst[o + 6] << 8) | burst[o + 7];
            int w4 = (burst[o + 8] << 8) | burst[o + 9];
            int w5 = (burst[o + 10] << 8) | burst[o + 11];
            int w6 = (burst[o + 12] << 8) | burst[o + 13];
            int p0 = (w0 << 16) | w1;
            int p1 = (w2 << 16) | w3;
            int p2 = (w4 << 16) | w5;
            if (!HasData || p0 != last01 || p1 != last23 || p2 != last45 || w6 != last6)
            {
                UnchangedSinceUs = nowUs;
                last01 = p0;
                last23 = p1;
                last45 = p2;
                last6 = w6;
            }

            HasData = true;
            // (uint)(w - 0x7FFF) <= 1 holds for 0x7FFF and 0x8000 only (w is 0 .. 0xFFFF).
            if ((uint)(w0 - 0x7FFF) <= 1u || (uint)(w1 - 0x7FFF) <= 1u || (uint)(w2 - 0x7FFF) <= 1u
                || (uint)(w3 - 0x7FFF) <= 1u || (uint)(w4 - 0x7FFF) <= 1u || (uint)(w5 - 0x7FFF) <= 1u
                || (uint)(w6 - 0x7FFF) <= 1u)
            {
                JudgeFullScale(burst, offset, nowUs);
                return;
            }

            InvalidData = false;
            saturatedRun = false;
        }

        // The exact full-scale and invalid-marker judgement, per axis (accelerometer and gyro words only).
        private void JudgeFullScale(byte[] burst, int offset, long nowUs)
        {
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

        /// <summary><see cref="Faults"/> is <see cref="ImuFaults.None"/>, decided without building the flags (asked every cycle).</summary>
        public bool IsHealthy(long nowUs)
        {
            return HasData && !InvalidData && nowUs - UnchangedSinceUs < FrozenUs
                   && (!busErrorRun || nowUs - BusErrorSinceUs < BusErrorUs)
                   && (!saturatedRun || nowUs - SaturatedSinceUs < SaturatedUs);
        }
    }
}
