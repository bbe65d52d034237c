namespace LiquidFlight.Core.Links
{
    /// <summary>
    /// The pilot's transmitter state after the channel map: sticks normalised to Q16.16 in aircraft sense (as
    /// <see cref="Flight.PilotInput"/>), throttle 0 .. 1, and the switches.
    /// </summary>
    public sealed class RcCommand
    {
        /// <summary>[-1, 1] Q16.16: +roll right, +pitch nose up (stick pulled back), +yaw nose right.</summary>
        public int Roll;
        public int Pitch;
        public int Yaw;

        /// <summary>[0, 1] Q16.16.</summary>
        public int Throttle;

        /// <summary>Raw throttle pulse, µs, for the arming check's "throttle low" in transmitter units.</summary>
        public int ThrottleUs;

        public bool ArmSwitch;

        /// <summary>Mode switch position: 0 low, 1 middle, 2 high.</summary>
        public int ModePosition;

        public void CopySticksTo(Flight.PilotInput pilot)
        {
            pilot.roll = Roll;
            pilot.pitch = Pitch;
            pilot.yaw = Yaw;
            pilot.throttle = Throttle;
            pilot.changed = true;
        }
    }
}
