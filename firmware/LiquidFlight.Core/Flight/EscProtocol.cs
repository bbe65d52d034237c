namespace LiquidFlight.Core.Flight
{
    /// <summary>
    /// The signal an ESC is driven with. Both are one pulse per PWM period whose width encodes the command;
    /// they differ in pulse range and in the highest repetition rate the ESC accepts.
    /// </summary>
    public enum EscProtocol
    {
        /// <summary>Servo-style PWM: 1000-2000 µs pulses, 50-490 Hz.</summary>
        StandardPwm = 0,

        /// <summary>OneShot125: 125-250 µs pulses (standard PWM divided by 8), repeated up to a few kHz.</summary>
        OneShot125 = 1,
    }
}
