namespace LiquidFlight.Core.Sensors.Imu
{
    /// <summary>
    /// Where the board cycle's IMU data comes from: the I2C or SPI driver on the board, the simulator's IMU model,
    /// HIL_SENSOR frames from a link. The source only moves bytes (or, for HIL, a decoded sample); conversion,
    /// health judgement and everything after it are Core's. Must not throw or allocate.
    /// </summary>
    public interface IImuSource
    {
        /// <summary>Reads the sensor once at <paramref name="nowUs"/> into <paramref name="readout"/>.</summary>
        ImuReadStatus Read(long nowUs, ImuReadout readout);
    }
}
