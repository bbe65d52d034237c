namespace LiquidFlight.Core.Sensors.Imu
{
    /// <summary>Gyroscope full scale, degrees per second. Both supported devices offer these four.</summary>
    public enum GyroRange
    {
        Dps250 = 250,
        Dps500 = 500,
        Dps1000 = 1000,
        Dps2000 = 2000,
    }
}
