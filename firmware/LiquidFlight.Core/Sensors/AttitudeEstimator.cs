namespace LiquidFlight.Core.Sensors
{
    /// <summary>Attitude estimator (placeholder body; the Mahony filter replaces it).</summary>
    public sealed class AttitudeEstimator
    {
        private int roll;
        private int pitch;
        private int yaw;

        public AttitudeEstimator(int kp, int ki, int accelTrustBand)
        {
            Kp = kp;
            Ki = ki;
            AccelTrustBand = accelTrustBand;
        }

        public int Kp;
        public int Ki;
        public int AccelTrustBand;

        public int Roll => roll;
        public int Pitch => pitch;
        public int Yaw => yaw;

        public void Reset()
        {
            roll = 0;
            pitch = 0;
            yaw = 0;
        }

        public void Update(int gyroX, int gyroY, int gyroZ, int accelX, int accelY, int accelZ, long dtUs)
        {
        }
    }
}
