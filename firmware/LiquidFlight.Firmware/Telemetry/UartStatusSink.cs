using LiquidFlight.Core.Links;
using LiquidFlight.Core.Telemetry;

namespace LiquidFlight.Firmware.Telemetry
{
    /// <summary>
    /// Status messages as text lines on a UART (BoardConfig.StatusPort): what a Release build prints, since
    /// Debug.WriteLine is compiled out there. Each message becomes one line of 7-bit ASCII ending in CR LF
    /// (characters above 0x7E become '?'), written through Core's <see cref="IByteLink"/>; the byte buffer is made
    /// once, so a message allocates nothing here. Text longer than the buffer is cut. A MAVLink STATUSTEXT sink is
    /// a separate <see cref="IStatusSink"/> chosen the same way.
    /// </summary>
    public sealed class UartStatusSink : IStatusSink
    {
        /// <summary>Longest line sent, terminator included; longer messages are cut (StatusText holds 120).</summary>
        public const int MaxLineBytes = 130;

        /// <summary>Lines the link did not take whole (counted, never thrown).</summary>
        public int DroppedLines;

        private readonly IByteLink link;
        private readonly byte[] line = new byte[MaxLineBytes];

        public UartStatusSink(IByteLink link)
        {
            this.link = link;
        }

        public void Write(StatusSeverity severity, char[] text, int length)
        {
            int max = MaxLineBytes - 2;
            int n = length < max ? length : max;
            for (int i = 0; i < n; i++)
            {
                char c = text[i];
                line[i] = c >= ' ' && c <= '~' ? (byte)c : (byte)'?';
            }

            line[n] = (byte)'\r';
            line[n + 1] = (byte)'\n';
            if (link.Write(line, 0, n + 2) != n + 2)
            {
                DroppedLines++;
            }
        }
    }
}
