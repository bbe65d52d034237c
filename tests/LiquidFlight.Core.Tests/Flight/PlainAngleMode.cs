using LiquidFlight.Core.Control;
using LiquidFlight.Core.FixedPoint;
using LiquidFlight.Core.Flight;

namespace LiquidFlight.Core.Tests.Flight;

/// <summary>AngleMode as it was before it was written out (a Shape call per axis, two-compare clamps): the twin.</summary>
public sealed class PlainAngleMode
{
    public int MaxAngleRad;
    public int MaxYawRateRadS;
    public int StickDeadband;

    public void Update(PilotInput pilot, ControlSetpoint setpoint)
    {
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
