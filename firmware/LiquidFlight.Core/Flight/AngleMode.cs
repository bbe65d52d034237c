using LiquidFlight.Core.Control;
using LiquidFlight.Core.FixedPoint;

namespace LiquidFlight.Core.Flight
{
    /// <summary>
    /// Self-levelling flight mode: roll and pitch sticks command attitude angles (centred sticks = level), the
    /// yaw stick commands a yaw rate, throttle passes through. Stick values are clamped to their ranges and a
    /// deadband around centre is removed with the rest of the travel rescaled, so full deflection still reaches
    /// the configured maximum and there is no step at the deadband's edge.
    /// </summary>
    public sealed class AngleMode
    {
        /// <summary>Full-deflection tilt (rad Q16.16).</summary>
        public int MaxAngleRad;

        /// <summary>Full-deflection yaw rate (rad/s Q16.16).</summary>
        public int MaxYawRateRadS;

        /// <summary>Centre deadband as a fraction of full deflection (Q16.16, below 1).</summary>
        public int StickDeadband;

        public AngleMode(int maxAngleRad, int maxYawRateRadS, int stickDeadband)
        {
            MaxAngleRad = maxAngleRad;
            MaxYawRateRadS = maxYawRateRadS;
            StickDeadband = stickDeadband;
        }

        public void Update(PilotInput pilot, ControlSetpoint setpoint)
        {
            // Q16.Clamp and Q16.Mul written out (same saturation) and the deadband clamped once, not per axis:
            // this runs every cycle on an interpreter that does not inline.
            int deadband = StickDeadband;
            if (deadband < 0) { deadband = 0; } else if (deadband > Q16.One - 1) { deadband = Q16.One - 1; }
            long wide = ((long)Shape(pilot.Roll, deadband) * MaxAngleRad + Q16.Half) >> Q16.FractionBits;
            setpoint.RollRad = wide > int.MaxValue ? int.MaxValue : (wide < int.MinValue ? int.MinValue : (int)wide);
            wide = ((long)Shape(pilot.Pitch, deadband) * MaxAngleRad + Q16.Half) >> Q16.FractionBits;
            setpoint.PitchRad = wide > int.MaxValue ? int.MaxValue : (wide < int.MinValue ? int.MinValue : (int)wide);
            wide = ((long)Shape(pilot.Yaw, deadband) * MaxYawRateRadS + Q16.Half) >> Q16.FractionBits;
            setpoint.YawRateRadS = wide > int.MaxValue ? int.MaxValue : (wide < int.MinValue ? int.MinValue : (int)wide);
            int throttle = pilot.Throttle;
            setpoint.Throttle = throttle < 0 ? 0 : (throttle > Q16.One ? Q16.One : throttle);
        }

        /// <summary>Stick in [-1, 1] after the deadband (already clamped to [0, 1)), rescaled to reach 1 at full deflection.</summary>
        private static int Shape(int stick, int deadband)
        {
            int s = stick < -Q16.One ? -Q16.One : (stick > Q16.One ? Q16.One : stick);
            if (deadband == 0)
            {
                return s;
            }

            int magnitude = s < 0 ? -s : s;
            if (magnitude <= deadband)
            {
                return 0;
            }

            int shaped = (int)(((long)(magnitude - deadband) << Q16.FractionBits) / (Q16.One - deadband));
            return s < 0 ? -shaped : shaped;
        }
    }
}
