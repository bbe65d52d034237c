using LiquidFlight.Core.Control;
using LiquidFlight.Core.FixedPoint;

namespace LiquidFlight.Core.Flight
{
    /// <summary>
    /// Self-levelling flight mode: roll and pitch sticks command attitude angles (centred sticks = level), the
    /// yaw stick commands a yaw rate, throttle passes through. Stick values are clamped to their ranges and a
    /// deadband around centre is removed with the rest of the travel rescaled, so full deflection still reaches
    /// the configured maximum and there is no step at the deadband's edge. The limits are fixed at construction: the
    /// flight loop keeps the setpoint of the last shaped input until the input changes.
    /// </summary>
    public sealed class AngleMode
    {
        /// <summary>Full-deflection tilt (rad Q16.16).</summary>
        public readonly int MaxAngleRad;

        /// <summary>Full-deflection yaw rate (rad/s Q16.16).</summary>
        public readonly int MaxYawRateRadS;

        /// <summary>Centre deadband as a fraction of full deflection (Q16.16, below 1).</summary>
        public readonly int StickDeadband;

        public AngleMode(int maxAngleRad, int maxYawRateRadS, int stickDeadband)
        {
            MaxAngleRad = maxAngleRad;
            MaxYawRateRadS = maxYawRateRadS;
            StickDeadband = stickDeadband;
        }

        /// <remarks>
        /// Written out for the interpreter (a call per axis cost more than the shaping): each stick clamped by one
        /// unsigned compare, the deadband removed and the rest rescaled as before, the scaled value's saturation to
        /// an int screened by one unsigned compare. The tests keep the plain version (PlainAngleMode: a Shape call per
        /// axis, the two-compare clamps) and compare the two bit for bit.
        /// </remarks>
        [InterpreterInline]
        public void Update(PilotInput pilot, ControlSetpoint setpoint)
        {
            int deadband = StickDeadband;
            if ((uint)deadband > Q16.One - 1) { deadband = deadband < 0 ? 0 : Q16.One - 1; }
            long rest = Q16.One - deadband;

            int s = pilot.roll;
            if ((uint)(s + Q16.One) > 2u * Q16.One) { s = s < 0 ? -Q16.One : Q16.One; }
            if (deadband != 0)
            {
                int m = s < 0 ? -s : s;
                m = m <= deadband ? 0 : (int)(((long)(m - deadband) << Q16.FractionBits) / rest);
                s = s < 0 ? -m : m;
            }

            long wide = (s * (long)MaxAngleRad + Q16.Half) >> Q16.FractionBits;
            if ((ulong)(wide - int.MinValue) > uint.MaxValue) { wide = wide < 0 ? int.MinValue : int.MaxValue; }
            setpoint.RollRad = (int)wide;

            s = pilot.pitch;
            if ((uint)(s + Q16.One) > 2u * Q16.One) { s = s < 0 ? -Q16.One : Q16.One; }
            if (deadband != 0)
            {
                int m = s < 0 ? -s : s;
                m = m <= deadband ? 0 : (int)(((long)(m - deadband) << Q16.FractionBits) / rest);
                s = s < 0 ? -m : m;
            }

            wide = (s * (long)MaxAngleRad + Q16.Half) >> Q16.FractionBits;
            if ((ulong)(wide - int.MinValue) > uint.MaxValue) { wide = wide < 0 ? int.MinValue : int.MaxValue; }
            setpoint.PitchRad = (int)wide;

            s = pilot.yaw;
            if ((uint)(s + Q16.One) > 2u * Q16.One) { s = s < 0 ? -Q16.One : Q16.One; }
            if (deadband != 0)
            {
                int m = s < 0 ? -s : s;
                m = m <= deadband ? 0 : (int)(((long)(m - deadband) << Q16.FractionBits) / rest);
                s = s < 0 ? -m : m;
            }

            wide = (s * (long)MaxYawRateRadS + Q16.Half) >> Q16.FractionBits;
            if ((ulong)(wide - int.MinValue) > uint.MaxValue) { wide = wide < 0 ? int.MinValue : int.MaxValue; }
            setpoint.YawRateRadS = (int)wide;

            int throttle = pilot.throttle;
            if ((uint)throttle > Q16.One) { throttle = throttle < 0 ? 0 : Q16.One; }
            setpoint.Throttle = throttle;
        }
    }
}
