using LiquidFlight.Core.FixedPoint;
using LiquidFlight.Core.Sensors;

namespace LiquidFlight.Core.Control
{
    /// <summary>
    /// The baseline stabiliser: Betaflight-style cascade. Roll and pitch: angle error (setpoint minus estimate,
    /// wrapped to +-pi) times AngleKp gives a rate setpoint, limited to MaxAngleRateRadS; yaw takes its rate
    /// setpoint straight from the flight mode. Each axis then runs a rate PID on the filtered gyro rate:
    /// P on the rate error, I on the rate error with a relax factor, D on the measured rate (so setpoint steps do
    /// not kick) through the D-term filter (the derivative over the real dt, then two PT1 stages in series; a
    /// cutoff of 0 disables a stage). An axis whose Kd is 0 has no D term and runs no D-term filter, which then holds
    /// zero, so a later nonzero Kd starts it from zero (Betaflight likewise computes no D for an axis without D gain).
    /// Anti-windup: the integral is clamped to the axis' ItermLimit, and it does not grow further in the direction
    /// that would push an already saturated output deeper into saturation (conditional integration). The integral
    /// keeps 32 fraction bits: at 2 ms steps a small error times a small Ki is well below one Q16.16 LSB and would
    /// otherwise be lost, leaving a standing error.
    /// The integrators hold while the collective throttle is below ItermThrottleThreshold (sitting on the ground at
    /// idle must not wind them up) and, for roll and pitch, relax while the rate setpoint moves fast (I-term relax:
    /// the setpoint minus its PT1 low-pass; the integral should learn steady disturbances, not fight the pilot's own
    /// manoeuvres). The flight loop resets the controller on arming and disarming.
    /// <para>
    /// Cost on the interpreter: the whole step of the three axes is written out in <see cref="Update"/>, with every
    /// per-axis state in a field of this object read once into a local, the gains copied into fields (and checked)
    /// when they are applied, the filter coefficients computed once per distinct dt, and no saturation where the
    /// ranges below prove it cannot bite. Inputs or gains outside those ranges take the general step
    /// (<see cref="StepAxis"/>, saturating everywhere) instead: same bits, more time. The plain formulation (one
    /// object per axis and per filter) is the tests' twin (PlainPidController) and must give the same bits.
    /// </para>
    /// </summary>
    public sealed class PidController : IController
    {
        /// <summary>Longest interval the integrator accumulates over in one step (µs).</summary>
        public const long MaxStepUs = 50000;

        // The written-out rate step needs measured rates and the yaw rate setpoint in [-2^26, 2^26) (1024 rad/s) and
        // gains within these bounds; then |error| < 2^27, |P| <= 2^29, |Ki * error| < 2^46 (the rate clamp never
        // bites), |D| <= 2^31 * 2^23 / 2^16 / 1000 < 2^29 and |I| <= 2^29, so P + I + D cannot overflow an int.
        private const int RateBound = 1 << 26;
        private const int MaxFastKp = 1 << 18;
        private const int MaxFastKi = 1 << 19;
        private const int MaxFastKdMs = 1 << 23;
        private const int MaxFastItermLimit = 1 << 29;
        // The written-out step's dt range, [1, MaxFastDtUs]: dt - 1 shifted left by DtRangeShift stays below the
        // rates' bound 2 * RateBound exactly when dt - 1 < MaxFastDtUs.
        private const int MaxFastDtUs = 1 << 15;
        private const int DtRangeShift = 27 - 15;
        private const long MaxFastIntegral = (long)MaxFastItermLimit << 16;

        private readonly PidGains gains;

        // The applied gains (ApplyGains), widened where the step multiplies them into a long.
        private long angleKp;
        private long maxRate;
        private int throttleThreshold;
        private long relaxThreshold;
        private long rollKp, rollKi, rollKd, rollLimit;
        private long pitchKp, pitchKi, pitchKd, pitchLimit;
        private long yawKp, yawKi, yawKd, yawLimit;
        private long relaxTimeConstantUs, dTermTimeConstantUs, dTermSecondTimeConstantUs;
        private bool gainsInRange;

