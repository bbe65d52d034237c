using LiquidFlight.Core.Control;
using LiquidFlight.Training.Network;

namespace LiquidFlight.Training.Simulation;

/// <summary>The network being trained, flown in double precision straight from the optimiser's vector.</summary>
public sealed class FloatStudent : IController
{
    private readonly DifferentiableLtc _net;
    private readonly double[] _p;
    private readonly NetworkInputMap _map;
    private readonly double[] _x;
    private readonly double[] _y;

    public FloatStudent(NetworkShape shape, double[] parameters, NetworkInputMap map)
    {
        _net = new DifferentiableLtc(shape);
        _p = parameters;
        _map = map;
        _x = new double[shape.InputCount];
        _y = new double[shape.OutputCount];
        _net.Reset(_p);
    }

    public string Name => "ltc-train";

    public void Reset() => _net.Reset(_p);

    public void Update(ControlSetpoint setpoint, VehicleState state, long dtUs, AxisCommand output)
    {
        _map.Compute(setpoint, state, _x);
        _net.Step(_p, _x, dtUs, _y);
        NetworkInputMap.ToCommand(_y, output);
    }
}
