namespace LiquidFlight.Core.Scheduler
{
    /// <summary>
    /// A monotonic microsecond clock. On the board it is HighResTimer.GetCurrent(); in tests and the simulator it
    /// is a clock advanced by hand, so the executive's timing decisions can be checked to the microsecond.
    /// </summary>
    public interface IMicrosClock
    {
        long NowUs();
    }
}
