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

        /// <summary>The last burst carried the device's invalid-data marker.</summary>
        public bool InvalidData
        {
            get { return invalidData; }
        }

        /// <summary>A burst has been reported.</summary>
        public bool HasData
        {
            get { return hasData; }
        }

        public long TotalBusErrors;

        /// <summary>Start (µs) of the current run of failed reads / of identical bursts / of saturated reads.</summary>
        public long BusErrorSinceUs;
        public long UnchangedSinceUs;
        public long SaturatedSinceUs;

        private readonly bool checkInvalidMarker;
        private readonly int accelOffset;
        private readonly int gyroOffset;
        // Internal, as the packed words below: ImuSampleConverter's one-pass Convert writes ReportWords' common case out.
        internal bool busErrorRun;
        internal bool saturatedRun;
        internal bool invalidData;
        internal bool hasData;

        // No bus error run, data present, no invalid data, no saturation run: kept by every report, so that the
        // converter's one-pass path stores those four flags only when one of them has to change.
        internal bool clean;

        // The last burst as packed by ReportWords (the frozen comparison).
        internal int last01;
        internal int last23;
        internal int last45;
        internal int last6;

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
                clean = false;
                BusErrorSinceUs = nowUs;
            }
        }

        /// <summary>A burst of <see cref="ImuDeviceProfile.BurstLength"/> bytes at <paramref name="offset"/> was read at <paramref name="nowUs"/>.</summary>
        /// <remarks>
        /// The board cycle does not call this: <see cref="ImuSampleConverter.Convert(byte[], long, ref ImuSample, ImuHealthMonitor, long)"/>
        /// reads the burst once for both and reports it through <see cref="ReportWords"/>, as this does. The tests
        /// keep the plain version (PlainImuHealthMonitor) and compare the two.
        /// </remarks>
        /// <returns><see cref="IsHealthy"/> at <paramref name="nowUs"/> after the report.</returns>
        public bool ReportRead(byte[] burst, int offset, long nowUs)
        {
            int o = offset;
            int w0 = (short)((burst[o] << 8) | burst[o + 1]);
            int w1 = (short)((burst[o + 2] << 8) | burst[o + 3]);
            int w2 = (short)((burst[o + 4] << 8) | burst[o + 5]);
            int w3 = (short)((burst[o + 6] << 8) | burst[o + 7]);
            int w4 = (short)((burst[o + 8] << 8) | burst[o + 9]);
            int w5 = (short)((burst[o + 10] << 8) | burst[o + 11]);
            int w6 = (short)((burst[o + 12] << 8) | burst[o + 13]);
            int fullScale = NoFullScale;
            if ((uint)(w0 + 32767) >= 65534u || (uint)(w1 + 32767) >= 65534u || (uint)(w2 + 32767) >= 65534u
                || (uint)(w3 + 32767) >= 65534u || (uint)(w4 + 32767) >= 65534u || (uint)(w5 + 32767) >= 65534u
                || (uint)(w6 + 32767) >= 65534u)
            {
                fullScale = FullScaleOf(burst, offset);
            }

            return ReportWords((w0 << 16) ^ w1, (w2 << 16) ^ w3, (w4 << 16) ^ w5, w6, fullScale, nowUs);
        }

        /// <summary><see cref="ReportWords"/>: no accelerometer or gyro word at full scale.</summary>
        internal const int NoFullScale = 0;

        /// <summary><see cref="ReportWords"/>: an accelerometer or gyro word at full scale (0x7FFF or 0x8000).</summary>
        internal const int SomeAxisAtFullScale = 1;

        /// <summary><see cref="ReportWords"/>: all six accelerometer and gyro words at 0x8000 (the invalid-data marker on devices that have one).</summary>
        internal const int EveryAxisAtMinimum = 2;

        /// <summary>
        /// A burst read at <paramref name="nowUs"/>, as its seven big-endian words w0..w6 in burst order (signed):
        /// packed (w0 &lt;&lt; 16) ^ w1, (w2 &lt;&lt; 16) ^ w3, (w4 &lt;&lt; 16) ^ w5, w6 (equal packs are equal bursts:
        /// the low half gives the second word, whose sign then gives the first), and the full-scale verdict on the
        /// accelerometer and gyro words (<see cref="NoFullScale"/>, <see cref="SomeAxisAtFullScale"/>,
        /// <see cref="EveryAxisAtMinimum"/>). Returns <see cref="IsHealthy"/> at <paramref name="nowUs"/> after the
        /// report, from what the report has just decided (data present, no bus error run; no saturation run or invalid
        /// data unless an axis is at full scale), so the board cycle makes no second call for it.
        /// </summary>
        internal bool ReportWords(int p0, int p1, int p2, int p3, int fullScale, long nowUs)
        {
            busErrorRun = false;
            if (p0 != last01 || p1 != last23 || p2 != last45 || p3 != last6 || !hasData)
            {
                UnchangedSinceUs = nowUs;
                last01 = p0;
                last23 = p1;
                last45 = p2;
                last6 = p3;
                hasData = true;
                if (fullScale == NoFullScale)
                {
                    // Changed at nowUs: unchanged for 0 µs, below FrozenUs (at least 1), so healthy without the compare.
                    invalidData = false;
                    saturatedRun = false;
                    clean = true;
                    return true;
                }
            }
            else if (fullScale == NoFullScale)
            {
                invalidData = false;
                saturatedRun = false;
                clean = true;
                return nowUs - UnchangedSinceUs < FrozenUs;
            }

            clean = false;
            invalidData = checkInvalidMarker && fullScale == EveryAxisAtMinimum;
            if (invalidData)
            {
                saturatedRun = false;
                return false;
            }

            if (!saturatedRun)
            {
                saturatedRun = true;
                SaturatedSinceUs = nowUs;
            }

            return nowUs - UnchangedSinceUs < FrozenUs && nowUs - SaturatedSinceUs < SaturatedUs;
        }

        // The exact full-scale verdict, per axis (accelerometer and gyro words only; a screen of every word found one
        // at full scale, possibly the temperature's).
        private int FullScaleOf(byte[] burst, int offset)
        {
            bool saturated = false;
            bool allMinimum = true;
            for (int k = 0; k < 12; k += 2)
            {
                int index = offset + (k < 6 ? accelOffset + k : gyroOffset + k - 6);
                int word = (short)((burst[index] << 8) | burst[index + 1]);
                if (word == -32768 || word == 32767)
                {
                    saturated = true;
                }

                if (word != -32768)
                {
                    allMinimum = false;
                }
            }

            return allMinimum ? EveryAxisAtMinimum : (saturated ? SomeAxisAtFullScale : NoFullScale);
        }

        public ImuFaults Faults(long nowUs)
        {
            ImuFaults f = ImuFaults.None;
            if (!hasData)
            {
                f |= ImuFaults.NoData;
            }

            if (busErrorRun && nowUs - BusErrorSinceUs >= BusErrorUs)
            {
                f |= ImuFaults.BusErrors;
            }

            if (hasData && nowUs - UnchangedSinceUs >= FrozenUs)
            {
                f |= ImuFaults.Frozen;
            }

            if (saturatedRun && nowUs - SaturatedSinceUs >= SaturatedUs)
            {
                f |= ImuFaults.Saturated;
            }

            if (invalidData)
            {
                f |= ImuFaults.InvalidData;
            }

            return f;
        }

        /// <summary><see cref="Faults"/> is <see cref="ImuFaults.None"/>, decided without building the flags (asked every cycle).</summary>
        public bool IsHealthy(long nowUs)
        {
            return hasData && !invalidData && nowUs - UnchangedSinceUs < FrozenUs
                   && (!busErrorRun || nowUs - BusErrorSinceUs < BusErrorUs)
                   && (!saturatedRun || nowUs - SaturatedSinceUs < SaturatedUs);
        }
    }
}
