namespace LiquidFlight.Core.Sensors.Imu
{
    /// <summary>The bus an IMU is wired to; the setup disables the other serial interface of the sensor.</summary>
    public enum ImuBusKind
    {
        I2c = 0,
        Spi = 1,
    }
}
