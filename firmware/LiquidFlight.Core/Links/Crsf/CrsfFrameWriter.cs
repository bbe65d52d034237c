namespace LiquidFlight.Core.Links.Crsf
{
    /// <summary>
    /// Encodes the frames a CRSF receiver sends to a flight controller (RC_CHANNELS_PACKED, LINK_STATISTICS) into a
    /// reused buffer: what the simulator's receiver, the bench flights and tests put on a link for
    /// <see cref="CrsfParser"/> to read. Integer-only and allocation-free.
    /// </summary>
    public sealed class CrsfFrameWriter
    {
        /// <summary>RC_CHANNELS_PACKED on the wire: sync, length, type, 22 payload bytes, CRC.</summary>
        public const int ChannelsFrameBytes = 26;

        /// <summary>LINK_STATISTICS on the wire: sync, length, type, 10 payload bytes, CRC.</summary>
        public const int LinkStatisticsFrameBytes = 14;

        /// <summary>The frame written last (<see cref="Length"/> bytes).</summary>
        public readonly byte[] Frame = new byte[CrsfParser.MaxFrameBytes];

        public int Length;

        /// <summary>µs to CRSF ticks, the inverse of <see cref="CrsfParser.TicksToMicroseconds"/> (rounded, clamped to 11 bits).</summary>
        public static int MicrosecondsToTicks(int us)
        {
            int d = (us - 1500) * 8;
            int ticks = 992 + (d >= 0 ? (d + 2) / 5 : -((-d + 2) / 5));
            return ticks < 0 ? 0 : (ticks > 2047 ? 2047 : ticks);
        }

        /// <summary>Writes an RC_CHANNELS_PACKED frame of the first 16 entries of <paramref name="channelUs"/> (missing ones centred).</summary>
        public int WriteChannels(int[] channelUs)
        {
            byte[] f = Frame;
            f[0] = CrsfParser.SyncFlightController;
            f[1] = CrsfParser.ChannelsPayloadLength + 2;
            f[2] = CrsfFrameType.RcChannelsPacked;
            for (int i = 0; i < CrsfParser.ChannelsPayloadLength; i++)
            {
                f[3 + i] = 0;
            }

            // 16 little-endian 11-bit fields, channel 1 in the lowest bits of the first payload byte.
            int bit = 0;
            for (int ch = 0; ch < CrsfParser.ChannelCount; ch++)
            {
                int us = channelUs != null && ch < channelUs.Length ? channelUs[ch] : 1500;
                int ticks = MicrosecondsToTicks(us);
                int index = 3 + (bit >> 3);
                int shift = bit & 7;
                int v = ticks << shift;
                f[index] = (byte)(f[index] | (v & 0xFF));
                f[index + 1] = (byte)(f[index + 1] | ((v >> 8) & 0xFF));
                if (shift > 5)
                {
                    f[index + 2] = (byte)(f[index + 2] | ((v >> 16) & 0xFF));
                }

                bit += 11;
            }

            f[3 + CrsfParser.ChannelsPayloadLength] = Crc8DvbS2.Compute(f, 2, CrsfParser.ChannelsPayloadLength + 1);
            Length = ChannelsFrameBytes;
            return Length;
        }

        /// <summary>Writes a LINK_STATISTICS frame with the given uplink RSSI (dBm, as a positive magnitude byte), quality (%) and SNR.</summary>
        public int WriteLinkStatistics(int uplinkRssiDbm, int uplinkLinkQuality, int uplinkSnrDb)
        {
            byte[] f = Frame;
            f[0] = CrsfParser.SyncFlightController;
            f[1] = CrsfLinkStatistics.PayloadLength + 2;
            f[2] = CrsfFrameType.LinkStatistics;
            int rssi = uplinkRssiDbm < 0 ? -uplinkRssiDbm : uplinkRssiDbm;
            f[3] = (byte)rssi;
            f[4] = (byte)rssi;
            f[5] = (byte)uplinkLinkQuality;
            f[6] = (byte)(sbyte)uplinkSnrDb;
            f[7] = 0;
            f[8] = 0;
            f[9] = 0;
            f[10] = (byte)rssi;
            f[11] = (byte)uplinkLinkQuality;
            f[12] = (byte)(sbyte)uplinkSnrDb;
            f[3 + CrsfLinkStatistics.PayloadLength] = Crc8DvbS2.Compute(f, 2, CrsfLinkStatistics.PayloadLength + 1);
            Length = LinkStatisticsFrameBytes;
            return Length;
        }
    }
}
