using LiquidFlight.Core.Links;
using LiquidFlight.Core.Links.Crsf;

namespace LiquidFlight.Core.Bench
{
    /// <summary>
    /// A synthetic CRSF receiver for bench flights: <see cref="Send"/> puts one RC_CHANNELS_PACKED frame of
    /// <see cref="ChannelUs"/> on the link, which the board cycle reads back through its CRSF parser like UART bytes.
    /// With a <see cref="Clock"/>, <see cref="Send(long)"/> starts the frame on the wire at a given time and a read
    /// returns only the bytes that have arrived by then (<see cref="ByteUs"/> each, 420 kbaud), so a frame can be split
    /// between two polls as on a real UART.
    /// </summary>
    public sealed class BenchReceiver : IByteLink
    {
        /// <summary>Channel pulse widths, µs (AETR: roll, pitch, throttle, yaw, arm, mode, ...).</summary>
        public readonly int[] ChannelUs = new int[CrsfParser.ChannelCount];

        public long FramesSent;

        /// <summary>The clock reads are judged against, or null: every queued byte is there at once.</summary>
        public Scheduler.IMicrosClock Clock;

        /// <summary>Wire time of one byte, µs: 10 bits at CRSF's 420,000 baud is 23.8 µs.</summary>
        public int ByteUs = 24;

        // Arrival time of pending[0]; the bytes after it follow ByteUs apart.
        private long pendingStartUs;

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

        /// <summary>
        /// Queues one channel frame that is all there already (dropped when a full buffer is still unread, as a UART
        /// would overrun).
        /// </summary>
        public void Send()
        {
            Scheduler.IMicrosClock clock = Clock;
            Send(clock == null ? 0 : clock.NowUs() - (CrsfParser.MaxFrameBytes * (long)ByteUs));
        }

        /// <summary>
        /// Queues one channel frame whose first byte arrives at <paramref name="startUs"/>, or right after the bytes
        /// still on the wire if they end later (judged with a <see cref="Clock"/>; dropped when a full buffer is
        /// still unread).
        /// </summary>
        public void Send(long startUs)
        {
            if (Queue(writer.WriteChannels(ChannelUs), startUs))
            {
                FramesSent++;
            }
        }

        /// <summary>
        /// Queues one LINK_STATISTICS frame with uplink quality <paramref name="uplinkLinkQuality"/> (%), all there
        /// already, as <see cref="Send()"/> queues a channel frame: quality 0 is a receiver that has lost the
        /// transmitter and sends its own failsafe channels.
        /// </summary>
        public void SendLinkStatistics(int uplinkLinkQuality)
        {
            Scheduler.IMicrosClock clock = Clock;
            Queue(writer.WriteLinkStatistics(-90, uplinkLinkQuality, 5),
                clock == null ? 0 : clock.NowUs() - (CrsfParser.MaxFrameBytes * (long)ByteUs));
        }

        // The writer's frame of n bytes onto the wire from startUs (see Send(long)); false if the buffer is full.
        private bool Queue(int n, long startUs)
        {
            if (pendingCount + n > pending.Length)
            {
                return false;
            }

            if (pendingCount == 0)
            {
                pendingStartUs = startUs;
            }
            else if (startUs > pendingStartUs + (pendingCount * (long)ByteUs))
            {
                // The bytes still queued have all arrived before the new frame: taken as arriving just before it.
                pendingStartUs = startUs - (pendingCount * (long)ByteUs);
            }

            for (int i = 0; i < n; i++)
            {
                pending[pendingCount + i] = writer.Frame[i];
            }

            pendingCount += n;
            return true;
        }

        public int Read(byte[] buffer, int offset, int count)
        {
            int n = pendingCount < count ? pendingCount : count;
            Scheduler.IMicrosClock clock = Clock;
            if (clock != null && n > 0)
            {
                // Byte k of the queue has arrived once the clock reaches pendingStartUs + k ByteUs.
                long elapsed = clock.NowUs() - pendingStartUs;
                long arrived = elapsed < 0 ? 0 : (elapsed / ByteUs) + 1;
                if (arrived < n)
                {
                    n = (int)arrived;
                }

                pendingStartUs += n * (long)ByteUs;
            }

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
