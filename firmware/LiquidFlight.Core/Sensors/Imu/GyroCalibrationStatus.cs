namespace LiquidFlight.Core.Sensors.Imu
{
    public enum GyroCalibrationStatus
    {
        /// <summary>Still collecting samples.</summary>
        Collecting = 0,

        /// <summary>Bias measured; read it from the calibrator.</summary>
        Complete = 1,

        /// <summary>The craft moved (spread of the rates above the limit): the batch was discarded and collection restarted.</summary>
        RejectedMotion = 2,

        /// <summary>The mean rate was larger than any plausible bias (turning steadily, or a faulty sensor): restarted.</summary>
        RejectedBias = 3,
    }
}
