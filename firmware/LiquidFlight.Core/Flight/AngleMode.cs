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
            setpoint.RollRad = Q16.Mul(Shape(pilot.Roll), MaxAngleRad);
            setpoint.PitchRad = Q16.Mul(Shape(pilot.Pitch), MaxAngleRad);
            setpoint.YawRateRadS = Q16.Mul(Shape(pilot.Yaw), MaxYawRateRadS);
            setpoint.Throttle = Q16.Clamp(pilot.Throttle, 0, Q16.One);
        }

        /// <summary>Stick in [-1, 1] with the deadband removed: sign(s) (|s| - db) / (1 - db).</summary>
        private int Shape(int stick)
        {
            int s = Q16.Clamp(stick, -Q16.One, Q16.One);
            int deadband = Q16.Clamp(StickDeadband, 0, Q16.One - 1);
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
