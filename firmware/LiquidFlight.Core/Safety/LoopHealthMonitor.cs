using System;

namespace LiquidFlight.Core.Safety
{
    /// <summary>
    /// Judges the control loop's timing from its overruns with a leaky bucket in time: each overrun adds a strike,
    /// each <see cref="ForgiveUs"/> without an overrun removes one. The loop is healthy for arming only with no
    /// strikes (no recent overrun), and failing (motors off in flight) at <see cref="TripStrikes"/>: isolated
    /// overruns are tolerated, a loop that keeps missing its deadlines is not. In time, not cycles, so the
    /// tolerance is the same at any loop rate.
    /// </summary>
    public sealed class LoopHealthMonitor
    {
        public readonly long ForgiveUs;
        public readonly int TripStrikes;

        public int Strikes;
        private long lastEventUs;

        /// <param name="forgiveUs">Clean time that forgives one strike (default 500 ms).</param>
        /// <param name="tripStrikes">Strikes that mean the loop is failing (default 10).</param>
        public LoopHealthMonitor(long forgiveUs, int tripStrikes)
        {
            if (forgiveUs < 1 || tripStrikes < 1)
            {
                throw new ArgumentException("loop health limits must be positive");
            }

            ForgiveUs = forgiveUs;
            TripStrikes = tripStrikes;
        }

        /// <summary>Records one cycle that finished at <paramref name="nowUs"/>.</summary>
        public void RecordCycle(bool overran, long nowUs)
        {
            if (overran)
            {
                if (Strikes < TripStrikes)
                {
                    Strikes++;
                }

                lastEventUs = nowUs;
                return;
            }

            if (Strikes > 0 && nowUs - lastEventUs >= ForgiveUs)
            {
                Strikes--;
                lastEventUs = nowUs;
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
