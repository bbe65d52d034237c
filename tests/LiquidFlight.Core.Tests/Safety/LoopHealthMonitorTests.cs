using LiquidFlight.Core.Safety;

namespace LiquidFlight.Core.Tests.Safety;

public class LoopHealthMonitorTests
{
    private const long Ms = 1000;

    [Fact]
    public void One_overrun_makes_the_loop_unhealthy_until_the_forgiving_time_has_passed()
    {
        var m = new LoopHealthMonitor(500 * Ms, 3);
        m.RecordCycle(true, 0);
        Assert.False(m.IsHealthy());
        Assert.False(m.IsFailing());
        for (long t = 2 * Ms; t < 500 * Ms; t += 2 * Ms)
        {
            m.RecordCycle(false, t);
            Assert.False(m.IsHealthy());
        }

        m.RecordCycle(false, 500 * Ms); // 500 ms after the overrun the strike is forgiven
        Assert.True(m.IsHealthy());
    }

    [Theory]
    [InlineData(125)]     // 8 kHz loop
    [InlineData(2000)]    // 500 Hz
    [InlineData(20000)]   // 50 Hz
    public void The_tolerance_is_the_same_in_time_at_any_loop_rate(int periodUs)
    {
        // One overrun every 600 ms is forgiven each time; one every 100 ms trips after 3.
        var isolated = new LoopHealthMonitor(500 * Ms, 3);
        var repeated = new LoopHealthMonitor(500 * Ms, 3);
        for (long t = 0; t < 5_000 * Ms; t += periodUs)
        {
            isolated.RecordCycle(t % (600 * Ms) < periodUs, t);
            repeated.RecordCycle(t % (100 * Ms) < periodUs, t);
            Assert.False(isolated.IsFailing());
        }

        Assert.True(repeated.IsFailing());
        Assert.Equal(3, repeated.Strikes);
    }

    [Fact]
    public void Strikes_are_capped_so_recovery_time_is_bounded()
    {
        var m = new LoopHealthMonitor(500 * Ms, 3);
        for (int i = 0; i < 100; i++)
        {
            m.RecordCycle(true, i * 2 * Ms);
        }

        Assert.Equal(3, m.Strikes);
        long last = 99 * 2 * Ms;
        for (long t = last + 2 * Ms; t <= last + 1500 * Ms; t += 2 * Ms)
        {
            m.RecordCycle(false, t);
        }

        Assert.True(m.IsHealthy());
    }
}
