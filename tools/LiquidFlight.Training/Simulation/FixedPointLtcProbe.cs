using LiquidFlight.Core.Control;
using LiquidFlight.Core.FixedPoint;
using LiquidFlight.Core.Ltc;
using LiquidFlight.Sim.Runner;

namespace LiquidFlight.Training.Simulation;

/// <summary>
/// Core's fixed-point <see cref="LtcNetwork"/> behind the controller interface with the stabiliser's input and
/// output convention (as the LTC controller and the ltc-float adapter form them), exposing every neuron's state
/// and liquid time constant after each step for inspection plots.
/// </summary>
public sealed class FixedPointLtcProbe : IController, INeuronProbe
{
    private readonly LtcNetwork _network;
    private readonly int[] _inputs;
    private readonly int[] _outputs;

    public FixedPointLtcProbe(LtcParameters parameters)
    {
        _network = new LtcNetwork(parameters);
        _inputs = new int[parameters.InputCount];
        _outputs = new int[parameters.MotorCount];
    }

    public string Name => "ltc";

    public LtcNetwork Network => _network;

    public int NeuronCount => _network.NeuronCount;

    public void Reset() => _network.Reset();

    public void Update(ControlSetpoint setpoint, VehicleState state, long dtUs, AxisCommand output)
    {
        _inputs[0] = Q16.Sub(setpoint.RollRad, state.Roll);
        _inputs[1] = Q16.Sub(setpoint.PitchRad, state.Pitch);
        _inputs[2] = Q16.Sub(setpoint.YawRateRadS, state.YawRate);
        _inputs[3] = state.RollRate;
        _inputs[4] = state.PitchRate;
        _inputs[5] = state.YawRate;
        _network.Step(_inputs, dtUs, _outputs);
        output.Roll = Q16.Clamp(_outputs[0], -Q16.One, Q16.One);
        output.Pitch = Q16.Clamp(_outputs[1], -Q16.One, Q16.One);
        output.Yaw = Q16.Clamp(_outputs[2], -Q16.One, Q16.One);
    }

    public void Read(double[] states)
    {
        for (int i = 0; i < states.Length && i < _network.NeuronCount; i++)
            states[i] = _network.GetState(i) / (double)Q16.One;
    }

    /// <summary>Liquid time constant of each neuron in seconds (infinity when undefined).</summary>
    public void ReadTimeConstants(double[] seconds)
    {
        for (int i = 0; i < seconds.Length && i < _network.NeuronCount; i++)
        {
            int raw = _network.GetTimeConstantQ16(i);
            seconds[i] = raw == Q16.MaxValue ? double.PositiveInfinity : raw / (double)Q16.One;
        }
    }
}
