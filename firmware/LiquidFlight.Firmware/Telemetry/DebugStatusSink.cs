using System.Diagnostics;
using LiquidFlight.Core.Telemetry;

namespace LiquidFlight.Firmware.Telemetry
{
    /// <summary>
    /// Status messages to the debugger's output (Visual Studio over the USB port). Debug.WriteLine is compiled
    /// out of Release builds (it is [Conditional("DEBUG")] in mscorlib), so a Release build needs a UART sink
    /// beside or instead of this one; making the string allocates, so the board cycle only reports events and the
    /// disarmed loop report, never per cycle.
    /// </summary>
    public sealed class DebugStatusSink : IStatusSink
    {
        public void Write(StatusSeverity severity, char[] text, int length)
        {
            Debug.WriteLine(new string(text, 0, length));
        }
    }
}
