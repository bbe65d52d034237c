using LiquidFlight.Core.FixedPoint;

namespace LiquidFlight.Core.Sensors
{
    /// <summary>
    /// First-order low-pass (PT1, the RC filter) stepped over the real time between samples:
    /// y += alpha (x - y), alpha = dt / (RC + dt), RC = 1 / (2 pi fc).
    /// With irregular sampling a fixed alpha would make the cutoff move with the sample rate; computing alpha from
    /// each sample's dt keeps the time constant where it was configured. A cutoff of 0 makes the filter a
    /// pass-through. Values are Q16.16, times microseconds; one 64-bit division per step.
    /// </summary>
    public sealed class Pt1Filter
    {
        private long timeConstantUs;
        private int state;

        // Alpha depends only on dt and the cutoff, and dt is the same from one cycle to the next in steady flight:
        // the last result is kept so that the 64-bit division runs only when dt changes. Alpha(0) is 0, which
        // the initial values describe.
        private long alphaDtUs;
        private int alphaForDt;

        public Pt1Filter(int cutoffHz)
        {
            SetCutoff(cutoffHz);
        }

        /// <summary>Filter output (the last value returned by <see cref="Apply"/>).</summary>
        public int Output => state;

        /// <summary>RC time constant in µs; 0 when the filter passes its input through.</summary>
        public long TimeConstantUs => timeConstantUs;

        /// <summary>Sets the cutoff (Hz, Q16.16); 0 or negative disables filtering.</summary>
        public void SetCutoff(int cutoffHz)
        {
            alphaDtUs = 0;
            alphaForDt = 0;
            timeConstantUs = TimeConstantFor(cutoffHz);
        }

        /// <summary>RC time constant in µs of a cutoff (Hz, Q16.16); 0 (pass-through) for a cutoff of 0 or less.</summary>
        public static long TimeConstantFor(int cutoffHz)
        {
            if (cutoffHz <= 0)
            {
                return 0;
            }

            // RC [µs] = 1e6 / (2 pi fc) = 1e6 * 2^32 / (TwoPi_Q16 * fc_Q16); 2^32 * 1e6 fits a long with room.
            long denominator = (long)Trig.TwoPi * cutoffHz;
            return ((Q16.MicrosPerSecond << 32) + denominator / 2) / denominator;
        }

        public void Reset(int value)
        {
            state = value;
        }

        /// <summary>alpha = dt / (RC + dt) in Q16.16 for a step of <paramref name="dtUs"/>; 0 when time did not advance.</summary>
        public int Alpha(long dtUs)
        {
            if (dtUs == alphaDtUs)
            {
                return alphaForDt;
            }

            int alpha = AlphaFor(timeConstantUs, dtUs);
            alphaDtUs = dtUs;
            alphaForDt = alpha;
            return alpha;
        }

        /// <summary>
        /// alpha = dt / (RC + dt) in Q16.16 for an RC time constant (µs, 0 = pass-through, alpha 1) and a step;
        /// 0 when time did not advance. For filters written out elsewhere (PidController, the flight loop's gyro PT1) that keep it.
        /// </summary>
        public static int AlphaFor(long timeConstantUs, long dtUs)
        {
            if (dtUs <= 0)
            {
                return 0;
            }

            if (timeConstantUs == 0)
            {
                return Q16.One;
            }

            if (dtUs > int.MaxValue)
            {
                dtUs = int.MaxValue;
            }

            return (int)((dtUs << Q16.FractionBits) / (timeConstantUs + dtUs));
        }

        /// <summary>One step with a precomputed alpha (lets several axes with one cutoff share a division).</summary>
        public int ApplyAlpha(int input, int alpha)
        {
            long difference = (long)input - state;
            state += (int)((difference * alpha + Q16.Half) >> Q16.FractionBits);
            return state;
        }

        public int Apply(int input, long dtUs)
        {
            return ApplyAlpha(input, Alpha(dtUs));
        }
    }
}
