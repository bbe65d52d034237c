namespace LiquidFlight.Core.Sensors.Imu
{
    public enum ImuDeviceKind
    {
        Mpu6050 = 1,
        Icm42688P = 2,
    }
}
