using LiquidFlight.Core.Control;
using LiquidFlight.Model;
using LiquidFlight.Sim.Frames;
using LiquidFlight.Sim.Runner;
using LiquidFlight.Sim.Scenarios;

namespace LiquidFlight.Training.Simulation;

/// <summary>
/// Training's view of LiquidFlight.Sim. A randomised flight is the scenario's own conditions with the episode's
/// draws layered on top: scales multiply (a heavy-payload flight can get heavier still), jitter, drops and wind
/// take the larger of the two, and everything is clamped to the simulator's knob ranges.
/// </summary>
public sealed class SimTrainingSimulator : ITrainingSimulator
{
    private readonly Func<FrameSpec, IController> _teacher;
    private readonly Func<LtcModel, IController> _fixedPointLtc;

    public SimTrainingSimulator(Func<FrameSpec, IController> teacher, Func<LtcModel, IController> fixedPointLtc,
        IReadOnlyList<string>? scenarios = null, IReadOnlyList<string>? frames = null)
    {
        _teacher = teacher;
        _fixedPointLtc = fixedPointLtc;
        Scenarios = scenarios ?? ScenarioCatalog.Names;
        Frames = frames ?? FrameCatalog.Names;
    }

    public IReadOnlyList<string> Scenarios { get; }
    public IReadOnlyList<string> Frames { get; }

    public IController CreateTeacher(string frame) => _teacher(FrameCatalog.Get(frame));

    public IController CreateFixedPointLtc(LtcModel model) => _fixedPointLtc(model);

    public EpisodeOutcome Fly(EpisodeSpec spec, IController controller)
    {
        FlightResult r = ClosedLoopRunner.Fly(Request(spec, controller));
        return new EpisodeOutcome(r.Crashed, r.RmsAttitudeErrorDeg, r.MaxAttitudeErrorDeg, r.MotorSaturationPct, r.SimSeconds);
    }

    public static FlightRequest Request(EpisodeSpec spec, IController controller)
    {
        if (!ScenarioCatalog.TryGet(spec.Scenario, out Scenario scenario))
            throw new ArgumentException($"unknown scenario '{spec.Scenario}'; allowed: {string.Join(", ", ScenarioCatalog.Names)}");
        FrameSpec frame = FrameCatalog.Get(spec.Frame);
        var basis = scenario.Resolve(frame, ConditionOverrides.None);
        var overrides = new ConditionOverrides
        {
            Seconds = spec.Seconds > 0 ? spec.Seconds : null,
            LoopHz = spec.LoopHz,
            MassScale = Clamp(basis.MassScale * spec.MassScale, Knobs.MassScale),
            InertiaScale = Clamp(basis.InertiaScale * spec.InertiaScale, Knobs.InertiaScale),
            MotorLagScale = Clamp(basis.MotorLagScale * spec.MotorLagScale, Knobs.MotorLagScale),
            NoiseScale = Math.Min(Clamp(basis.NoiseScale * spec.NoiseScale, Knobs.NoiseScale), CalibratableNoiseScale(frame)),
            Jitter = Clamp(Math.Max(basis.Jitter, spec.Jitter), Knobs.Jitter),
            Dropout = Clamp(Math.Max(basis.Dropout, spec.Dropout), Knobs.Dropout),
            WindMs = spec.WindMps > basis.Wind.MeanSpeedMs ? Clamp(spec.WindMps, Knobs.Wind) : null,
            // The receiver polled in every even slot, as in the flights the shipped model was trained and selected on
            // (the board's default is 125 Hz at every loop rate since; at the firmware's 250 Hz the two are the same).
            RcPollHz = TrainingRcPollHz(spec.LoopHz),
        };
        return new FlightRequest
        {
            Scenario = scenario,
            Frame = frame,
            Conditions = scenario.Resolve(frame, overrides),
            Seed = spec.Seed,
            Controller = controller,
        };
    }

    private static double Clamp(double v, KnobRange range) => Math.Clamp(v, range.Min, range.Max);

    /// <summary>
    /// The receiver poll rate of the training flights at a loop rate: half of it, which polls in every even slot
    /// (BoardCycleConfig.RcPollStride 2), the slot plan of every flight the shipped model was trained on.
    /// </summary>
    public static double TrainingRcPollHz(int loopHz) => Math.Max(1, loopHz / 2);

    /// <summary>
    /// The largest IMU noise scale at which the board can still arm: every flight boots through Core's gyro
    /// calibration, which refuses batches whose per-axis deviation exceeds its motion limit (2 deg/s by default), so
    /// a randomised scale on top of noisy-imu's own x15 (x60 at the top of the range) would hold the craft on the
    /// ground for ever. The cap keeps the white gyro noise at three quarters of the limit: x21.9 for the 250 frame
    /// (0.005 deg/s/sqrt(Hz) over 188 Hz), x30.3 for the brushed micro frame (98 Hz).
    /// </summary>
    public static double CalibratableNoiseScale(FrameSpec frame)
    {
        double limitRadS = new LiquidFlight.Core.Flight.BoardCycleConfig().GyroCalibrationMaxDeviation / 65536.0;
        double sigmaAtScaleOne = frame.Imu.GyroNoiseDensityRadSPerSqrtHz * Math.Sqrt(frame.Imu.NoiseBandwidthHz);
        return 0.75 * limitRadS / sigmaAtScaleOne;
    }
}
