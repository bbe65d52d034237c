namespace LiquidFlight.Core.Flight
{
    /// <summary>
    /// The one output interface every motor driver implements (in the manner of PX4's output modules): the board's
    /// LEDC ESC outputs, the simulator's ESC model, the HIL link's HIL_ACTUATOR_CONTROLS. It is given ESC pulse
    /// widths already decided by Core (within the ESC range, the minimum while disarmed or stopped) and only puts
    /// them on the wire. Must not throw or allocate.
    /// </summary>
    public interface IMotorOutput
    {
        /// <summary>
        /// Writes M1..M4 (Betaflight quad-X order: rear-right, front-right, rear-left, front-left), µs.
        /// <paramref name="armed"/> is false while the motors are held at the minimum pulse (disarmed, failsafe
        /// motors-off, a fault in the cycle).
        /// </summary>
        void Write(int[] pulsesUs, bool armed);
    }
}
