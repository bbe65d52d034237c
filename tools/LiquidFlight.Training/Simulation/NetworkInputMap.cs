using LiquidFlight.Core.Control;
using LiquidFlight.Core.FixedPoint;

namespace LiquidFlight.Training.Simulation;

/// <summary>
/// The stabiliser network's input vector as the LTC controller forms it from the setpoint and the state
/// (roll error, pitch error, yaw-rate error, roll rate, pitch rate, yaw rate; rad and rad/s), in doubles, and
/// its output as axis commands. Training must see exactly what the fixed-point controller feeds its network.
/// </summary>
public sealed class NetworkInputMap
{
    public int InputCount => 6;

    public void Compute(ControlSetpoint setpoint, VehicleState state, Span<double> inputs)
    {
        const double k = 1.0 / Q16.One;
        inputs[0] = Q16.Sub(setpoint.RollRad, state.Roll) * k;
        inputs[1] = Q16.Sub(setpoint.PitchRad, state.Pitch) * k;
        inputs[2] = Q16.Sub(setpoint.YawRateRadS, state.YawRate) * k;
        inputs[3] = state.RollRate * k;
        inputs[4] = state.PitchRate * k;
        inputs[5] = state.YawRate * k;
    }

    /// <summary>Network outputs to axis commands, clamped to [-1, 1] as the controller does.</summary>
    public static void ToCommand(ReadOnlySpan<double> y, AxisCommand output)
    {
        output.Roll = ToQ16Clamped(y[0]);
        output.Pitch = ToQ16Clamped(y[1]);
        output.Yaw = ToQ16Clamped(y[2]);
    }

    private static int ToQ16Clamped(double v)
    {
        if (double.IsNaN(v)) return 0;
        return (int)Math.Round(Math.Clamp(v, -1.0, 1.0) * Q16.One);
    }
}
