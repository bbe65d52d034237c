using System;

namespace LiquidFlight.Core.Safety
{
    /// <summary>
    /// Judges the control loop's timing from its overruns with a leaky bucket: each overrun adds a strike, each
    /// run of <see cref="DecayCycles"/> clean cycles removes one. The loop is healthy for arming only with no
    /// strikes (no recent overrun), and failing (motors off in flight) at <see cref="TripStrikes"/>: isolated
    /// overruns are tolerated, a loop that keeps missing its deadlines is not.
    /// </summary>
    public sealed class LoopHealthMonitor
    {
        public readonly int DecayCycles;
        public readonly int TripStrikes;

        public int Strikes;
        private int cleanCycles;

        /// <param name="decayCycles">Clean cycles that forgive one strike (default choice 250: 0.5 s at 500 Hz).</param>
        /// <param name="tripStrikes">Strikes that mean the loop is failing (default choice 10).</param>
        public LoopHealthMonitor(int decayCycles, int tripStrikes)
        {
            if (decayCycles < 1 || tripStrikes < 1)
            {
                throw new ArgumentException("loop health limits must be positive");
            }

            DecayCycles = decayCycles;
            TripStrikes = tripStrikes;
        }

        /// <summary>Records one finished cycle.</summary>
        public void RecordCycle(bool overran)
        {
            if (overran)
            {
                if (Strikes < TripStrikes)
                {
                    Strikes++;
                }

                cleanCycles = 0;
                return;
            }

            if (Strikes > 0)
            {
                cleanCycles++;
                if (cleanCycles >= DecayCycles)
                {
                    Strikes--;
                    cleanCycles = 0;
                }
            }
        }

        public bool IsHealthy()
        {
            return Strikes == 0;
        }

        public bool IsFailing()
        {
            return Strikes >= TripStrikes;
        }
    }
}