        // 2 * RateBound while the written-out step may run (gains in range, every integral within MaxFastIntegral),
        // 0 while it may not: the step's range test of its rates then fails whatever they are.
        private ulong fastRange;

        // Every per-axis state is a long, so that the step converts nothing; each holds an int value.
        private long rollRateSetpoint, pitchRateSetpoint, yawRateSetpoint;
        private long rollSetpointLowPass, pitchSetpointLowPass;

        // D-term path per axis: previous measured rate, first and second PT1 stage outputs.
        private bool hasPreviousRate;
        private long rollPrevious, rollFirst, rollSecond;
        private long pitchPrevious, pitchFirst, pitchSecond;
        private long yawPrevious, yawFirst, yawSecond;

        private long rollIntegral, pitchIntegral, yawIntegral;

        /// <summary>
        /// Builds the controller around <paramref name="gains"/> and applies them. The object is kept: after editing it,
        /// call <see cref="ApplyGains"/> to retune (gains and filter cutoffs) between steps.
        /// </summary>
        public PidController(PidGains gains)
        {
            this.gains = gains ?? new PidGains();
            ApplyGains();
        }

        public string Name => "pid";

        public PidGains Gains => gains;

        /// <summary>Rate setpoints of the last step (rad/s Q16.16), for telemetry.</summary>
        public int RollRateSetpoint => (int)rollRateSetpoint;
        public int PitchRateSetpoint => (int)pitchRateSetpoint;
        public int YawRateSetpoint => (int)yawRateSetpoint;

        /// <summary>
        /// P, I and D terms of each axis (normalised Q16.16), for telemetry: P and D as the last step's rate
        /// setpoint, measured rate and D-term filter give them with the applied gains (the step does not store them).
        /// </summary>
        public int RollPTerm => PTerm(rollKp, rollRateSetpoint, rollPrevious);
        public int RollITerm => (int)(rollIntegral >> 16);
        public int RollDTerm => DTerm(rollKd, rollSecond);
        public int PitchPTerm => PTerm(pitchKp, pitchRateSetpoint, pitchPrevious);
        public int PitchITerm => (int)(pitchIntegral >> 16);
        public int PitchDTerm => DTerm(pitchKd, pitchSecond);
        public int YawPTerm => PTerm(yawKp, yawRateSetpoint, yawPrevious);
        public int YawITerm => (int)(yawIntegral >> 16);
        public int YawDTerm => DTerm(yawKd, yawSecond);

        /// <summary>
        /// Reads <see cref="Gains"/> again (the angle loop, the three axes, the filter cutoffs and the integrator
        /// management): edits of that object take effect here, not in the middle of a step. Keeps the state.
        /// </summary>
        public void ApplyGains()
        {
            PidGains g = gains;
            angleKp = g.AngleKp;
            maxRate = g.MaxAngleRateRadS < 0 ? 0 : g.MaxAngleRateRadS;
            throttleThreshold = g.ItermThrottleThreshold;
            relaxThreshold = g.ItermRelaxThresholdRadS;
            rollKp = g.Roll.Kp;
            rollKi = g.Roll.Ki;
            rollKd = g.Roll.KdMs;
            rollLimit = (long)(g.Roll.ItermLimit < 0 ? 0 : g.Roll.ItermLimit) << 16;
            pitchKp = g.Pitch.Kp;
            pitchKi = g.Pitch.Ki;
            pitchKd = g.Pitch.KdMs;
            pitchLimit = (long)(g.Pitch.ItermLimit < 0 ? 0 : g.Pitch.ItermLimit) << 16;
            yawKp = g.Yaw.Kp;
            yawKi = g.Yaw.Ki;
            yawKd = g.Yaw.KdMs;
            yawLimit = (long)(g.Yaw.ItermLimit < 0 ? 0 : g.Yaw.ItermLimit) << 16;
            // An axis whose Kd is 0 has no D term and runs no D-term filter: its filter holds zero, so a later
            // nonzero Kd starts it from zero.
            if (rollKd == 0)
            {
                rollFirst = rollSecond = 0;
            }

            if (pitchKd == 0)
            {
                pitchFirst = pitchSecond = 0;
            }

            if (yawKd == 0)
            {
                yawFirst = yawSecond = 0;
            }

            relaxTimeConstantUs = Pt1Filter.TimeConstantFor(g.ItermRelaxCutoffHz);
            dTermTimeConstantUs = Pt1Filter.TimeConstantFor(g.DTermCutoffHz);
            dTermSecondTimeConstantUs = Pt1Filter.TimeConstantFor(g.DTermSecondCutoffHz);
            gainsInRange = maxRate < RateBound
                && AxisInRange(g.Roll) && AxisInRange(g.Pitch) && AxisInRange(g.Yaw);
            fastRange = hasPreviousRate && gainsInRange && IntegralInRange(rollIntegral) && IntegralInRange(pitchIntegral)
                && IntegralInRange(yawIntegral) ? 2UL * RateBound : 0;
        }

