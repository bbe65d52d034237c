using LiquidFlight.Core.Safety;

namespace LiquidFlight.Core.Tests.Safety;

public class LoopHealthMonitorTests
{
    [Fact]
    public void One_overrun_makes_the_loop_unhealthy_until_it_decays()
    {
        var m = new LoopHealthMonitor(4, 3);
        m.RecordCycle(true);
        Assert.False(m.IsHealthy());
        Assert.False(m.IsFailing());
        for (int i = 0; i < 3; i++)
        {
            m.RecordCycle(false);
            Assert.False(m.IsHealthy());
        }

        m.RecordCycle(false); // 4th clean cycle forgives the strike
        Assert.True(m.IsHealthy());
    }

    [Fact]
    public void Repeated_overruns_trip_and_isolated_ones_do_not()
    {
        var m = new LoopHealthMonitor(4, 3);
        // one overrun every 5 cycles: each strike decays before the next
        for (int k = 0; k < 10; k++)
        {
            m.RecordCycle(true);
            for (int i = 0; i < 4; i++)
            {
                m.RecordCycle(false);
            }

            Assert.False(m.IsFailing());
        }

        // three overruns 3 clean cycles apart: no decay in between -> 3 strikes
        var n = new LoopHealthMonitor(4, 3);
        for (int k = 0; k < 3; k++)
        {
            n.RecordCycle(true);
            n.RecordCycle(false);
            n.RecordCycle(false);
            n.RecordCycle(false);
        }

        Assert.True(n.IsFailing());
        Assert.Equal(3, n.Strikes);
    }

    [Fact]
    public void Strikes_are_capped_so_recovery_time_is_bounded()
    {
        var m = new LoopHealthMonitor(2, 3);
        for (int i = 0; i < 100; i++)
        {
            m.RecordCycle(true);
        }

        Assert.Equal(3, m.Strikes);
        for (int i = 0; i < 6; i++)
        {
            m.RecordCycle(false);
        }

        Assert.True(m.IsHealthy());
    }
}
