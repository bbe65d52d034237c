using LiquidFlight.Core.Sensors;

namespace LiquidFlight.Core.Flight
{
    /// <summary>
    /// A supervision hook that <see cref="FlightLoop.RunCycle"/> calls around its work, so every host (firmware,
    /// simulator, HIL) gets arming and failsafe by setting <see cref="FlightLoop.Supervisor"/> instead of each
    /// host calling them in its own order. Implemented by Safety/SafetySupervisor. Must not throw or allocate.
    /// </summary>
    public interface IFlightSupervisor
    {
        /// <summary>Before the cycle: may arm or disarm the loop and override <see cref="FlightLoop.Pilot"/>.</summary>
        void BeforeCycle(FlightLoop loop, long nowUs, ref ImuSample sample, bool sampleIsNew);

        /// <summary>After state estimation and control: checks what the cycle computed.</summary>
        void AfterCycle(FlightLoop loop);
    }
}