        public void Reset()
        {
            rollRateSetpoint = 0;
            pitchRateSetpoint = 0;
            yawRateSetpoint = 0;
            rollSetpointLowPass = 0;
            pitchSetpointLowPass = 0;
            hasPreviousRate = false;
            rollPrevious = rollFirst = rollSecond = 0;
            pitchPrevious = pitchFirst = pitchSecond = 0;
            yawPrevious = yawFirst = yawSecond = 0;
            rollIntegral = pitchIntegral = yawIntegral = 0;
            // The first step after a reset has no previous rate: the general step makes it.
            fastRange = 0;
        }

        public void Update(ControlSetpoint setpoint, VehicleState state, long dtUs, AxisCommand output)
        {
            // Q16.Half, Q16.One and the other constants stay literals: the IL pass makes each one wide load (62), and a
            // local for one would cost more in its zeroing and initialisation per call (145) than it saves at its dozen
            // or fewer loads (8 each).

            // The written-out step's range test, first: the measured rates and the yaw rate setpoint in
            // [-RateBound, RateBound) and dt in [1, MaxFastDtUs] (x + 2^26 as an unsigned number is below 2^27 for x
            // in [-2^26, 2^26); for dt in [1, 2^15], u = dt - 1 and u << 12 both are, and for any other dt one of them is
            // not, the shift losing no bit while u < 2^27; the OR of such numbers is below 2^27 exactly when each is),
            // while fastRange allows it (gains and integrals in range, and a previous rate to differentiate). Anything
            // else takes the general step, which also makes the first step after a reset. So here time advanced, by at
            // most MaxFastDtUs (below MaxStepUs: the integrator takes the whole dt; an int: AlphaFor's clamp of dt
            // cannot act), and the D term differentiates.
            long rollRate = state.RollRate;
            long pitchRate = state.PitchRate;
            long yawRate = state.YawRate;
            long yawSp = setpoint.YawRateRadS;
            ulong interval = (ulong)(dtUs - 1);
            if (((ulong)(rollRate + RateBound) | (ulong)(pitchRate + RateBound) | (ulong)(yawRate + RateBound)
                | (ulong)(yawSp + RateBound) | interval | (interval << DtRangeShift)) >= fastRange)
            {
                UpdateGeneral(setpoint, state, dtUs, output);
                return;
            }

            // Angle loop: Clamp(Mul(AngleKp, WrapPi(Sub(target, attitude))), -maxRate, maxRate). WrapPi is the
            // identity on [-pi, pi] (Trig.WrapPi rounds back exactly what it shifted), so only a larger error
            // calls it; |WrapPi| <= pi, so Mul's saturation is implied by the clamp (maxRate <= int.MaxValue).
            // The clamp to [-maxRate, maxRate] as one unsigned compare in range: x + maxRate in [0, 2 * maxRate].
            long rateLimit = maxRate;
            long rateSpan = rateLimit << 1;
            long kp = angleKp;
            long wide = (long)setpoint.RollRad - state.Roll;
            if ((ulong)(wide + Trig.Pi) > 2 * Trig.Pi)
            {
                wide = Trig.WrapPi(Q16.Saturate(wide));
            }

            wide = (kp * wide + Q16.Half) >> 16;
            long rollSp = (ulong)(wide + rateLimit) > (ulong)rateSpan ? (wide > 0 ? rateLimit : -rateLimit) : wide;
            rollRateSetpoint = rollSp;
            wide = (long)setpoint.PitchRad - state.Pitch;
            if ((ulong)(wide + Trig.Pi) > 2 * Trig.Pi)
            {
                wide = Trig.WrapPi(Q16.Saturate(wide));
            }

            wide = (kp * wide + Q16.Half) >> 16;
            long pitchSp = (ulong)(wide + rateLimit) > (ulong)rateSpan ? (wide > 0 ? rateLimit : -rateLimit) : wide;
            pitchRateSetpoint = pitchSp;
            yawRateSetpoint = yawSp;

            // Functions of dt alone, computed every cycle: the PT1 coefficients (Q16.16, Pt1Filter.AlphaFor written
            // out for a dt in [1, MaxFastDtUs]). On the board no two sample intervals are quite equal (the loop starts
            // each cycle a varying few µs after its deadline), so keeping the last dt's values would miss almost every time.
            long tau = relaxTimeConstantUs;
            long alpha = tau == 0 ? Q16.One : (dtUs << 16) / (tau + dtUs);
            tau = dTermTimeConstantUs;
            long dTermAlpha = tau == 0 ? Q16.One : (dtUs << 16) / (tau + dtUs);
            tau = dTermSecondTimeConstantUs;
            long alpha2 = tau == 0 ? Q16.One : (dtUs << 16) / (tau + dtUs);

            // I-term relax, roll and pitch: 1 - |setpoint - lowpass(setpoint)| / threshold in [0, 1]; 1 when the
            // threshold is 0 or less. The difference is (setpoint - old low-pass) - (the low-pass' step), in a long:
            // the same as Abs(Sub(...)) for every comparison with a threshold <= int.MaxValue. A PT1 step in a long
            // is Pt1Filter.ApplyAlpha's int step: the new output lies between the old one and the input.
            long lowPass = rollSetpointLowPass;
            wide = rollSp - lowPass;
            long step = (wide * alpha + Q16.Half) >> 16;
            rollSetpointLowPass = lowPass + step;
            long rollDifference = wide - step;
            lowPass = pitchSetpointLowPass;
            wide = pitchSp - lowPass;
            step = (wide * alpha + Q16.Half) >> 16;
            pitchSetpointLowPass = lowPass + step;
            wide -= step;
            long threshold = relaxThreshold;
            long rollRelax, pitchRelax;
            if (threshold > 0)
            {
                if (rollDifference < 0)
                {
                    rollDifference = -rollDifference;
                }

                rollRelax = rollDifference >= threshold ? 0 : Q16.One - (rollDifference << 16) / threshold;
                if (wide < 0)
                {
                    wide = -wide;
                }

                pitchRelax = wide >= threshold ? 0 : Q16.One - (wide << 16) / threshold;
            }
            else
            {
                rollRelax = pitchRelax = Q16.One;
            }

            // Held below the throttle threshold (one compare: its negation would cost two more opcodes).
            bool hold = setpoint.Throttle < throttleThreshold;
            alpha = dTermAlpha;

            // Roll. The D-term filter's input is the derivative saturated to an int; both stages are PT1 steps; an
            // axis with Kd 0 skips the whole D path (yaw's usual case: both frames fly yaw without D).
            // With the ranges of RateBound nothing else saturates: P, I, D and their sums are the ints they would be.
            // The conditional integration's test of the unclamped output starts with one unsigned compare: an output
            // strictly inside (-1, 1) pushes nothing deeper into saturation.
            long first, second;
            long error = rollSp - rollRate;
            long p = (rollKp * error + Q16.Half) >> 16;
            long kd = rollKd;
            long d;
            if (kd != 0)
            {
                wide = (rollRate - rollPrevious) * Q16.MicrosPerSecond / dtUs;
                if ((ulong)(wide - int.MinValue) > uint.MaxValue)
                {
                    wide = wide > 0 ? int.MaxValue : int.MinValue;
                }

                first = rollFirst;
                first += ((wide - first) * alpha + Q16.Half) >> 16;
                rollFirst = first;
                second = rollSecond;
                second += ((first - second) * alpha2 + Q16.Half) >> 16;
                rollSecond = second;
                d = -((kd * second) >> 16) / 1000;
            }
            else
            {
                d = 0;
            }

            rollPrevious = rollRate;
            long integral = rollIntegral;
            if (!hold)
            {
                wide = p + (integral >> 16) + d;
                if ((ulong)(wide + (Q16.One - 1)) <= 2 * (Q16.One - 1) || ((wide < Q16.One || error <= 0) && (wide > -Q16.One || error >= 0)))
                {
                    integral += ((rollKi * error) >> 16) * rollRelax * dtUs / Q16.MicrosPerSecond;
                }
            }

            // The clamp to [-limit, limit] (limit >= 0) as one unsigned compare in range.
            long limit = rollLimit;
            if ((ulong)(integral + limit) > (ulong)(limit << 1))
            {
                integral = integral > 0 ? limit : -limit;
            }

            rollIntegral = integral;
            wide = p + (integral >> 16) + d;
            output.Roll = (ulong)(wide + Q16.One) > 2UL * Q16.One ? (wide > 0 ? Q16.One : -Q16.One) : (int)wide;

            // Pitch, the same.
            error = pitchSp - pitchRate;
            p = (pitchKp * error + Q16.Half) >> 16;
            kd = pitchKd;
            if (kd != 0)
            {
                wide = (pitchRate - pitchPrevious) * Q16.MicrosPerSecond / dtUs;
                if ((ulong)(wide - int.MinValue) > uint.MaxValue)
                {
                    wide = wide > 0 ? int.MaxValue : int.MinValue;
                }

                first = pitchFirst;
                first += ((wide - first) * alpha + Q16.Half) >> 16;
                pitchFirst = first;
                second = pitchSecond;
                second += ((first - second) * alpha2 + Q16.Half) >> 16;
                pitchSecond = second;
                d = -((kd * second) >> 16) / 1000;
            }
            else
            {
                d = 0;
            }

            pitchPrevious = pitchRate;
            integral = pitchIntegral;
            if (!hold)
            {
                wide = p + (integral >> 16) + d;
                if ((ulong)(wide + (Q16.One - 1)) <= 2 * (Q16.One - 1) || ((wide < Q16.One || error <= 0) && (wide > -Q16.One || error >= 0)))
                {
                    integral += ((pitchKi * error) >> 16) * pitchRelax * dtUs / Q16.MicrosPerSecond;
                }
            }

            limit = pitchLimit;
            if ((ulong)(integral + limit) > (ulong)(limit << 1))
            {
                integral = integral > 0 ? limit : -limit;
            }

            pitchIntegral = integral;
            wide = p + (integral >> 16) + d;
            output.Pitch = (ulong)(wide + Q16.One) > 2UL * Q16.One ? (wide > 0 ? Q16.One : -Q16.One) : (int)wide;

            // Yaw, the same with a relax factor of 1.
            error = yawSp - yawRate;
            p = (yawKp * error + Q16.Half) >> 16;
            kd = yawKd;
            if (kd != 0)
            {
                wide = (yawRate - yawPrevious) * Q16.MicrosPerSecond / dtUs;
                if ((ulong)(wide - int.MinValue) > uint.MaxValue)
                {
                    wide = wide > 0 ? int.MaxValue : int.MinValue;
                }

                first = yawFirst;
                first += ((wide - first) * alpha + Q16.Half) >> 16;
                yawFirst = first;
                second = yawSecond;
                second += ((first - second) * alpha2 + Q16.Half) >> 16;
                yawSecond = second;
                d = -((kd * second) >> 16) / 1000;
            }
            else
            {
                d = 0;
            }

            yawPrevious = yawRate;
            integral = yawIntegral;
            if (!hold)
            {
                wide = p + (integral >> 16) + d;
                if ((ulong)(wide + (Q16.One - 1)) <= 2 * (Q16.One - 1) || ((wide < Q16.One || error <= 0) && (wide > -Q16.One || error >= 0)))
                {
                    integral += (((yawKi * error) >> 16) << 16) * dtUs / Q16.MicrosPerSecond;
                }
            }

            limit = yawLimit;
            if ((ulong)(integral + limit) > (ulong)(limit << 1))
            {
                integral = integral > 0 ? limit : -limit;
            }

            yawIntegral = integral;
            wide = p + (integral >> 16) + d;
            output.Yaw = (ulong)(wide + Q16.One) > 2UL * Q16.One ? (wide > 0 ? Q16.One : -Q16.One) : (int)wide;
        }

