using LiquidFlight.Core.Flight;

namespace LiquidFlight.Firmware.Flight
{
    /// <summary>
    /// The hard-timed loop: one highest-priority thread that runs Core's <see cref="BoardCycle"/> forever. Every
    /// decision of the cycle (timing, IMU conversion and health, calibration, arming, failsafe, control, ESC pulses,
    /// RC and status slots, overruns) is Core's; the board's drivers reach it through the interfaces they implement.
    /// </summary>
    public sealed class FlightTask
    {
        public readonly BoardCycle Cycle;

        public FlightTask(BoardCycle cycle)
        {
            Cycle = cycle;
        }

        /// <summary>The thread body: never returns (a cycle never throws out of <see cref="BoardCycle.RunOnce"/>).</summary>
        public void Run()
        {
            Cycle.Start();
            while (true)
            {
                Cycle.RunOnce();
            }
        }
    }
}
