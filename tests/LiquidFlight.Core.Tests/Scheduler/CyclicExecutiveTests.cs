using LiquidFlight.Core.Scheduler;

namespace LiquidFlight.Core.Tests.Scheduler;

public class CyclicExecutiveTests
{
    private static void RunCycle(CyclicExecutive exec, long startUs, long workUs)
    {
        exec.BeginCycle(startUs);
        exec.EndCycle(startUs + workUs);
    }

    [Fact]
    public void Cycle_that_fits_keeps_deadlines_on_the_grid()
    {
        var exec = new CyclicExecutive(2000, 1);
        exec.Start(1000);
        Assert.Equal(1000, exec.NextDeadlineUs);
        exec.BeginCycle(1000);
        Assert.Equal(0, exec.EndCycle(1300));
        Assert.Equal(3000, exec.NextDeadlineUs);
        Assert.False(exec.LastCycleOverran);
    }

    [Fact]
    public void Late_start_does_not_shift_later_deadlines()
    {
        var exec = new CyclicExecutive(2000, 1);
        exec.Start(0);
        RunCycle(exec, 0, 100);
        RunCycle(exec, 2300, 100); // started 300 µs late
        Assert.Equal(4000, exec.NextDeadlineUs);
        RunCycle(exec, 4000, 100);
        Assert.Equal(0, exec.Statistics.Overruns);
        Assert.Equal(300, exec.Statistics.MaxStartLatencyUs);
        // periods 2300 and 1700: |2300-2000| = |1700-2000| = 300
        Assert.Equal(300, exec.Statistics.MaxJitterUs);
        Assert.Equal(300, exec.Statistics.AverageJitterUs());
    }

    [Fact]
    public void Overruns_skip_to_the_next_whole_cycle_and_are_counted()
    {
        var exec = new CyclicExecutive(2000, 1);
        exec.Start(0);

        // Ends 500 µs past the next deadline (2000): skip 1, resume at 4000.
        exec.BeginCycle(0);
        Assert.Equal(1, exec.EndCycle(2500));
        Assert.Equal(4000, exec.NextDeadlineUs);

        RunCycle(exec, 4000, 100);
        Assert.Equal(6000, exec.NextDeadlineUs);

        // Ends exactly on the next deadline: not an overrun.
        exec.BeginCycle(6000);
        Assert.Equal(0, exec.EndCycle(8000));
        Assert.Equal(8000, exec.NextDeadlineUs);

        // Ends 4001 µs past the next deadline (10000): 10000, 12000, 14000 are lost, resume at 16000.
        exec.BeginCycle(8000);
        Assert.Equal(3, exec.EndCycle(14001));
        Assert.Equal(16000, exec.NextDeadlineUs);

        LoopStatistics s = exec.Statistics;
        Assert.Equal(2, s.Overruns);
        Assert.Equal(4, s.SkippedCycles);
        Assert.Equal(4, s.Cycles);
        Assert.Equal(100, s.MinimumCycleUs());
        Assert.Equal(6001, s.MaxCycleUs);
        Assert.Equal(2650, s.AverageCycleUs()); // (2500 + 100 + 2000 + 6001) / 4 = 2650.25
        // starts 0, 4000, 6000, 8000: periods 4000, 2000, 2000
        Assert.Equal(2000, s.MaxJitterUs);
        Assert.Equal(666, s.AverageJitterUs());
        Assert.Equal(375, s.RateHz()); // 3 periods in 8000 µs
    }

    [Fact]
    public void Overrun_ending_exactly_on_a_later_boundary_resumes_there()
    {
        var exec = new CyclicExecutive(1000, 1);
        exec.Start(0);
        exec.BeginCycle(0);
        Assert.Equal(1, exec.EndCycle(2000)); // next deadline 1000 passed; 2000 is a grid point
        Assert.Equal(2000, exec.NextDeadlineUs);
    }