        /// <summary>
        /// The step for any inputs, gains and dt (the written-out step in <see cref="Update"/> is this for its ranges,
        /// without the saturations they rule out), and the first step after a reset: the angle loop, the filter
        /// coefficients and the I-term relax through their plain helpers, each axis through <see cref="StepAxis"/>.
        /// </summary>
        private void UpdateGeneral(ControlSetpoint setpoint, VehicleState state, long dtUs, AxisCommand output)
        {
            long rollSp = AngleRate(setpoint.RollRad, state.Roll);
            long pitchSp = AngleRate(setpoint.PitchRad, state.Pitch);
            long yawSp = setpoint.YawRateRadS;
            rollRateSetpoint = rollSp;
            pitchRateSetpoint = pitchSp;
            yawRateSetpoint = yawSp;
            long relaxAlpha = Pt1Filter.AlphaFor(relaxTimeConstantUs, dtUs);
            long alpha = Pt1Filter.AlphaFor(dTermTimeConstantUs, dtUs);
            long alpha2 = Pt1Filter.AlphaFor(dTermSecondTimeConstantUs, dtUs);
            long integrationUs = dtUs <= 0 ? 0 : (dtUs > MaxStepUs ? MaxStepUs : dtUs);
            long rollRelax = Relax(rollSp, ref rollSetpointLowPass, relaxAlpha);
            long pitchRelax = Relax(pitchSp, ref pitchSetpointLowPass, relaxAlpha);
            bool differentiate = hasPreviousRate && dtUs > 0;
            hasPreviousRate = true;
            bool integrate = setpoint.Throttle >= throttleThreshold;
            output.Roll = StepAxis(rollSp, state.RollRate, dtUs, differentiate, integrate, rollRelax, integrationUs,
                rollKp, rollKi, rollKd, rollLimit, alpha, alpha2, ref rollIntegral, ref rollPrevious, ref rollFirst,
                ref rollSecond);
            output.Pitch = StepAxis(pitchSp, state.PitchRate, dtUs, differentiate, integrate, pitchRelax, integrationUs,
                pitchKp, pitchKi, pitchKd, pitchLimit, alpha, alpha2, ref pitchIntegral, ref pitchPrevious,
                ref pitchFirst, ref pitchSecond);
            output.Yaw = StepAxis(yawSp, state.YawRate, dtUs, differentiate, integrate, Q16.One, integrationUs,
                yawKp, yawKi, yawKd, yawLimit, alpha, alpha2, ref yawIntegral, ref yawPrevious, ref yawFirst,
                ref yawSecond);

            // The general step left every integral within its limit, and a previous rate.
            fastRange = gainsInRange ? 2UL * RateBound : 0;
        }

