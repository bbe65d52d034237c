using LiquidFlight.Core.Control;
using LiquidFlight.Core.FixedPoint;
using LiquidFlight.Core.Sensors;

namespace LiquidFlight.Core.Tests.Control
{
    /// <summary>
    /// The plain twin of Core's PidController: its code before the three axes, the I-term relax filters and the D-term
    /// filters were written out into one method (helpers as separate objects, gains read live from the PidGains object).
    /// PidControllerTwinTests demands the same bits from both. Do not optimise this copy; the documentation is Core's.
    /// The baseline stabiliser: Betaflight-style cascade. Roll and pitch: angle error (setpoint minus estimate,
    /// wrapped to +-pi) times AngleKp gives a rate setpoint, limited to MaxAngleRateRadS; yaw takes its rate
    /// setpoint straight from the flight mode. Each axis then runs a <see cref="PlainRatePid"/> on the filtered gyro
    /// rate. The integrators hold while the collective throttle is below ItermThrottleThreshold (sitting on the
    /// ground at idle must not wind them up) and, for roll and pitch, relax while the rate setpoint moves fast
    /// (I-term relax: the integral should learn steady disturbances, not fight the pilot's own manoeuvres).
    /// The flight loop resets the controller on arming and disarming.
    /// </summary>
    internal sealed class PlainPidController : IController
    {
        private readonly PidGains gains;
        private readonly PlainRatePid roll;
        private readonly PlainRatePid pitch;
        private readonly PlainRatePid yaw;
        private readonly Pt1Filter rollSetpointLowPass;
        private readonly Pt1Filter pitchSetpointLowPass;

        private int rollRateSetpoint;
        private int pitchRateSetpoint;
        private int yawRateSetpoint;

        /// <summary>Builds the controller around <paramref name="gains"/> (kept by reference: P, I, D and limits can be retuned live; filter cutoffs are read here).</summary>
        public PlainPidController(PidGains gains)
        {
            this.gains = gains ?? new PidGains();
            roll = new PlainRatePid(this.gains.Roll, this.gains.DTermCutoffHz, this.gains.DTermSecondCutoffHz);
            pitch = new PlainRatePid(this.gains.Pitch, this.gains.DTermCutoffHz, this.gains.DTermSecondCutoffHz);
            yaw = new PlainRatePid(this.gains.Yaw, this.gains.DTermCutoffHz, this.gains.DTermSecondCutoffHz);
            rollSetpointLowPass = new Pt1Filter(this.gains.ItermRelaxCutoffHz);
            pitchSetpointLowPass = new Pt1Filter(this.gains.ItermRelaxCutoffHz);
        }

        public string Name => "pid";

        public PidGains Gains => gains;

        /// <summary>Per-axis loops, for telemetry (P, I, D terms).</summary>
        public PlainRatePid RollAxis => roll;
        public PlainRatePid PitchAxis => pitch;
        public PlainRatePid YawAxis => yaw;

        /// <summary>Rate setpoints of the last step (rad/s Q16.16), for telemetry.</summary>
        public int RollRateSetpoint => rollRateSetpoint;
        public int PitchRateSetpoint => pitchRateSetpoint;
        public int YawRateSetpoint => yawRateSetpoint;

        public void Reset()
        {
            roll.Reset();
            pitch.Reset();
            yaw.Reset();
            rollSetpointLowPass.Reset(0);
            pitchSetpointLowPass.Reset(0);
            rollRateSetpoint = 0;
            pitchRateSetpoint = 0;
            yawRateSetpoint = 0;
        }

        public void Update(ControlSetpoint setpoint, VehicleState state, long dtUs, AxisCommand output)
        {
            // Clamp(Mul(AngleKp, WrapPi(Sub(target, attitude))), -maxRate, maxRate) with the Q16 helpers written
            // out: WrapPi returns |x| <= pi, so Mul's saturation is implied by the clamp (maxRate <= int.MaxValue).
            int maxRate = gains.MaxAngleRateRadS;
            maxRate = maxRate < 0 ? 0 : maxRate;
            long angleKp = gains.AngleKp;
            long wide = (long)setpoint.RollRad - state.Roll;
            wide = (angleKp * Trig.WrapPi(wide > int.MaxValue ? int.MaxValue : (wide < int.MinValue ? int.MinValue : (int)wide)) + Q16.Half) >> Q16.FractionBits;
            rollRateSetpoint = wide < -maxRate ? -maxRate : (wide > maxRate ? maxRate : (int)wide);
            wide = (long)setpoint.PitchRad - state.Pitch;
            wide = (angleKp * Trig.WrapPi(wide > int.MaxValue ? int.MaxValue : (wide < int.MinValue ? int.MinValue : (int)wide)) + Q16.Half) >> Q16.FractionBits;
            pitchRateSetpoint = wide < -maxRate ? -maxRate : (wide > maxRate ? maxRate : (int)wide);
            yawRateSetpoint = setpoint.YawRateRadS;

            bool integrate = setpoint.Throttle >= gains.ItermThrottleThreshold;
            int rollRelax = RelaxFactor(rollSetpointLowPass, rollRateSetpoint, dtUs);
            int pitchRelax = RelaxFactor(pitchSetpointLowPass, pitchRateSetpoint, dtUs);

            output.Roll = roll.Update(rollRateSetpoint, state.RollRate, dtUs, integrate, rollRelax);
            output.Pitch = pitch.Update(pitchRateSetpoint, state.PitchRate, dtUs, integrate, pitchRelax);
            output.Yaw = yaw.Update(yawRateSetpoint, state.YawRate, dtUs, integrate, Q16.One);
        }

        /// <summary>1 - |setpoint - lowpass(setpoint)| / threshold, clamped to [0, 1]; 1 when relax is disabled.</summary>
        private int RelaxFactor(Pt1Filter lowPass, int rateSetpoint, long dtUs)
        {
            int smoothed = lowPass.Apply(rateSetpoint, dtUs);
            int threshold = gains.ItermRelaxThresholdRadS;
            if (threshold <= 0)
            {
                return Q16.One;
            }

            int highPass = Q16.Abs(Q16.Sub(rateSetpoint, smoothed));
            if (highPass >= threshold)
            {
                return 0;
            }

            return Q16.One - (int)(((long)highPass << Q16.FractionBits) / threshold);
        }
    }
}
