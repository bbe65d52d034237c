using LiquidFlight.Core.Control;
using LiquidFlight.Core.FixedPoint;
using LiquidFlight.Core.Ltc;
using LiquidFlight.Sim.Runner;

namespace LiquidFlight.Training.Simulation;

/// <summary>
/// Core's fixed-point <see cref="LtcController"/> (exactly what the firmware flies) with read access to every
/// neuron's state and liquid time constant after each step, for selection during training and inspection plots.
/// </summary>
public sealed class FixedPointLtcProbe : IController, INeuronProbe
{
    private readonly LtcNetwork _network;
    private readonly LtcController _controller;

    public FixedPointLtcProbe(LtcParameters parameters)
    {
        _network = new LtcNetwork(parameters);
        _controller = new LtcController(_network);
    }

    public string Name => _controller.Name;

    public LtcNetwork Network => _network;

    public int NeuronCount => _network.NeuronCount;

    public void Reset() => _controller.Reset();

    public void Update(ControlSetpoint setpoint, VehicleState state, long dtUs, AxisCommand output) =>
        _controller.Update(setpoint, state, dtUs, output);

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