        /// <summary>The angle loop of one axis: Clamp(Mul(AngleKp, WrapPi(Sub(target, attitude))), -maxRate, maxRate).</summary>
        private long AngleRate(int target, int attitude)
        {
            int limit = (int)maxRate;
            return Q16.Clamp(Q16.Mul((int)angleKp, Trig.WrapPi(Q16.Sub(target, attitude))), -limit, limit);
        }

        /// <summary>
        /// The I-term relax factor of one axis in [0, 1] (1 when the threshold is 0 or less), after one PT1 step of the
        /// setpoint's low-pass: 1 - |setpoint - low-pass| / threshold.
        /// </summary>
        private long Relax(long rateSetpoint, ref long lowPass, long alpha)
        {
            int filtered = (int)(lowPass + (((rateSetpoint - lowPass) * alpha + Q16.Half) >> 16));
            lowPass = filtered;
            long threshold = relaxThreshold;
            if (threshold <= 0)
            {
                return Q16.One;
            }

            long difference = rateSetpoint - filtered;
            if (difference < 0)
            {
                difference = -difference;
            }

            return difference >= threshold ? 0 : Q16.One - (difference << 16) / threshold;
        }

        /// <summary>
        /// One rate axis for any inputs and gains, saturating at every step (the written-out step in
        /// <see cref="Update"/> is this without the saturations its ranges make impossible). Returns the command in [-1, 1].
        /// </summary>
        private static int StepAxis(long rateSetpoint, long measuredRate, long dtUs, bool differentiate, bool integrate,
            long relaxFactor, long integrationUs, long kp, long ki, long kdMs, long limit, long alpha, long alpha2,
            ref long integralQ32, ref long previous, ref long first, ref long second)
        {
            int error = Q16.Sub((int)rateSetpoint, (int)measuredRate);
            int p = Q16.Saturate((kp * error + Q16.Half) >> 16);
            int d = 0;
            if (kdMs != 0)
            {
                if (differentiate)
                {
                    int derivative = Q16.Saturate((measuredRate - previous) * Q16.MicrosPerSecond / dtUs);
                    first += ((derivative - first) * alpha + Q16.Half) >> 16;
                    second += ((first - second) * alpha2 + Q16.Half) >> 16;
                }

                d = DTerm(kdMs, second);
            }

            previous = measuredRate;
            long integral = integralQ32;
            if (integrate)
            {
                int unclamped = Q16.Add(Q16.Add(p, (int)(integral >> 16)), d);
                bool pushesDeeper = (unclamped >= Q16.One && error > 0) || (unclamped <= -Q16.One && error < 0);
                if (!pushesDeeper)
                {
                    // Ki * error (Q32) is clamped to +-2^46 (16384 per second, beyond any real use), times the
                    // relax factor (<= 2^16, after dropping 16 bits) and dt (<= 50 ms < 2^16 µs): below 2^62.
                    long rate = ki * error;
                    rate = rate > (1L << 46) ? (1L << 46) : (rate < -(1L << 46) ? -(1L << 46) : rate);
                    rate = (rate >> 16) * Q16.Clamp((int)relaxFactor, 0, Q16.One);
                    integral += rate * integrationUs / Q16.MicrosPerSecond;
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
            return Q16.Clamp(Q16.Add(Q16.Add(p, (int)(integral >> 16)), d), -Q16.One, Q16.One);
        }

        private static int PTerm(long kp, long rateSetpoint, long measuredRate)
        {
            return Q16.Saturate((kp * Q16.Sub((int)rateSetpoint, (int)measuredRate) + Q16.Half) >> 16);
        }

        private static int DTerm(long kdMs, long filteredAcceleration)
        {
            return Q16.Saturate(-((kdMs * filteredAcceleration) >> 16) / 1000);
        }

        private static bool AxisInRange(PidAxisGains axis)
        {
            return axis.Kp >= -MaxFastKp && axis.Kp <= MaxFastKp && axis.Ki >= -MaxFastKi && axis.Ki <= MaxFastKi
                && axis.KdMs >= -MaxFastKdMs && axis.KdMs <= MaxFastKdMs && axis.ItermLimit <= MaxFastItermLimit;
        }

        private static bool IntegralInRange(long integral)
        {
            return integral >= -MaxFastIntegral && integral <= MaxFastIntegral;
        }
    }
}
