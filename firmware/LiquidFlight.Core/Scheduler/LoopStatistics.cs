namespace LiquidFlight.Core.Scheduler
{
    /// <summary>
    /// Timing figures of the control loop since the last <see cref="Reset"/>, in the spirit of Betaflight's
    /// `tasks` command: achieved rate, cycle time (work done between start and end of a cycle), period jitter
    /// (|start-to-start interval - nominal period|), start latency (how late a cycle began after its deadline),
    /// overruns and the cycles they cost. Public fields so a telemetry job can read them without calls;
    /// all updates are integer additions, so recording costs a handful of IL instructions per cycle.
    /// BoardCycle.RunOnce writes <see cref="RecordStart"/> and <see cref="RecordEnd"/> out with the executive's
    /// <see cref="CyclicExecutive.BeginCycle"/> and <see cref="CyclicExecutive.EndCycle"/> (four call pairs fewer
    /// per cycle on the interpreter); these methods, which the executive's call, are the plain formulation, and a
    /// test drives both with the same seeded times and requires the same fields.
    /// </summary>
    public sealed class LoopStatistics
    {
        public readonly long NominalPeriodUs;

        /// <summary>Cycles completed (each <see cref="RecordEnd"/>).</summary>
        public long Cycles;
        public long MinCycleUs;
        public long MaxCycleUs;
        public long TotalCycleUs;

        /// <summary>Start-to-start intervals measured (one fewer than starts in the window).</summary>
        public long Periods;
        public long MaxJitterUs;
        public long TotalJitterUs;

        public long MaxStartLatencyUs;

        /// <summary>Cycles that ended after the next deadline.</summary>
        public long Overruns;

        /// <summary>Deadlines abandoned because of overruns (an overrun skips at least one).</summary>
        public long SkippedCycles;

        public long FirstStartUs;
        public long LastStartUs;

        // Internal: BoardCycle.RunOnce writes the two recordings out.
        internal bool haveStart;

        public LoopStatistics(long nominalPeriodUs)
        {
            NominalPeriodUs = nominalPeriodUs;
            Reset();
        }

        /// <summary>Starts a new measurement window; the next cycle start is its first point.</summary>
        public void Reset()
        {
            Cycles = 0;
            MinCycleUs = long.MaxValue;
            MaxCycleUs = 0;
            TotalCycleUs = 0;
            Periods = 0;
            MaxJitterUs = 0;
            TotalJitterUs = 0;
            MaxStartLatencyUs = 0;
            Overruns = 0;
            SkippedCycles = 0;
            FirstStartUs = 0;
            LastStartUs = 0;
            haveStart = false;
        }

        /// <summary>A cycle scheduled for <paramref name="deadlineUs"/> began at <paramref name="startUs"/>.</summary>
        public void RecordStart(long startUs, long deadlineUs)
        {
            if (haveStart)
            {
                long period = startUs - LastStartUs;
                long jitter = period - NominalPeriodUs;
                if (jitter < 0)
                {
                    jitter = -jitter;
                }

                Periods++;
                TotalJitterUs += jitter;
                if (jitter > MaxJitterUs)
                {
                    MaxJitterUs = jitter;
                }
            }
            else
            {
                FirstStartUs = startUs;
                haveStart = true;
            }

            LastStartUs = startUs;
            long latency = startUs - deadlineUs;
            if (latency > MaxStartLatencyUs)
            {
                MaxStartLatencyUs = latency;
            }
        }

        /// <summary>The cycle that began at <paramref name="startUs"/> finished its work at <paramref name="endUs"/>.</summary>
        public void RecordEnd(long startUs, long endUs)
        {
            long work = endUs - startUs;
            if (work < 0)
            {
                work = 0;
            }

            Cycles++;
            TotalCycleUs += work;
            if (work < MinCycleUs)
            {
                MinCycleUs = work;
            }

            if (work > MaxCycleUs)
            {
                MaxCycleUs = work;
            }
        }

        public void RecordOverrun(int skippedCycles)
        {
            Overruns++;
            SkippedCycles += skippedCycles;
        }

        /// <summary>Mean cycle time in µs, truncated; 0 before the first cycle.</summary>
        public long AverageCycleUs()
        {
            return Cycles == 0 ? 0 : TotalCycleUs / Cycles;
        }

        /// <summary>Smallest cycle time in µs; 0 before the first cycle.</summary>
        public long MinimumCycleUs()
        {
            return Cycles == 0 ? 0 : MinCycleUs;
        }

        /// <summary>Mean |period - nominal| in µs, truncated; 0 before two starts.</summary>
        public long AverageJitterUs()
        {
            return Periods == 0 ? 0 : TotalJitterUs / Periods;
        }

        /// <summary>
        /// Achieved loop rate in Hz, rounded to nearest: intervals between the first and last start of the window
        /// divided by the time they spanned. 0 before two starts.
        /// </summary>
        public int RateHz()
        {
            long span = LastStartUs - FirstStartUs;
            if (Periods == 0 || span <= 0)
            {
                return 0;
            }

            return (int)((Periods * 1000000L + span / 2) / span);
        }

        /// <summary>Achieved rate in milli-hertz, for rates that are not whole numbers (e.g. 333.333 Hz).</summary>
        public long RateMilliHz()
        {
            long span = LastStartUs - FirstStartUs;
            if (Periods == 0 || span <= 0)
            {
                return 0;
            }

            return (Periods * 1000000000L + span / 2) / span;
        }
    }
}
