using System.Text;
using LiquidFlight.Core.Links.Crsf;

namespace LiquidFlight.Core.Tests.Links;

public class Crc8DvbS2Tests
{
    [Fact]
    public void Catalogue_check_value_over_123456789_is_0xBC()
    {
        byte[] data = Encoding.ASCII.GetBytes("123456789");
        Assert.Equal(0xBC, Crc8DvbS2.Compute(data, 0, data.Length));
        Assert.Equal(0xBC, CrsfTestFrames.BitwiseCrc8DvbS2(data)); // the test's own implementation agrees
    }

    [Fact]
    public void Table_agrees_with_a_bitwise_implementation_on_random_data()
    {
        var rng = new Random(5);
        for (int n = 0; n < 200; n++)
        {
            var data = new byte[rng.Next(1, 64)];
            rng.NextBytes(data);
            Assert.Equal(CrsfTestFrames.BitwiseCrc8DvbS2(data), Crc8DvbS2.Compute(data, 0, data.Length));
        }
    }

    [Fact]
    public void Incremental_update_equals_one_shot()
    {
        byte[] data = { 0x16, 0xE0, 0x03, 0x1F };
        byte crc = 0;
        foreach (byte b in data)
        {
            crc = Crc8DvbS2.Update(crc, b);
        }

        Assert.Equal(Crc8DvbS2.Compute(data, 0, data.Length), crc);
    }

    [Fact]
    public void The_unrolled_channel_frame_check_agrees_with_a_bitwise_crc_at_any_offset_and_for_every_flipped_bit()
    {
        var rng = new Random(9);
        for (int n = 0; n < 50; n++)
        {
            // A channel frame's type byte, 22 payload bytes and CRC, at a random offset of a larger buffer.
            var buffer = new byte[80];
            rng.NextBytes(buffer);
            int s = rng.Next(0, buffer.Length - 24);
            buffer[s] = 0x16;
            buffer[s + 23] = CrsfTestFrames.BitwiseCrc8DvbS2(buffer.Skip(s).Take(23).ToArray());
            Assert.True(Crc8DvbS2.ChannelFrameHolds(buffer, s));
            for (int bit = 0; bit < 24 * 8; bit++)
            {
                buffer[s + (bit / 8)] ^= (byte)(1 << (bit % 8));
                bool expected = CrsfTestFrames.BitwiseCrc8DvbS2(buffer.Skip(s).Take(23).ToArray()) == buffer[s + 23];
                Assert.False(expected); // a CRC-8 detects every single-bit error
                Assert.Equal(expected, Crc8DvbS2.ChannelFrameHolds(buffer, s));
                buffer[s + (bit / 8)] ^= (byte)(1 << (bit % 8));
            }
        }
    }
}
