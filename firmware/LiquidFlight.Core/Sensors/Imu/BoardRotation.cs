namespace LiquidFlight.Core.Sensors.Imu
{
    /// <summary>
    /// How the IMU chip is mounted on the board, in the style of Betaflight's CWxx alignments.
    /// CwN: the chip's X arrow is turned N degrees clockwise, seen from above, away from the board's forward
    /// direction. Flip: the chip is on the underside of the board, turned 180 degrees about the board's pitch axis
    /// (its Z arrow down, its X arrow backward) before the clockwise turn, so Cw90Flip has the X arrow pointing left.
    /// The sensor's own axes (X, Y in the package plane, Z out of the top face, right-handed,
    /// as on both the MPU-6050 and the ICM-42688-P) are converted to body FRD at the same time.
    /// </summary>
    public enum BoardRotation
    {
        Cw0 = 0,
        Cw90 = 1,
        Cw180 = 2,
        Cw270 = 3,
        Cw0Flip = 4,
        Cw90Flip = 5,
        Cw180Flip = 6,
        Cw270Flip = 7,
    }
}
