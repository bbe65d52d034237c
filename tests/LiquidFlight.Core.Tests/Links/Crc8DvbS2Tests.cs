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
}
