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

        /// <summary>
        /// The checksum step of each byte value from a zero CRC: Accumulate(crc, b) = (crc &gt;&gt; 8) ^
        /// Table[(crc ^ b) &amp; 0xFF] (the step is linear in the low byte, and the high byte only shifts down).
        /// </summary>
        private static readonly int[] Table = BuildTable();

        /// <summary>Accumulates one byte into <paramref name="crc"/> (0 .. 0xFFFF).</summary>
        public static int Accumulate(int crc, int b)
        {
            int tmp = (b ^ crc) & 0xFF;
            tmp = (tmp ^ (tmp << 4)) & 0xFF;
            return ((crc >> 8) ^ (tmp << 8) ^ (tmp << 3) ^ (tmp >> 4)) & 0xFFFF;
        }

        /// <summary>
        /// CRC of <paramref name="length"/> bytes from <paramref name="offset"/>, continuing from
        /// <paramref name="crc"/> (0 .. 0xFFFF). One loop with the table in a local, eight bytes per pass, no call
        /// per byte (the interpreter's call costs more than the byte's whole update).
        /// </summary>
        public static int Update(int crc, byte[] buffer, int offset, int length)
        {
            int[] t = Table;
            int i = offset;
            int end = offset + length;
            int end8 = end - 7;
            while (i < end8)
            {
                crc = (crc >> 8) ^ t[(crc ^ buffer[i]) & 0xFF];
                crc = (crc >> 8) ^ t[(crc ^ buffer[i + 1]) & 0xFF];
                crc = (crc >> 8) ^ t[(crc ^ buffer[i + 2]) & 0xFF];
                crc = (crc >> 8) ^ t[(crc ^ buffer[i + 3]) & 0xFF];
                crc = (crc >> 8) ^ t[(crc ^ buffer[i + 4]) & 0xFF];
                crc = (crc >> 8) ^ t[(crc ^ buffer[i + 5]) & 0xFF];
                crc = (crc >> 8) ^ t[(crc ^ buffer[i + 6]) & 0xFF];
                crc = (crc >> 8) ^ t[(crc ^ buffer[i + 7]) & 0xFF];
                i += 8;
            }

            while (i < end)
            {
                crc = (crc >> 8) ^ t[(crc ^ buffer[i]) & 0xFF];
                i++;
            }

            return crc;
        }

        private static int[] BuildTable()
        {
            int[] t = new int[256];
            for (int i = 0; i < 256; i++)
            {
                t[i] = Accumulate(0, i);
            }

            return t;
        }
    }
}
