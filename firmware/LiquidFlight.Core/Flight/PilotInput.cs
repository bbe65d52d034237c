namespace LiquidFlight.Core.Flight
{
    /// <summary>
    /// The pilot's sticks as the flight loop consumes them, set by the host (RC link, simulator scenario, HIL).
    /// Roll/Pitch/Yaw in [-1, 1] Q16.16 expressed in aircraft (FRD) sense: +Roll = roll right, +Pitch = nose up,
    /// +Yaw = nose right. A transmitter's pitch stick pushed forward means nose down, so the RC link maps
    /// "forward" to negative Pitch. Throttle in [0, 1] Q16.16. Out-of-range values are clamped by the loop.
    /// <para>
    /// Every write marks the input changed: the flight loop shapes it into the setpoint (<see cref="AngleMode"/>) only
    /// in a cycle after a write, as Betaflight computes its setpoints at the RC rate, since the setpoint is a function
    /// of these four values alone. Core's writers (the board cycle's RC frame, the failsafe landing) set the fields
    /// and the mark directly: a property is a call on the interpreter.
    /// </para>
    /// <para>
    /// The board cycle's flight loop reads the RC link's <see cref="Links.RcCommand"/> itself (an RcCommand is the
    /// pilot's input plus the switches): the channel map writes the sticks where the flight loop reads them.
    /// </para>
    /// </summary>
    public class PilotInput
    {
        internal int roll;
        internal int pitch;
        internal int yaw;
        internal int throttle;

        // Written since the flight loop last shaped the input (true at start: the first cycle shapes it).
        internal bool changed = true;

        public int Roll
        {
            get { return roll; }
            set { roll = value; changed = true; }
        }

        public int Pitch
        {
            get { return pitch; }
            set { pitch = value; changed = true; }
        }

        public int Yaw
        {
            get { return yaw; }
            set { yaw = value; changed = true; }
        }

        public int Throttle
        {
            get { return throttle; }
            set { throttle = value; changed = true; }
        }

        public void Center()
        {
            roll = 0;
            pitch = 0;
            yaw = 0;
            throttle = 0;
            changed = true;
        }
    }
}
