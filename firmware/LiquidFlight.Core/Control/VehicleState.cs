namespace LiquidFlight.Core.Control
{
    /// <summary>
    /// The vehicle as the controller sees it: the attitude estimate (Euler angles, rad Q16.16, FRD, yaw drifts
    /// because nothing observes heading) and the low-pass filtered body rates (rad/s Q16.16), stamped with the
    /// IMU sample time they come from. The flight loop's State is written by the loop and its estimator alone (hosts
    /// read it): its roll and pitch are the estimator's (which keeps them there), its rates the gyro filter's memory
    /// and its stamp the last sample's time the next dt is taken from.
    /// </summary>
    public sealed class VehicleState
    {
        public int Roll;
        public int Pitch;
        public int Yaw;
        public int RollRate;
        public int PitchRate;
        public int YawRate;
        public long TimestampUs;
    }
}
