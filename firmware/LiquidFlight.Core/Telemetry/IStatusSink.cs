namespace LiquidFlight.Core.Telemetry
{
    /// <summary>
    /// Where the board's human-readable messages go (boot, IMU identity, calibration, halt reasons, arming
    /// refusals, the loop report): a text line on a UART, MAVLink STATUSTEXT, the debugger, a test's list.
    /// Text arrives in a reused char buffer, so a sink that does not need a string never makes one.
    /// Must not throw; a sink that cannot keep up drops the message (and may count it).
    /// </summary>
    public interface IStatusSink
    {
        /// <summary>One message of <paramref name="length"/> characters (no line terminator).</summary>
        void Write(StatusSeverity severity, char[] text, int length);
    }
}
