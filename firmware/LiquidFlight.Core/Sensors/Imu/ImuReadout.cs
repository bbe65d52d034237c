namespace LiquidFlight.Core.Sensors.Imu
{
    /// <summary>
    /// The buffer an <see cref="IImuSource"/> reads into, created once at start-up and reused every cycle: the raw
    /// register burst of a real (or simulated) sensor with its µs stamp, or a ready sample for sources that
    /// deliver SI values (HIL).
    /// </summary>
    public sealed class ImuReadout
    {
        /// <summary>The 14-byte burst in the device's register layout (<see cref="ImuDeviceProfile"/>).</summary>
        public readonly byte[] Burst = new byte[ImuDeviceProfile.BurstLength];

        /// <summary>Microsecond clock at which the burst was taken (the board cycle's clock).</summary>
        public long TimestampUs;

        /// <summary>A ready sample (status <see cref="ImuReadStatus.Sample"/>), TimestampUs included.</summary>
        public ImuSample Sample;
    }
}
