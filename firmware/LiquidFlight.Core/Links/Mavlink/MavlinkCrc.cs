namespace LiquidFlight.Core.Links.Mavlink
{
    /// <summary>
    /// CRC-16/MCRF4XX (the "X.25" checksum of the MAVLink spec): polynomial 0x1021 reflected, initial value 0xFFFF,
    /// no final xor. A MAVLink frame's checksum covers every byte after the start marker up to the end of the
    /// payload, then the message's CRC_EXTRA byte.
    /// </summary>
    public static class MavlinkCrc
    {
        public const int Initial = 0xFFFF;

        /// <summary>Accumulates one byte into <paramref name="crc"/> (0 .. 0xFFFF).</summary>
        public static int Accumulate(int crc, int b)
        {
            int tmp = (b ^ crc) & 0xFF;
            tmp = (tmp ^ (tmp << 4)) & 0xFF;
            return ((crc >> 8) ^ (tmp << 8) ^ (tmp << 3) ^ (tmp >> 4)) & 0xFFFF;
        }

        /// <summary>CRC of <paramref name="length"/> bytes from <paramref name="offset"/>, continuing from <paramref name="crc"/>.</summary>
        public static int Update(int crc, byte[] buffer, int offset, int length)
        {
            for (int i = 0; i < length; i++)
            {
                crc = Accumulate(crc, buffer[offset + i]);
            }

            return crc;
        }
    }
}
