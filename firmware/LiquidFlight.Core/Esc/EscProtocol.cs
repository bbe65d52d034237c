namespace LiquidFlight.Core.Esc
{
    /// <summary>
    /// The signal the motors are driven with. The two ESC protocols are one pulse per PWM period whose width
    /// encodes the command; they differ in pulse range and in the highest repetition rate the ESC accepts.
    /// Brushed motors have no ESC: a MOSFET switches the motor at a high PWM rate and the duty is the command.
    /// </summary>
    public enum EscProtocol
    {
        /// <summary>Servo-style PWM: 1000-2000 µs pulses, 50-490 Hz.</summary>
        StandardPwm = 0,

        /// <summary>OneShot125: 125-250 µs pulses (standard PWM divided by 8), repeated up to a few kHz.</summary>
        OneShot125 = 1,

        /// <summary>
        /// Brushed (coreless) motors on MOSFETs: the command keeps the 1000-2000 scale of standard PWM (as
        /// Betaflight's brushed outputs do) and maps onto a 0-100 % duty at 1-32 kHz.
        /// </summary>
        Brushed = 2,
    }
}
