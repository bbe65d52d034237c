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
