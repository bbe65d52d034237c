using LiquidFlight.Core.Control;
using LiquidFlight.Core.FixedPoint;
using LiquidFlight.Training.Data;

namespace LiquidFlight.Training.Simulation;

/// <summary>
/// Flies one controller while the teacher (the PID) runs in shadow on the very same setpoint/state stream, and
/// records (network inputs, dt, teacher commands) at every step. With the teacher acting this is plain
/// behaviour cloning data; with the student acting it is DAgger: the labels describe what the teacher would do
/// in the states the student actually visits. The teacher's own filters and integrators evolve on that stream
/// as if it were flying, which is what it would see had it taken over at that moment.
/// </summary>
public sealed class ShadowTeacher : IController
{
    private readonly IController _acting;
    private readonly IController? _teacher;
    private readonly NetworkInputMap _inputs;
    private readonly FlightRecorder _recorder;
    private readonly AxisCommand _teacherCommand = new();
    private readonly double[] _x;
    private readonly double[] _y = new double[3];

    /// <param name="teacher">Null when the acting controller is the teacher itself.</param>
    public ShadowTeacher(IController acting, IController? teacher, NetworkInputMap inputs)
    {
        _acting = acting;
        _teacher = teacher;
        _inputs = inputs;
        _x = new double[inputs.InputCount];
        _recorder = new FlightRecorder(inputs.InputCount, 3);
    }

    public string Name => _acting.Name;

    public FlightRecorder Recorder => _recorder;

    public int StepCount { get; private set; }

    /// <summary>
    /// Recording stops for good once the roll or pitch error exceeds this (rad): past it the student is losing
    /// the aircraft, the teacher's labels are saturated commands, and such steps would dominate the fit.
    /// </summary>
    public double MaxRecordedAttitudeErrorRad { get; init; } = double.PositiveInfinity;

    private bool _lost;

    public void Reset()
    {
        _acting.Reset();
        _teacher?.Reset();
    }

    public void Update(ControlSetpoint setpoint, VehicleState state, long dtUs, AxisCommand output)
    {
        _inputs.Compute(setpoint, state, _x);
        if (_teacher != null)
        {
            _teacher.Update(setpoint, state, dtUs, _teacherCommand);
            _acting.Update(setpoint, state, dtUs, output);
        }
        else
        {
            _acting.Update(setpoint, state, dtUs, output);
            _teacherCommand.Roll = output.Roll;
            _teacherCommand.Pitch = output.Pitch;
            _teacherCommand.Yaw = output.Yaw;
        }

        _y[0] = _teacherCommand.Roll / (double)Q16.One;
        _y[1] = _teacherCommand.Pitch / (double)Q16.One;
        _y[2] = _teacherCommand.Yaw / (double)Q16.One;
        if (Math.Abs(_x[0]) > MaxRecordedAttitudeErrorRad || Math.Abs(_x[1]) > MaxRecordedAttitudeErrorRad) _lost = true;
        if (!_lost) _recorder.Add(_x, dtUs, _y);

        StepCount++;
    }
}
