namespace LiquidFlight.Core.Tests.Links;

/// <summary>Test-side CRSF encoder and CRC, written independently of the parser (bitwise CRC, bit-array packing).</summary>
internal static class CrsfTestFrames
{
    public static byte BitwiseCrc8DvbS2(IEnumerable<byte> data)
    {
        int crc = 0;
        foreach (byte b in data)
        {
            for (int bit = 7; bit >= 0; bit--)
            {
                // Shift the message in MSB first through an 8-bit register with feedback polynomial x^8+x^7+x^6+x^4+x^2+1.
                int inBit = (b >> bit) & 1;
                int top = (crc >> 7) & 1;
                crc = (crc << 1) & 0xFF;
                if ((top ^ inBit) != 0)
                {
                    crc ^= 0xD5;
                }
            }
        }

        return (byte)crc;
    }

    public static byte[] Pack(int[] ticks)
    {
        var bits = new bool[176];
        for (int ch = 0; ch < 16; ch++)
        {
            for (int k = 0; k < 11; k++)
            {
                bits[ch * 11 + k] = ((ticks[ch] >> k) & 1) != 0;
            }
        }

        var payload = new byte[22];
        for (int i = 0; i < 176; i++)
        {
            if (bits[i])
            {
                payload[i / 8] |= (byte)(1 << (i % 8));
            }
        }

        return payload;
    }

    public static byte[] Frame(byte type, byte[] payload, byte sync = 0xC8)
    {
        var body = new List<byte> { type };
        body.AddRange(payload);
        var frame = new List<byte> { sync, (byte)(payload.Length + 2) };
        frame.AddRange(body);
        frame.Add(BitwiseCrc8DvbS2(body));
        return frame.ToArray();
    }

    public static byte[] Channels(params int[] ticks)
    {
        var all = new int[16];
        for (int i = 0; i < 16; i++)
        {
            all[i] = i < ticks.Length ? ticks[i] : 992;
        }

        return Frame(0x16, Pack(all));
    }
}
