using LiquidFlight.Core.Flight;
using LiquidFlight.Core.Links;

namespace LiquidFlight.Core.Tests.Links;

public class RcChannelMapTests
{
    private static int[] Channels(int roll, int pitch, int throttle, int yaw, int arm = 1000, int mode = 1000)
    {
        var ch = new int[16];
        Array.Fill(ch, 1500);
        ch[0] = roll;
        ch[1] = pitch;
        ch[2] = throttle;
        ch[3] = yaw;
        ch[4] = arm;
        ch[5] = mode;
        return ch;
    }

    [Fact]
    public void Default_AETR_map_normalises_sticks_in_aircraft_sense()
    {
        var map = new RcChannelMap();
        var cmd = new RcCommand();
        // roll full right, pitch stick pushed forward halfway (nose down), throttle half, yaw full left
        map.Apply(Channels(2000, 1750, 1500, 1000), cmd);
        Assert.Equal(65536, cmd.Roll);
        // (250 - 5) / (500 - 5) of full scale, negative: stick forward is nose down
        Assert.Equal(-(245 * 65536 / 495), cmd.Pitch);
        Assert.Equal(-65536, cmd.Yaw);
        Assert.Equal(32768, cmd.Throttle);
        Assert.Equal(1500, cmd.ThrottleUs);
    }

    [Fact]
    public void Values_beyond_the_travel_are_clamped()
    {
        var map = new RcChannelMap();
        var cmd = new RcCommand();
        map.Apply(Channels(2012, 987, 987, 2012), cmd);
        Assert.Equal(65536, cmd.Roll);
        Assert.Equal(65536, cmd.Pitch);
        Assert.Equal(0, cmd.Throttle);
        map.Apply(Channels(1500, 1500, 2012, 1500), cmd);
        Assert.Equal(65536, cmd.Throttle);
    }

    [Fact]
    public void Deadband_reads_zero_and_output_is_continuous_at_its_edge()
    {
        var map = new RcChannelMap();
        var cmd = new RcCommand();
        map.Apply(Channels(1505, 1495, 1000, 1504), cmd);
        Assert.Equal(0, cmd.Roll);
        Assert.Equal(0, cmd.Pitch);
        Assert.Equal(0, cmd.Yaw);
        map.Apply(Channels(1506, 1500, 1000, 1500), cmd);
        Assert.Equal(65536 / 495, cmd.Roll); // 1 µs beyond the deadband
    }

    [Fact]
    public void TAER_order_moves_the_sticks()
    {
        var map = new RcChannelMap();
        map.SetStickOrder("TAER");
        Assert.Equal((1, 2, 0, 3), (map.RollChannel, map.PitchChannel, map.ThrottleChannel, map.YawChannel));
        var cmd = new RcCommand();
        map.Apply(Channels(2000, 1000, 1500, 1500), cmd); // ch1 = throttle full, ch2 = roll full left
        Assert.Equal(65536, cmd.Throttle);
        Assert.Equal(-65536, cmd.Roll);
    }

    [Theory]
    [InlineData("AETX")]
    [InlineData("AETA")]
    [InlineData("AET")]
    public void Bad_orders_are_refused(string order)
    {
        Assert.Throws<ArgumentException>(() => new RcChannelMap().SetStickOrder(order));
    }

    [Theory]
    [InlineData(1000, false)]
    [InlineData(1700, false)]
    [InlineData(1701, true)]
    [InlineData(2000, true)]
    public void Arm_switch_threshold(int us, bool on)
    {
        var cmd = new RcCommand();
        new RcChannelMap().Apply(Channels(1500, 1500, 1000, 1500, arm: us), cmd);
        Assert.Equal(on, cmd.ArmSwitch);
    }

    [Theory]
    [InlineData(1000, 0)]
    [InlineData(1299, 0)]
    [InlineData(1300, 1)]
    [InlineData(1500, 1)]
    [InlineData(1700, 1)]
    [InlineData(1701, 2)]
    public void Mode_switch_positions(int us, int position)
    {
        var cmd = new RcCommand();
        new RcChannelMap().Apply(Channels(1500, 1500, 1000, 1500, mode: us), cmd);
        Assert.Equal(position, cmd.ModePosition);
    }
}
