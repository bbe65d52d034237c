namespace LiquidFlight.Core.Links.Crsf
{
    /// <summary>
    /// The pilot's CRSF (ExpressLRS/Crossfire) receiver as an <see cref="IRcSource"/>: whatever bytes the link
    /// holds (the board's UART, a simulated receiver, a pseudo-terminal) are read in chunks into Core's
    /// <see cref="CrsfParser"/>. One reused chunk buffer; nothing allocates or throws. A frame cut off by the end of a
    /// read stays in that buffer for the next read to complete, so the parser decides it whole where it lies.
    /// </summary>
    public sealed class CrsfRcSource : IRcSource
    {
        /// <summary>
        /// Enough for about 8 ms of a 420 kbaud stream at the receiver's real frame rate (ExpressLRS 500 Hz sends a
        /// 26-byte channel frame every 2 ms, 13 kB/s), so a link slot at 125 Hz or faster never lags: the bytes one
        /// read takes, after those of a frame the last read cut off.
        /// </summary>
        public const int ChunkBytes = 128;

        /// <summary>A link-statistics frame older than this no longer vouches for the link (µs).</summary>
        public const long LinkStatisticsTimeoutUs = 1000000;

        public readonly CrsfParser Parser;

        private readonly IByteLink link;
        // A read's ChunkBytes after the bytes carried from the last one (fewer than CrsfParser.MaxFrameBytes).
        private readonly byte[] chunk = new byte[ChunkBytes + CrsfParser.MaxFrameBytes];
        private long lastPollUs;

        // Bytes of a frame that the last chunk cut off, kept at the start of the chunk buffer for the next read to
        // complete (fewer than CrsfParser.MaxFrameBytes).
        private int carried;

        public CrsfRcSource(IByteLink link)
        {
            if (link == null)
            {
                throw new System.ArgumentNullException("link");
            }

            this.link = link;
            Parser = new CrsfParser();
            Parser.keepsCutOffFrame = true;
        }

        /// <summary>
        /// Received bytes not decided yet: those of a frame cut off by the end of the last read, which the next read
        /// completes in place (this source keeps them, see <see cref="Poll"/>), and any in the parser's window.
        /// </summary>
        public int WaitingBytes
        {
            get { return carried + Parser.PendingBytes; }
        }

        public int[] ChannelUs => Parser.ChannelUs;

        /// <summary>
        /// Unpacks only the channels up to the highest one <paramref name="map"/> reads (rounded up to 6, 8 or 16,
        /// <see cref="CrsfParser.UnpackedChannels"/>; null: all 16, the default). Called once with the final map (the
        /// board cycle does at construction); channels beyond it then stay at their last unpacked values in
        /// <see cref="ChannelUs"/>.
        /// </summary>
        public void UnpackOnlyChannelsOf(RcChannelMap map)
        {
            Parser.UnpackedChannels = map == null ? CrsfParser.ChannelCount : map.HighestChannel() + 1;
        }

        /// <summary>Uplink quality 0 in a recent link-statistics frame: the receiver has lost the transmitter.</summary>
        public bool ReceiverFailsafe
        {
            get
            {
                CrsfLinkStatistics s = Parser.LinkStatistics;
                return s.Valid && s.UplinkLinkQuality == 0 && lastPollUs - s.ReceivedUs <= LinkStatisticsTimeoutUs;
            }
        }

        /// <remarks>
        /// A frame cut off by the end of a read (the poll fell inside its transmission) stays in the chunk buffer: its
        /// bytes are moved to the start and the next read appends to them, so the parser decides it where it lies,
        /// whole, instead of copying it into its window in one poll and completing it there in the next.
        /// </remarks>
        public bool Poll(long nowUs)
        {
            lastPollUs = nowUs;
            int frames = 0;
            CrsfParser parser = Parser;
            byte[] c = chunk;
            int kept = carried;
            // Two chunks at most per poll: a link slot must stay short even if a burst of bytes is waiting.
            for (int pass = 0; pass < 2; pass++)
            {
                int read = link.Read(c, kept, ChunkBytes);
                if (read <= 0)
                {
                    break;
                }

                int total = kept + read;
                frames += parser.Feed(c, 0, total, nowUs);
                kept = parser.cutOffBytes;
                if (kept != 0)
                {
                    // Moved towards the start within the same array (the destination never lies after the source;
                    // Array.Copy allows the overlap, and nanoCLR copies value-type elements with memmove).
                    parser.cutOffBytes = 0;
                    System.Array.Copy(c, total - kept, c, 0, kept);
                }

                if (read < ChunkBytes)
                {
                    break;
                }
            }

            carried = kept;

            if (frames == 0)
            {
                return false;
            }

            // ReceiverFailsafe written out (the board cycle would otherwise ask through the interface after every
            // frame): a receiver in its own failsafe sends placeholder channels, which are not the pilot's.
            CrsfLinkStatistics s = parser.LinkStatistics;
            return !(s.Valid && s.UplinkLinkQuality == 0 && nowUs - s.ReceivedUs <= LinkStatisticsTimeoutUs);
        }
    }
}
