using System;

namespace LiquidFlight.Core.Scheduler
{
    /// <summary>
    /// The timing logic of the hard-timed loop, free of hardware: deadlines on a fixed grid of
    /// <see cref="PeriodUs"/>, overrun handling and slow-job slots. On the board one high-priority thread does
    /// <code>
    /// exec.Start(clock.NowUs());
    /// while (true)
    /// {
    ///     long start = exec.WaitForDeadline(clock);   // spins: while (clock.NowUs() &lt; deadline) {}
    ///     exec.BeginCycle(start);
    ///     // IMU read, FlightLoop.RunCycle, ESC outputs
    ///     if (exec.Slot == TelemetrySlot) { ... }     // slow jobs: one slot per cycle, round-robin
    ///     exec.EndCycle(clock.NowUs());
    /// }
    /// </code>
    /// Deadlines stay on the grid Start + k * PeriodUs, so a late start does not shift every later cycle.
    /// A cycle that ends after the next deadline is an overrun: the loop skips to the next grid point at or after
    /// the end (never runs two cycles back to back to "catch up", which would feed the controller a burst of
    /// tiny dt) and counts the deadlines it abandoned.
    /// </summary>
    public sealed class CyclicExecutive
    {
        public readonly long PeriodUs;

        /// <summary>Number of slow-job slots; the slot advances by one per executed cycle.</summary>
        public readonly int SlotCount;

        public readonly LoopStatistics Statistics;

        /// <summary>Earliest time the next cycle may start (a point of the deadline grid).</summary>
        public long NextDeadlineUs;

        /// <summary>
        /// Grid point the current cycle was scheduled for: between <see cref="BeginCycle"/> and <see cref="EndCycle"/>
        /// it is <see cref="NextDeadlineUs"/>, which only EndCycle moves on (so the cycle stores no copy of it).
        /// </summary>
        public long CycleDeadlineUs
        {
            get { return NextDeadlineUs; }
        }

        /// <summary>Time the current (or last) cycle started.</summary>
        public long CycleStartUs;

        /// <summary>
        /// Slow-job slot of the current cycle, 0 .. SlotCount-1; before the first cycle after <see cref="Start"/>, the
        /// last slot (BeginCycle advances it, so the first cycle is slot 0).
        /// </summary>
        public int Slot;

        /// <summary>Whether the last finished cycle overran, and how many deadlines it cost (0 if not).</summary>
        public bool LastCycleOverran;
        public int LastSkippedCycles;

        /// <param name="periodUs">Loop period in µs (e.g. 2000 for 500 Hz); 100 µs .. 1 s.</param>
        /// <param name="slotCount">Slow-job slots, 1 .. 64; a job owning one slot runs at rate / slotCount.</param>
        public CyclicExecutive(long periodUs, int slotCount)
        {
            if (periodUs < 100 || periodUs > 1000000)
            {
                throw new ArgumentException("periodUs must be 100..1000000");
            }

            if (slotCount < 1 || slotCount > 64)
            {
                throw new ArgumentException("slotCount must be 1..64");
            }

            PeriodUs = periodUs;
            SlotCount = slotCount;
            Statistics = new LoopStatistics(periodUs);
            // As after Start: the first cycle is slot 0.
            Slot = slotCount - 1;
        }

        /// <summary>Period in µs for a loop rate in Hz, rounded to nearest (500 Hz -> 2000 µs, 300 Hz -> 3333 µs).</summary>
        public static long PeriodFromRateHz(int rateHz)
        {
            if (rateHz <= 0)
            {
                throw new ArgumentException("rateHz must be positive");
            }

            return (1000000L + rateHz / 2) / rateHz;
        }

        /// <summary>Anchors the deadline grid: the first cycle is due at <paramref name="nowUs"/>.</summary>
        public void Start(long nowUs)
        {
            NextDeadlineUs = nowUs;
            CycleStartUs = nowUs;
            Slot = SlotCount - 1;
            LastCycleOverran = false;
            LastSkippedCycles = 0;
            Statistics.Reset();
        }

        /// <summary>
        /// After a deliberate pause outside the timed cycle (the disarmed loop report): the statistics window starts
        /// afresh and, if the pause ran past the next deadline, the grid is re-anchored at <paramref name="nowUs"/>
        /// instead of the missed deadlines counting as an overrun.
        /// </summary>
        public void RestartAfterPause(long nowUs)
        {
            if (nowUs > NextDeadlineUs)
            {
                NextDeadlineUs = nowUs;
            }

            LastCycleOverran = false;
            LastSkippedCycles = 0;
            Statistics.Reset();
        }

        public bool IsDue(long nowUs)
        {
            return nowUs >= NextDeadlineUs;
        }

        /// <summary>Spins on the clock until the next deadline and returns the time read when it was reached.</summary>
        public long WaitForDeadline(IMicrosClock clock)
        {
            long deadline = NextDeadlineUs;
            long now = clock.NowUs();
            while (now < deadline)
            {
                now = clock.NowUs();
            }

            return now;
        }

        /// <summary>
        /// Marks the start of the cycle due at <see cref="NextDeadlineUs"/>, selects its slot and returns it (also
        /// in <see cref="Slot"/>). BoardCycle.RunOnce writes this and <see cref="EndCycle"/> out (two call pairs fewer
        /// per cycle on the interpreter); these are the plain formulation, and a test drives both with the same times
        /// and requires the same executive and statistics.
        /// </summary>
        public int BeginCycle(long nowUs)
        {
            CycleStartUs = nowUs;
            int slot = Slot + 1;
            if (slot == SlotCount)
            {
                slot = 0;
            }

            Slot = slot;
            Statistics.RecordStart(nowUs, NextDeadlineUs);
            return slot;
        }

        /// <summary>
        /// Marks the end of the current cycle's work and computes the next deadline.
        /// Returns the number of deadlines skipped by an overrun (0 when the cycle fitted).
        /// </summary>
        public int EndCycle(long nowUs)
        {
            Statistics.RecordEnd(CycleStartUs, nowUs);
            // NextDeadlineUs is still this cycle's deadline (CycleDeadlineUs).
            long next = NextDeadlineUs + PeriodUs;
            if (nowUs <= next)
            {
                NextDeadlineUs = next;
                LastCycleOverran = false;
                LastSkippedCycles = 0;
                return 0;
            }

            return Overran(nowUs, next);
        }

        /// <summary>
        /// The overrun path of <see cref="EndCycle"/> (BoardCycle.RunOnce writes the rest out): the cycle ended at
        /// <paramref name="nowUs"/>, after <paramref name="next"/>, the grid point after its own. Moves the deadline to
        /// the first grid point at or after the end and returns the deadlines skipped.
        /// </summary>
        internal int Overran(long nowUs, long next)
        {
            // First grid point at or after the end: skip the deadlines that passed while we were still working.
            long period = PeriodUs;
            long late = nowUs - next;
            long skipped = (late + period - 1) / period;
            int skippedInt = skipped > int.MaxValue ? int.MaxValue : (int)skipped;
            NextDeadlineUs = next + skipped * period;
            LastCycleOverran = true;
            LastSkippedCycles = skippedInt;
            Statistics.RecordOverrun(skippedInt);
            return skippedInt;
        }
    }
}
