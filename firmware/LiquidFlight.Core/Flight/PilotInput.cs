namespace LiquidFlight.Core.Flight
{
    /// <summary>
    /// The pilot's sticks as the flight loop consumes them, set by the host (RC link, simulator scenario, HIL).
    /// Roll/Pitch/Yaw in [-1, 1] Q16.16 expressed in aircraft (FRD) sense: +Roll = roll right, +Pitch = nose up,
    /// +Yaw = nose right. A transmitter's pitch stick pushed forward means nose down, so the RC link maps
    /// "forward" to negative Pitch. Throttle in [0, 1] Q16.16. Out-of-range values are clamped by the loop.
    /// </summary>
    public sealed class PilotInput
    {
        public int Roll;
        public int Pitch;
        public int Yaw;
        public int Throttle;

        public void Center()
        {
            Roll = 0;
            Pitch = 0;
            Yaw = 0;
            Throttle = 0;
        }
    }
}
