namespace LiquidFlight.Core.Scheduler
{
    /// <summary>
    /// Work that needs no per-cycle rate (telemetry, a link's housekeeping), run by the board cycle in the slow
    /// slots given to it, after the motors have been written. It must stay short (a slot's job shares the cycle's
    /// period with the control work) and must not throw or allocate.
    /// </summary>
    public interface ISlowJob
    {
        void Run(long nowUs);
    }
}
