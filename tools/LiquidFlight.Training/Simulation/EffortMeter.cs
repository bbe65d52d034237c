using LiquidFlight.Core.Control;
using LiquidFlight.Core.FixedPoint;

namespace LiquidFlight.Training.Simulation;

/// <summary>
/// Passes a controller through unchanged and measures its control effort: the mean squared axis command and the
/// mean squared step-to-step change (chatter, which heats motors and excites the frame under noise).
/// </summary>
public sealed class EffortMeter : IController
{
    private readonly IController _inner;
    private int _lastRoll, _lastPitch, _lastYaw;
    private double _effort, _chatter;
    private int _steps;

    public EffortMeter(IController inner) => _inner = inner;

    public string Name => _inner.Name;

    public double MeanSquaredCommand => _steps == 0 ? 0 : _effort / _steps;

    public double MeanSquaredChange => _steps <= 1 ? 0 : _chatter / (_steps - 1);

    public void Reset() => _inner.Reset();

    public void Update(ControlSetpoint setpoint, VehicleState state, long dtUs, AxisCommand output)
    {
        _inner.Update(setpoint, state, dtUs, output);
        const double k = 1.0 / Q16.One;
        double r = output.Roll * k, p = output.Pitch * k, y = output.Yaw * k;
        _effort += (r * r) + (p * p) + (y * y);
        if (_steps > 0)
        {
            double dr = (output.Roll - _lastRoll) * k, dp = (output.Pitch - _lastPitch) * k, dy = (output.Yaw - _lastYaw) * k;
            _chatter += (dr * dr) + (dp * dp) + (dy * dy);
        }

        _lastRoll = output.Roll;
        _lastPitch = output.Pitch;
        _lastYaw = output.Yaw;
        _steps++;
    }
}
