namespace LiquidFlight.Core.Links.Crsf
{
    /// <summary>
    /// CRC-8/DVB-S2 (polynomial 0xD5, initial 0, not reflected, no final xor; check value over "123456789" is
    /// 0xBC), the checksum of every CRSF frame, computed over type and payload. Table-driven: one look-up per byte.
    /// </summary>
    public static class Crc8DvbS2
    {
        /// <summary>Look-up table: the CRC of one byte from a zero register (CrsfParser unrolls its loop over it).</summary>
        internal static readonly byte[] Table = BuildTable();

        public static byte Update(byte crc, byte value)
        {
            return Table[crc ^ value];
        }

        public static byte Compute(byte[] data, int offset, int count)
        {
            byte crc = 0;
            for (int i = 0; i < count; i++)
            {
                crc = Table[crc ^ data[offset + i]];
            }

            return crc;
        }

        /// <summary>
        /// Whether the CRC of an RC channel frame holds: <see cref="Compute"/> over its type byte at
        /// <paramref name="s"/> and its 22 payload bytes, unrolled (nested in fours, so the register stays on the
        /// interpreter's stack), against the CRC byte at s + 23. For the frames of a run whose last frame failed
        /// (CrsfParser then checks each, but unpacks only the last that holds): two locals, so a call zeroes little.
        /// </summary>
        public static bool ChannelFrameHolds(byte[] f, int s)
        {
            byte[] t = Table;
            int c = t[t[t[t[t[f[s]] ^ f[s + 1]] ^ f[s + 2]] ^ f[s + 3]] ^ f[s + 4]];
            c = t[t[t[t[c ^ f[s + 5]] ^ f[s + 6]] ^ f[s + 7]] ^ f[s + 8]];
            c = t[t[t[t[c ^ f[s + 9]] ^ f[s + 10]] ^ f[s + 11]] ^ f[s + 12]];
            c = t[t[t[t[c ^ f[s + 13]] ^ f[s + 14]] ^ f[s + 15]] ^ f[s + 16]];
            c = t[t[t[t[c ^ f[s + 17]] ^ f[s + 18]] ^ f[s + 19]] ^ f[s + 20]];
            return t[t[c ^ f[s + 21]] ^ f[s + 22]] == f[s + 23];
        }

        private static byte[] BuildTable()
        {
            var table = new byte[256];
            for (int i = 0; i < 256; i++)
            {
                int crc = i;
                for (int bit = 0; bit < 8; bit++)
                {
                    crc = (crc & 0x80) != 0 ? ((crc << 1) ^ 0xD5) & 0xFF : (crc << 1) & 0xFF;
                }

                table[i] = (byte)crc;
            }

            return table;
        }
    }
}
