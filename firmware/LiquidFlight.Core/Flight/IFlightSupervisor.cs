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

        /// <summary>
        /// After state estimation, control and the mix, when what the cycle left in <see cref="FlightLoop.State"/> or
        /// <see cref="FlightLoop.Command"/> may sit at an int limit: checks it (for the cycles after this one: the motor
        /// outputs of this one are already mixed). The flight loop screens the values that can get there itself (the
        /// command unless the mixer found it within [-1, 1], and the filtered rates when the gyro limit allows them;
        /// each within [-2^30, 2^30) proves it is not at a limit) and makes no call on an ordinary cycle.
        /// </summary>
        void AfterCycle(FlightLoop loop);
    }
}
