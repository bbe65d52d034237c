using LiquidFlight.Core.Links;
using LiquidFlight.Core.Links.Crsf;

namespace LiquidFlight.Core.Bench
{
    /// <summary>
    /// A synthetic CRSF receiver for bench flights: <see cref="Send"/> puts one RC_CHANNELS_PACKED frame of
    /// <see cref="ChannelUs"/> on the link, which the board cycle reads back through its CRSF parser like UART bytes.
    /// </summary>
    public sealed class BenchReceiver : IByteLink
    {
        /// <summary>Channel pulse widths, µs (AETR: roll, pitch, throttle, yaw, arm, mode, ...).</summary>
        public readonly int[] ChannelUs = new int[CrsfParser.ChannelCount];

        public long FramesSent;

        private readonly CrsfFrameWriter writer = new CrsfFrameWriter();
        private readonly byte[] pending = new byte[4 * CrsfParser.MaxFrameBytes];
        private int pendingCount;

        public BenchReceiver()
        {
            for (int i = 0; i < ChannelUs.Length; i++)
            {
                ChannelUs[i] = 1500;
            }

            ChannelUs[2] = 1000;
            ChannelUs[4] = 1000;
        }

        /// <summary>Queues one channel frame (dropped when a full buffer is still unread, as a UART would overrun).</summary>
        public void Send()
        {
            int n = writer.WriteChannels(ChannelUs);
            if (pendingCount + n > pending.Length)
            {
                return;
            }

            for (int i = 0; i < n; i++)
            {
                pending[pendingCount + i] = writer.Frame[i];
            }

            pendingCount += n;
            FramesSent++;
        }

        public int Read(byte[] buffer, int offset, int count)
        {
            int n = pendingCount < count ? pendingCount : count;
            for (int i = 0; i < n; i++)
            {
                buffer[offset + i] = pending[i];
            }

            for (int i = n; i < pendingCount; i++)
            {
                pending[i - n] = pending[i];
            }

            pendingCount -= n;
            return n;
        }

        public int Write(byte[] buffer, int offset, int count)
        {
            return count;
        }
    }
}
