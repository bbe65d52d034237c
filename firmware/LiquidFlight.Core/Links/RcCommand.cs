namespace LiquidFlight.Core.Links
{
    /// <summary>
    /// The pilot's transmitter state after the channel map: the sticks (a <see cref="Flight.PilotInput"/>: normalised to
    /// Q16.16 in aircraft sense, +roll right, +pitch nose up (stick pulled back), +yaw nose right; throttle 0 .. 1) and
    /// the switches. The board cycle hands its RcCommand to the flight loop as the pilot's input, so a frame's sticks
    /// need no copy; the failsafe landing overrides them there until the next frame.
    /// </summary>
    public sealed class RcCommand : Flight.PilotInput
    {
        /// <summary>Raw throttle pulse, µs, for the arming check's "throttle low" in transmitter units.</summary>
        public int ThrottleUs;

        public bool ArmSwitch;

        /// <summary>Mode switch position: 0 low, 1 middle, 2 high.</summary>
        public int ModePosition;
    }
}
