using LiquidFlight.Core.Control;
using LiquidFlight.Core.FixedPoint;
using LiquidFlight.Model;
using LiquidFlight.Sim.Runner;

namespace LiquidFlight.Sim.Controllers;

/// <summary>
/// `ltc-float`: the double-precision <see cref="ReferenceNetwork"/> behind the Core controller interface, forming
/// the same inputs as the fixed-point LTC controller (roll error, pitch error, yaw-rate error, roll, pitch and
/// yaw rate; rad, rad/s) and clamping the same outputs. Desktop only: it shows what the fixed-point
/// arithmetic costs in flight, by flying the same model without it.
/// </summary>
public sealed class ReferenceLtcController : IController, INeuronProbe
{
    private const double Q = 1.0 / Q16.One;

    private readonly ReferenceNetwork network;
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
        inputs[0] = Q16.Sub(setpoint.RollRad, state.Roll) * Q;
        inputs[1] = Q16.Sub(setpoint.PitchRad, state.Pitch) * Q;
        inputs[2] = Q16.Sub(setpoint.YawRateRadS, state.YawRate) * Q;
        inputs[3] = state.RollRate * Q;
        inputs[4] = state.PitchRate * Q;
        inputs[5] = state.YawRate * Q;
        network.Step(inputs, dtUs, outputs);
        output.Roll = ToCommand(outputs[0]);
        output.Pitch = ToCommand(outputs[1]);
        output.Yaw = ToCommand(outputs[2]);
    }

    public void Read(double[] states)
    {
        for (int i = 0; i < states.Length && i < network.NeuronCount; i++)
        {
            states[i] = network.GetState(i);
        }
    }

    private static int ToCommand(double v) =>
        double.IsNaN(v) ? 0 : (int)Math.Round(Math.Clamp(v, -1.0, 1.0) * Q16.One);
}
