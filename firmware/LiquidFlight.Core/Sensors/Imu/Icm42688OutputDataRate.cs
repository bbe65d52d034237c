namespace LiquidFlight.Core.Sensors.Imu
{
    /// <summary>ICM-42688-P GYRO_ODR / ACCEL_ODR codes (bits [3:0] of GYRO_CONFIG0 / ACCEL_CONFIG0).</summary>
    public enum Icm42688OutputDataRate
    {
        Hz8000 = 0x03,
        Hz4000 = 0x04,
        Hz2000 = 0x05,
        Hz1000 = 0x06,
        Hz200 = 0x07,
        Hz100 = 0x08,
        Hz500 = 0x0F,
    }
}
