namespace LiquidFlight.Core.Sensors
{
    /// <summary>
    /// One IMU reading as the board saw it, already converted to SI units in Q16.16 and rotated into the body
    /// frame (FRD: x forward, y right, z down). The timestamp is the microsecond clock at which the sample was
    /// taken; the flight loop integrates over the difference between consecutive timestamps, so irregular
    /// sampling (jitter, drops, bursts) is handled by the real elapsed time, never by an assumed rate.
    /// </summary>
    public struct ImuSample
    {
        /// <summary>Microsecond clock at which the sample was taken (the same clock the flight loop is given).</summary>
        public long TimestampUs;

        /// <summary>Angular rate about body x/y/z, rad/s Q16.16 (positive roll rate = right wing going down).</summary>
        public int GyroX;
        public int GyroY;
        public int GyroZ;

        /// <summary>
        /// Specific force along body x/y/z, m/s^2 Q16.16 (what an accelerometer measures: gravity's reaction).
        /// Level and at rest it reads (0, 0, -9.81).
        /// </summary>
        public int AccelX;
        public int AccelY;
        public int AccelZ;
    }
}