    [Fact]
    public void Slots_rotate_per_executed_cycle_even_across_overruns()
    {
        var exec = new CyclicExecutive(2000, 3);
        Assert.Equal(2, exec.Slot); // the first cycle is slot 0, with or without Start
        exec.Start(0);
        var slots = new List<int>();
        long t = 0;
        for (int i = 0; i < 7; i++)
        {
            exec.BeginCycle(t);
            slots.Add(exec.Slot);
            // every second cycle overruns by one period: grid-based slots would starve a slot
            exec.EndCycle(t + (i % 2 == 0 ? 2500 : 100));
            t = exec.NextDeadlineUs;
        }

        Assert.Equal(new[] { 0, 1, 2, 0, 1, 2, 0 }, slots);

        // Start again mid-round: the next cycle is slot 0 (until then Slot reads the last one), and the deadline
        // the current cycle is held to is the grid point it began on.
        exec.Start(50_000);
        Assert.Equal(2, exec.Slot);
        Assert.Equal(0, exec.BeginCycle(50_007));
        Assert.Equal(50_000, exec.CycleDeadlineUs);
        Assert.Equal(0, exec.EndCycle(50_500));
        Assert.Equal(52_000, exec.NextDeadlineUs);
    }

    [Fact]
    public void WaitForDeadline_spins_until_the_clock_reaches_the_deadline()
    {
        var exec = new CyclicExecutive(2000, 1);
        var clock = new ManualClock { Now = 0, StepPerRead = 7 };
        exec.Start(0);
        RunCycle(exec, 0, 100);
        long start = exec.WaitForDeadline(clock);
        Assert.Equal(2002, start); // first multiple of 7 at or after 2000
        Assert.Equal(287, clock.Reads); // reads at 0, 7, ..., 2002
    }

    [Fact]
    public void Exact_rate_is_reported()
    {
        var exec = new CyclicExecutive(CyclicExecutive.PeriodFromRateHz(500), 1);
        exec.Start(0);
        for (int i = 0; i < 10; i++)
        {
            RunCycle(exec, exec.NextDeadlineUs, 50);
        }

        Assert.Equal(2000, exec.PeriodUs);
        Assert.Equal(500, exec.Statistics.RateHz());
        Assert.Equal(0, exec.Statistics.MaxJitterUs);
        Assert.Equal(50, exec.Statistics.AverageCycleUs());
    }

    [Fact]
    public void Non_integer_rate_period_rounds_and_rate_is_reported_in_millihertz()
    {
        long period = CyclicExecutive.PeriodFromRateHz(300);
        Assert.Equal(3333, period);
        var exec = new CyclicExecutive(period, 1);
        exec.Start(0);
        for (int i = 0; i < 4; i++)
        {
            RunCycle(exec, exec.NextDeadlineUs, 10);
        }

        // 3 periods of 3333 µs: 3e9 / 9999 = 300030.003 mHz
        Assert.Equal(300030, exec.Statistics.RateMilliHz());
    }

    [Fact]
    public void Statistics_reset_starts_a_new_window()
    {
        var exec = new CyclicExecutive(2000, 1);
        exec.Start(0);
        exec.BeginCycle(0);
        exec.EndCycle(5000);
        exec.Statistics.Reset();
        RunCycle(exec, exec.NextDeadlineUs, 200);
        Assert.Equal(1, exec.Statistics.Cycles);
        Assert.Equal(0, exec.Statistics.Overruns);
        Assert.Equal(0, exec.Statistics.Periods);
        Assert.Equal(200, exec.Statistics.MaxCycleUs);
        Assert.Equal(0, exec.Statistics.RateHz());
    }

    [Theory]
    [InlineData(99, 1)]
    [InlineData(2000, 0)]
    [InlineData(2000, 65)]
    public void Bad_configuration_is_refused(long period, int slots)
    {
        Assert.Throws<ArgumentException>(() => new CyclicExecutive(period, slots));
    }
}
