using LiquidFlight.Core.Scheduler;

namespace LiquidFlight.Core.Bench
{
    /// <summary>A microsecond clock set by hand: the bench flight moves it to each deadline.</summary>
    public sealed class BenchClock : IMicrosClock
    {
        public long Now;

        public long NowUs()
        {
            return Now;
        }
    }
}
