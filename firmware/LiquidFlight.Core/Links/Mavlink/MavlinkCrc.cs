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

        // Four bytes per step ("slicing by 4"; the CRC is linear over GF(2)): with x = crc ^ b0 ^ (b1 << 8), the CRC
        // after b0..b3 is Lo[x & 0xFF] ^ Hi[x >> 8] ^ Third[b2] ^ Last[b3], where Lo/Hi are a state's low/high byte
        // through four zero bytes, Third a byte through two steps and Last (the one-byte table) through one.
        private static readonly ushort[] Lo = BuildTable(0, 4);
        private static readonly ushort[] Hi = BuildTable(8, 4);
        private static readonly ushort[] Third = BuildTable(-1, 2);
        private static readonly ushort[] Last = BuildTable(-1, 1);

        /// <summary>Accumulates one byte into <paramref name="crc"/> (0 .. 0xFFFF).</summary>
        public static int Accumulate(int crc, int b)
        {
            int tmp = (b ^ crc) & 0xFF;
            tmp = (tmp ^ (tmp << 4)) & 0xFF;
            return ((crc >> 8) ^ (tmp << 8) ^ (tmp << 3) ^ (tmp >> 4)) & 0xFFFF;
        }

        /// <summary>
        /// CRC of <paramref name="length"/> bytes from <paramref name="offset"/>, continuing from
        /// <paramref name="crc"/> (0 .. 0xFFFF). One loop, four bytes per pass through four tables (2 KiB), no call
        /// per byte (the interpreter's call costs more than a byte's whole update); the same result as
        /// <see cref="Accumulate"/> byte after byte.
        /// </summary>
        public static int Update(int crc, byte[] buffer, int offset, int length)
        {
            ushort[] lo = Lo;
            ushort[] hi = Hi;
            ushort[] third = Third;
            ushort[] last = Last;
            int i = offset;
            int end = offset + length;
            int end4 = end - 3;
            while (i < end4)
            {
                int x = crc ^ buffer[i] ^ (buffer[i + 1] << 8);
                crc = lo[x & 0xFF] ^ hi[x >> 8] ^ third[buffer[i + 2]] ^ last[buffer[i + 3]];
                i += 4;
            }

            while (i < end)
            {
                crc = (crc >> 8) ^ last[(crc ^ buffer[i]) & 0xFF];
                i++;
            }

            return crc;
        }

        // The CRC from a state (shift 0 or 8: the index as the state's low or high byte; -1: zero state, the index
        // fed as the first byte) through the given number of byte steps (zeros after the first).
        private static ushort[] BuildTable(int shift, int steps)
        {
            ushort[] t = new ushort[256];
            for (int v = 0; v < 256; v++)
            {
                int crc = shift < 0 ? Accumulate(0, v) : v << shift;
                for (int k = shift < 0 ? 1 : 0; k < steps; k++)
                {
                    crc = Accumulate(crc, 0);
                }

                t[v] = (ushort)crc;
            }

            return t;
        }
    }
}
