using LiquidFlight.Core.Control;
using LiquidFlight.Core.FixedPoint;
using LiquidFlight.Model;
using LiquidFlight.Sim.Runner;

namespace LiquidFlight.Sim.Controllers;

/// <summary>
/// `ltc-float`: the double-precision <see cref="ReferenceNetwork"/> behind the Core controller interface, fed by
/// Core's own input map (<see cref="LtcController.FormInputs"/>: roll error, pitch error, yaw-rate error, roll,
/// pitch and yaw rate; rad, rad/s) and clamping its outputs as <see cref="LtcController.ToCommand"/> does.
/// Desktop only: it shows what the fixed-point arithmetic costs in flight, by flying the same model without it.
/// </summary>
public sealed class ReferenceLtcController : IController, INeuronProbe
{
    private const double Q = 1.0 / Q16.One;

    private readonly ReferenceNetwork network;
    private readonly int[] fixedInputs = new int[LtcController.InputCount];
    private readonly int[] fixedOutputs = new int[LtcController.OutputCount];
    private readonly double[] inputs;
    private readonly double[] outputs;

    public ReferenceLtcController(LtcModel model)
    {
        if (model.InputCount != 6 || model.OutputCount != 3)
        {
            throw new ModelFileException(
                $"{model.Description}: the attitude controller needs 6 inputs and 3 outputs; the model has " +
                $"{model.InputCount} inputs and {model.OutputCount} outputs");
        }

        network = new ReferenceNetwork(model);
        inputs = new double[model.InputCount];
        outputs = new double[model.OutputCount];
    }

    public string Name => "ltc-float";

    public int NeuronCount => network.NeuronCount;

    public void Reset() => network.Reset();

    public void Update(ControlSetpoint setpoint, VehicleState state, long dtUs, AxisCommand output)
    {
        LtcController.FormInputs(setpoint, state, fixedInputs);
        for (int i = 0; i < inputs.Length; i++)
        {
            inputs[i] = fixedInputs[i] * Q;
        }

        network.Step(inputs, dtUs, outputs);
        for (int i = 0; i < fixedOutputs.Length; i++)
        {
            fixedOutputs[i] = ToQ16(outputs[i]);
        }

        LtcController.ToCommand(fixedOutputs, output);
    }

    public void Read(double[] states)
    {
        for (int i = 0; i < states.Length && i < network.NeuronCount; i++)
        {
            states[i] = network.GetState(i);
        }
    }

    /// <summary>A network output in Q16.16, saturated beyond [-2, 2] (the command clamp is Core's) and NaN as 0.</summary>
    private static int ToQ16(double v) =>
        double.IsNaN(v) ? 0 : (int)Math.Round(Math.Clamp(v, -2.0, 2.0) * Q16.One);
}
