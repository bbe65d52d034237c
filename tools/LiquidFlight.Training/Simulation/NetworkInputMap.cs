using LiquidFlight.Core.Control;
using LiquidFlight.Core.FixedPoint;

namespace LiquidFlight.Training.Simulation;

/// <summary>
/// The stabiliser network's input vector in doubles, formed by Core's own input map
/// (<see cref="LtcController.FormInputs"/>: roll error, pitch error, yaw-rate error, roll rate, pitch rate, yaw rate;
/// rad and rad/s), and its output as axis commands clamped as <see cref="LtcController.ToCommand"/> does. Training
/// sees exactly what the fixed-point controller feeds its network, from the one definition in Core.
/// </summary>
public sealed class NetworkInputMap
{
    // One map is shared by the parallel rollouts, so its scratch buffers are per thread.
    [ThreadStatic]
    private static int[]? inputBuffer;

    [ThreadStatic]
    private static int[]? commandBuffer;

    public int InputCount => LtcController.InputCount;

    public void Compute(ControlSetpoint setpoint, VehicleState state, Span<double> inputs)
    {
        const double k = 1.0 / Q16.One;
        var fixedInputs = inputBuffer ??= new int[LtcController.InputCount];
        LtcController.FormInputs(setpoint, state, fixedInputs);
        for (int i = 0; i < fixedInputs.Length; i++)
        {
            inputs[i] = fixedInputs[i] * k;
        }
    }

    /// <summary>Network outputs to axis commands through Core's clamp (NaN reads as 0).</summary>
    public static void ToCommand(ReadOnlySpan<double> y, AxisCommand output)
    {
        var fixedOutputs = commandBuffer ??= new int[LtcController.OutputCount];
        for (int i = 0; i < fixedOutputs.Length; i++)
        {
            double v = y[i];
            fixedOutputs[i] = double.IsNaN(v) ? 0 : (int)Math.Round(Math.Clamp(v, -2.0, 2.0) * Q16.One);
        }

        LtcController.ToCommand(fixedOutputs, output);
    }
}
