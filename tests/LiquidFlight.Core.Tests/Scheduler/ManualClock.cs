using LiquidFlight.Core.Scheduler;

namespace LiquidFlight.Core.Tests.Scheduler;

/// <summary>A clock the test moves by hand; optionally advances by a fixed step on every read (for spin loops).</summary>
public sealed class ManualClock : IMicrosClock
{
    public long Now;
    public long StepPerRead;
    public int Reads;

    public long NowUs()
    {
        Reads++;
        long t = Now;
        Now += StepPerRead;
        return t;
    }
}
