using LiquidFlight.Core.FixedPoint;
using LiquidFlight.Core.Sensors;

namespace LiquidFlight.Core.Control
{
    /// <summary>
    /// One rate-loop axis of the cascaded PID, Betaflight-style: P on the rate error, I on the rate error with a
    /// relax factor, D on the measured rate (so setpoint steps do not kick) through the D-term filter, over the
    /// real dt of each sample. Anti-windup: the integral is clamped to the gain's ItermLimit, and it does not
    /// grow further in the direction that would push an already saturated output deeper into saturation
    /// (conditional integration). The integral keeps 32 fraction bits: at 2 ms steps a small error times a small
    /// Ki is well below one Q16.16 LSB and would otherwise be lost, leaving a standing error.
    /// </summary>
    public sealed class RatePid
    {
        /// <summary>Longest interval the integrator accumulates over in one step (µs).</summary>
        public const long MaxStepUs = 50000;

        private readonly PidAxisGains gains;
        private readonly DTermFilter dterm;
        private long integralQ32;
        private int pTerm;
        private int dTerm;

        public RatePid(PidAxisGains gains, int dtermCutoffHz, int dtermSecondCutoffHz)
        {
            this.gains = gains;
            dterm = new DTermFilter(dtermCutoffHz, dtermSecondCutoffHz);
        }

        /// <summary>The gains object this axis reads every step (edit it to retune live).</summary>
        public PidAxisGains Gains => gains;

        public int PTerm => pTerm;
        public int ITerm => (int)(integralQ32 >> 16);
        public int DTerm => dTerm;

        public void Reset()
        {
            integralQ32 = 0;
            pTerm = 0;
            dTerm = 0;
            dterm.Reset();
        }

        /// <summary>
        /// One step: rate setpoint and measured rate in rad/s (Q16.16), dt in µs, whether the integrator may move
        /// (false holds it) and the I-term relax factor in [0, 1] (Q16.16). Returns the axis command in [-1, 1].
        /// </summary>
        public int Update(int setpointRate, int measuredRate, long dtUs, bool integrate, int relaxFactor)
        {
            int error = Q16.Sub(setpointRate, measuredRate);
            pTerm = Q16.Mul(gains.Kp, error);

            int acceleration = dterm.Update(measuredRate, dtUs);
            dTerm = Q16.Saturate(-(((long)gains.KdMs * acceleration) >> 16) / 1000);

            long limit = (long)Q16.Clamp(gains.ItermLimit, 0, Q16.MaxValue) << 16;
            if (integrate && dtUs > 0)
            {
                int unclamped = Q16.Add(Q16.Add(pTerm, (int)(integralQ32 >> 16)), dTerm);
                bool pushesDeeper = (unclamped >= Q16.One && error > 0) || (unclamped <= -Q16.One && error < 0);
                if (!pushesDeeper)
                {
                    // Ki * error (Q32) is clamped to +-2^46 (16384 per second, beyond any real use), times the
                    // relax factor (<= 2^16, after dropping 16 bits) and dt (<= 50 ms < 2^16 µs): below 2^62.
                    long rate = (long)gains.Ki * error;
                    rate = rate > (1L << 46) ? (1L << 46) : (rate < -(1L << 46) ? -(1L << 46) : rate);
                    rate = (rate >> 16) * Q16.Clamp(relaxFactor, 0, Q16.One);
                    long step = dtUs > MaxStepUs ? MaxStepUs : dtUs;
                    integralQ32 += rate * step / Q16.MicrosPerSecond;
                }
            }

            if (integralQ32 > limit)
            {
                integralQ32 = limit;
            }
            else if (integralQ32 < -limit)
            {
                integralQ32 = -limit;
            }

            int sum = Q16.Add(Q16.Add(pTerm, (int)(integralQ32 >> 16)), dTerm);
            return Q16.Clamp(sum, -Q16.One, Q16.One);
        }
    }
}
