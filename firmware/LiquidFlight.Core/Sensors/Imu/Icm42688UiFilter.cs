namespace LiquidFlight.Core.Sensors.Imu
{
    /// <summary>
    /// ICM-42688-P UI filter bandwidth codes (GYRO_UI_FILT_BW / ACCEL_UI_FILT_BW in GYRO_ACCEL_CONFIG0), low-noise
    /// mode: the -3 dB bandwidth as a fraction of max(400 Hz, ODR), except OdrOver2 which is ODR / 2.
    /// </summary>
    public enum Icm42688UiFilter
    {
        OdrOver2 = 0,
        OdrOver4 = 1,
        OdrOver5 = 2,
        OdrOver8 = 3,
        OdrOver10 = 4,
        OdrOver16 = 5,
        OdrOver20 = 6,
        OdrOver40 = 7,
    }
}
