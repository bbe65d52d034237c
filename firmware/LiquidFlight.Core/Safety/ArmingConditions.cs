namespace LiquidFlight.Core.Safety
{
    /// <summary>The facts the arming check needs, filled in by the supervisor whenever the guard evaluates them (disarmed or
    /// switch off), or by a test.</summary>
    public sealed class ArmingConditions
    {
        public bool ImuPresent;
        public bool ImuHealthy;
        public bool GyroCalibrated;

        /// <summary>Attitude estimate, rad Q16.16.</summary>
        public int Roll;
        public int Pitch;

        /// <summary>Throttle, [0, 1] Q16.16.</summary>
        public int Throttle;

        public bool RcLinkUp;
        public bool LoopHealthy;
        public bool FailsafeActive;
        public bool NumericHealthy = true;
    }
}
