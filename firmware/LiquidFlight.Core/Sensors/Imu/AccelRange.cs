namespace LiquidFlight.Core.Sensors.Imu
{
    /// <summary>Accelerometer full scale, standard gravities. Both supported devices offer these four.</summary>
    public enum AccelRange
    {
        G2 = 2,
        G4 = 4,
        G8 = 8,
        G16 = 16,
    }
}
