namespace LiquidFlight.Core.Sensors.Imu
{
    /// <summary>What one read of an <see cref="IImuSource"/> produced.</summary>
    public enum ImuReadStatus
    {
        /// <summary>Nothing new since the last read (no data ready, no HIL frame arrived).</summary>
        NoData = 0,

        /// <summary>A register burst in <see cref="ImuReadout.Burst"/>, stamped <see cref="ImuReadout.TimestampUs"/>: Core converts it.</summary>
        Burst = 1,

        /// <summary>A sample already in SI units, body frame (HIL): <see cref="ImuReadout.Sample"/>, its stamp included.</summary>
        Sample = 2,

        /// <summary>The transfer failed (NACK, timeout, short read): counted by Core's IMU health.</summary>
        BusError = 3,
    }
}
