using LiquidFlight.Core.FixedPoint;
using LiquidFlight.Core.Sensors;

namespace LiquidFlight.Core.Tests.Sensors
{
    /// <summary>
    /// The plain twin of the D-term path inside Core's PidController: Core's DTermFilter as it was before it was written
    /// out into PidController.Update. Do not optimise this copy.
    /// The derivative term's signal path, Betaflight-style: the derivative of the measurement (not of the error,
    /// so setpoint steps do not kick the motors) over the real dt of each sample, then two PT1 stages in series
    /// (the second may be disabled with a cutoff of 0). Differentiation amplifies gyro noise in proportion to
    /// frequency; the two stages give -40 dB/decade above their cutoffs to take it back out.
    /// Input rad/s Q16.16, output rad/s^2 Q16.16.
    /// </summary>
    internal sealed class PlainDTermFilter
    {
        private readonly Pt1Filter first;
        private readonly Pt1Filter second;
        private int previous;
        private bool hasPrevious;

        public PlainDTermFilter(int cutoffHz, int secondCutoffHz)
        {
            first = new Pt1Filter(cutoffHz);
            second = new Pt1Filter(secondCutoffHz);
        }

        public int Output => second.Output;

        public void SetCutoffs(int cutoffHz, int secondCutoffHz)
        {
            first.SetCutoff(cutoffHz);
            second.SetCutoff(secondCutoffHz);
        }

        public void Reset()
        {
            hasPrevious = false;
            previous = 0;
            first.Reset(0);
            second.Reset(0);
        }

        /// <summary>
        /// Keeps <paramref name="measurement"/> as the reference without filtering (the axis has no D gain) and
        /// clears both stages; returns their output, 0.
        /// </summary>
        public int Hold(int measurement)
        {
            previous = measurement;
            hasPrevious = true;
            first.Reset(0);
            second.Reset(0);
            return second.Output;
        }

        /// <summary>
        /// Adds one measurement taken <paramref name="dtUs"/> after the previous one and returns the filtered
        /// derivative. The first measurement after a reset, or one with dt &lt;= 0, only becomes the reference.
        /// </summary>
        public int Update(int measurement, long dtUs)
        {
            if (!hasPrevious || dtUs <= 0)
            {
                previous = measurement;
                hasPrevious = true;
                return second.Output;
            }

            long rawDerivative = ((long)measurement - previous) * Q16.MicrosPerSecond / dtUs;
            previous = measurement;
            int derivative = Q16.Saturate(rawDerivative);
            return second.Apply(first.Apply(derivative, dtUs), dtUs);
        }
    }
}
