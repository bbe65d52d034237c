using LiquidFlight.Core.Control;
using LiquidFlight.Core.FixedPoint;
using LiquidFlight.Model;
using LiquidFlight.Training.Simulation;

namespace LiquidFlight.Training.Inspection;

/// <summary>
/// Flies the fixed-point network and keeps, after every control step, each neuron's state, its liquid time
/// constant (cm over the total conductance of that step), the mapped sensory inputs and the axis commands:
/// what the interpretability plots draw.
/// </summary>
public sealed class NeuronTrace : IController
{
    private readonly FixedPointLtcProbe _probe;
    private readonly LtcModel _model;
    private readonly double[] _states;
    private readonly double[] _tau;
    private readonly double[] _inputs = new double[6];
    private readonly NetworkInputMap _map = new();
    private long _timeUs;

    public NeuronTrace(LtcModel model)
    {
        _model = model;
        _probe = new FixedPointLtcProbe(LtcModelConverter.ToParameters(model, model.Description));
        _states = new double[model.NeuronCount];
        _tau = new double[model.NeuronCount];
        States = Enumerable.Range(0, model.NeuronCount).Select(_ => new List<double>()).ToArray();
        TimeConstantsS = Enumerable.Range(0, model.NeuronCount).Select(_ => new List<double>()).ToArray();
        MappedInputs = Enumerable.Range(0, model.InputCount).Select(_ => new List<double>()).ToArray();
        Commands = Enumerable.Range(0, 3).Select(_ => new List<double>()).ToArray();
    }

    public string Name => "ltc";

    public LtcModel Model => _model;
    public List<double> TimeS { get; } = new();
    public List<double>[] States { get; }
    public List<double>[] TimeConstantsS { get; }
    public List<double>[] MappedInputs { get; }
    public List<double>[] Commands { get; }

    public void Reset()
    {
        _probe.Reset();
        _timeUs = 0;
    }

    public void Update(ControlSetpoint setpoint, VehicleState state, long dtUs, AxisCommand output)
    {
        _probe.Update(setpoint, state, dtUs, output);
        _timeUs += Math.Max(0, dtUs);
        TimeS.Add(_timeUs * 1e-6);
        _probe.Read(_states);
        _probe.ReadTimeConstants(_tau);
        for (int i = 0; i < _states.Length; i++)
        {
            States[i].Add(_states[i]);
            TimeConstantsS[i].Add(_tau[i]);
        }

        _map.Compute(setpoint, state, _inputs);
        for (int k = 0; k < _model.InputCount; k++)
            MappedInputs[k].Add((_inputs[k] * _model.InputScale[k]) + _model.InputOffset[k]);
        Commands[0].Add(output.Roll / (double)Q16.One);
        Commands[1].Add(output.Pitch / (double)Q16.One);
        Commands[2].Add(output.Yaw / (double)Q16.One);
    }
}
