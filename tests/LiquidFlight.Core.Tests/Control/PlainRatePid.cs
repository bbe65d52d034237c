using LiquidFlight.Core.Control;
using LiquidFlight.Core.FixedPoint;
using LiquidFlight.Core.Tests.Sensors;

namespace LiquidFlight.Core.Tests.Control
{
    /// <summary>
    /// The plain twin of one axis of Core's PidController: Core's RatePid as it was before the three axes were written
    /// out into PidController.Update (PidControllerTwinTests demands the same bits). Do not optimise this copy.
    /// One rate-loop axis of the cascaded PID, Betaflight-style: P on the rate error, I on the rate error with a
    /// relax factor, D on the measured rate (so setpoint steps do not kick) through the D-term filter, over the
    /// real dt of each sample. Anti-windup: the integral is clamped to the gain's ItermLimit, and it does not
    /// grow further in the direction that would push an already saturated output deeper into saturation
    /// (conditional integration). The integral keeps 32 fraction bits: at 2 ms steps a small error times a small
    /// Ki is well below one Q16.16 LSB and would otherwise be lost, leaving a standing error.
    /// </summary>
    internal sealed class PlainRatePid
    {
        /// <summary>Longest interval the integrator accumulates over in one step (µs).</summary>
        public const long MaxStepUs = 50000;

        private readonly PidAxisGains gains;
        private readonly PlainDTermFilter dterm;
        private long integralQ32;
        private int pTerm;
        private int dTerm;

        public PlainRatePid(PidAxisGains gains, int dtermCutoffHz, int dtermSecondCutoffHz)
        {
            this.gains = gains;
            dterm = new PlainDTermFilter(dtermCutoffHz, dtermSecondCutoffHz);
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
            // The Q16 helpers (Sub, Mul, Add, Clamp, Saturate) are written out here with the same saturation,
            // step for step: nanoFramework does not inline, and this runs three times per cycle.
            PidAxisGains g = gains;
            long wide = (long)setpointRate - measuredRate;
            int error = wide > int.MaxValue ? int.MaxValue : (wide < int.MinValue ? int.MinValue : (int)wide);
            wide = ((long)g.Kp * error + Q16.Half) >> Q16.FractionBits;
            int p = wide > int.MaxValue ? int.MaxValue : (wide < int.MinValue ? int.MinValue : (int)wide);
            pTerm = p;

            // An axis without D gain has no D term: its filter only keeps the measurement and holds zero.
            int acceleration = g.KdMs == 0 ? dterm.Hold(measuredRate) : dterm.Update(measuredRate, dtUs);
            wide = -(((long)g.KdMs * acceleration) >> 16) / 1000;
            int d = wide > int.MaxValue ? int.MaxValue : (wide < int.MinValue ? int.MinValue : (int)wide);
            dTerm = d;

            int itermLimit = g.ItermLimit;
            long limit = (long)(itermLimit < 0 ? 0 : itermLimit) << 16;
            long integral = integralQ32;
            if (integrate && dtUs > 0)
            {
                // Q16.Add(Q16.Add(p, i), d): the inner sum saturates on its own.
                wide = (long)p + (int)(integral >> 16);
                wide = (long)(wide > int.MaxValue ? int.MaxValue : (wide < int.MinValue ? int.MinValue : (int)wide)) + d;
                int unclamped = wide > int.MaxValue ? int.MaxValue : (wide < int.MinValue ? int.MinValue : (int)wide);
                bool pushesDeeper = (unclamped >= Q16.One && error > 0) || (unclamped <= -Q16.One && error < 0);
                if (!pushesDeeper)
                {
                    // Ki * error (Q32) is clamped to +-2^46 (16384 per second, beyond any real use), times the
                    // relax factor (<= 2^16, after dropping 16 bits) and dt (<= 50 ms < 2^16 µs): below 2^62.
                    long rate = (long)g.Ki * error;
                    rate = rate > (1L << 46) ? (1L << 46) : (rate < -(1L << 46) ? -(1L << 46) : rate);
                    rate = (rate >> 16) * (relaxFactor < 0 ? 0 : (relaxFactor > Q16.One ? Q16.One : relaxFactor));
                    long step = dtUs > MaxStepUs ? MaxStepUs : dtUs;
                    integral += rate * step / Q16.MicrosPerSecond;
                }
            }

            if (integral > limit)
            {
                integral = limit;
            }
            else if (integral < -limit)
            {
                integral = -limit;
            }

            integralQ32 = integral;

            // Clamp(Add(Add(p, i), d), -1, 1): the outer saturation is implied by the clamp, the inner one is not.
            wide = (long)p + (int)(integral >> 16);
            wide = (long)(wide > int.MaxValue ? int.MaxValue : (wide < int.MinValue ? int.MinValue : (int)wide)) + d;
            return wide < -Q16.One ? -Q16.One : (wide > Q16.One ? Q16.One : (int)wide);
        }
    }
}
