namespace LiquidFlight.Core.Control
{
    /// <summary>
    /// What the flight mode asks of the controller this cycle (angle mode: target attitude and yaw rate).
    /// Units: radians / rad/s in Q16.16, FRD conventions (positive roll = right wing down, positive pitch =
    /// nose up, positive yaw rate = nose right). Throttle is collective thrust demand in [0, 1] Q16.16.
    /// </summary>
    public sealed class ControlSetpoint
    {
        public int RollRad;
        public int PitchRad;
        public int YawRateRadS;
        public int Throttle;

        public void Clear()
        {
            RollRad = 0;
            PitchRad = 0;
            YawRateRadS = 0;
            Throttle = 0;
        }
    }
}
