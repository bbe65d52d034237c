namespace LiquidFlight.Core.Sensors.Imu
{
    /// <summary>
    /// MPU-6050 digital low-pass filter, CONFIG.DLPF_CFG (RM-MPU-6000A-00 §4.3). Named by the gyro bandwidth;
    /// the accelerometer bandwidth is close (260/184/94/44/21/10/5 Hz). With Hz256 the gyro output rate is
    /// 8 kHz, with every other setting 1 kHz; the sample rate is that divided by (1 + SMPLRT_DIV).
    /// </summary>
    public enum Mpu6050LowPass
    {
        Hz256 = 0,
        Hz188 = 1,
        Hz98 = 2,
        Hz42 = 3,
        Hz20 = 4,
        Hz10 = 5,
        Hz5 = 6,
    }
}
