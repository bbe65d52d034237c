using LiquidFlight.Core.Flight;
using LiquidFlight.Core.Links;
using LiquidFlight.Core.Safety;
using LiquidFlight.Sim.Runner;

namespace LiquidFlight.Sim.Board;

/// <summary>
/// The board a closed-loop flight flies against, as <see cref="ClosedLoopRunner"/> sees it: the simulated IMU and
/// receiver write into it, it runs one board cycle at each deadline and answers with ESC pulses and the state the
/// pilot and the metrics read. <see cref="LocalFlightBoard"/> is Core's BoardCycle in this process (`fly`);
/// <see cref="Hil.HilFlightBoard"/> is a board at the other end of a MAVLink HIL link (`hil`).
/// </summary>
public interface IFlightBoard
{
    FlightLoopConfig FlightConfig { get; }
    RcChannelMap ChannelMap { get; }
    long PeriodUs { get; }

    /// <summary>Board time of the next cycle (µs from power-on).</summary>
    long NextDeadlineUs { get; }

    /// <summary>Where the simulated IMU delivers its samples (faults act here).</summary>
    SimulatedImuSource Imu { get; }

    /// <summary>The pilot's receiver: channels and one frame per <see cref="SimulatedReceiver.Send"/>.</summary>
    SimulatedReceiver Receiver { get; }

    /// <summary>Failsafe landing's fallback hover throttle (Q16.16) the runner asks for; a remote board sets its own.</summary>
    int LandingThrottle { set; }

    /// <summary>Anchors the deadline grid at board time 0.</summary>
    void Start();

    /// <summary>Runs the cycle due at <paramref name="nowUs"/>; false when the board can no longer be reached (a HIL link lost).</summary>
    bool RunCycle(long nowUs);

    /// <summary>ESC pulses of the last cycle, µs, M1..M4.</summary>
    int[] PulsesUs { get; }

    bool GyroCalibrated { get; }
    bool Armed { get; }
    FailsafePhase Phase { get; }

    /// <summary>Whether the last cycle's mixer saturated; null when the board does not tell (HIL).</summary>
    bool? MixerSaturated { get; }

    /// <summary>The board's estimate (Q16.16 rad) and mixer outputs (Q16.16, 0..1) for recordings.</summary>
    int EstimatedRollQ16 { get; }
    int EstimatedPitchQ16 { get; }
    int MotorOutputQ16(int motor);

    /// <summary>Why the board has not armed, for the pre-flight timeout message.</summary>
    string NotArmedDetail { get; }

    /// <summary>What only the board itself knows (null over HIL: MAVLink does not carry it).</summary>
    FailsafeCause? Cause { get; }
    int? ArmingRefusals { get; }
    ArmingDisableFlags? LastRefusal { get; }

    /// <summary>The failsafe landing ended because the board detected the touchdown (null over HIL).</summary>
    bool? LandingEndedByTouchdown { get; }

    BoardCounters Counters();
    IReadOnlyList<string> StatusMessages { get; }

    /// <summary>The link's figures (null in process).</summary>
    Hil.HilLinkFigures? Link { get; }
}

/// <summary>Core's board cycle in this process: <see cref="SimulatedBoard"/> as an <see cref="IFlightBoard"/>.</summary>
public sealed class LocalFlightBoard(SimulatedBoard board) : IFlightBoard
{
    private readonly BoardCycle cycle = board.Cycle;

    public SimulatedBoard Board => board;
    public FlightLoopConfig FlightConfig => cycle.Config.Flight;
    public RcChannelMap ChannelMap => cycle.ChannelMap;
    public long PeriodUs => cycle.Executive.PeriodUs;
    public long NextDeadlineUs => cycle.Executive.NextDeadlineUs;
    public SimulatedImuSource Imu => board.Imu;
    public SimulatedReceiver Receiver => board.Receiver;
    public int LandingThrottle { set => cycle.Supervisor.Failsafe.LandingThrottle = value; }

    public void Start()
    {
        board.Clock.Now = 0;
        cycle.Start();
    }

    public bool RunCycle(long nowUs)
    {
        board.Clock.Now = nowUs;
        cycle.RunOnce();
        return true;
    }

    public int[] PulsesUs => board.Motors.PulsesUs;
    public bool GyroCalibrated => cycle.Supervisor.GyroCalibrated;
    public bool Armed => cycle.Flight.Armed;
    public FailsafePhase Phase => cycle.Supervisor.Failsafe.Phase;
    public bool? MixerSaturated => cycle.Flight.Mixer.Saturated;
    public int EstimatedRollQ16 => cycle.Flight.State.Roll;
    public int EstimatedPitchQ16 => cycle.Flight.State.Pitch;
    public int MotorOutputQ16(int motor) => cycle.Flight.MotorOutputs[motor];

    public string NotArmedDetail =>
        $"arming flags {cycle.Supervisor.Arming.Flags}, last refusal {cycle.Supervisor.Arming.LastRefusal}";

    public FailsafeCause? Cause => cycle.Supervisor.Failsafe.Cause;
    public int? ArmingRefusals => cycle.Supervisor.Arming.Refusals;
    public ArmingDisableFlags? LastRefusal => cycle.Supervisor.Arming.LastRefusal;
    public bool? LandingEndedByTouchdown => cycle.Supervisor.Failsafe.EndedByTouchdown;
    public BoardCounters Counters() => board.Counters();
    public IReadOnlyList<string> StatusMessages => board.Status.Messages.Select(m => m.Text).ToList();
    public Hil.HilLinkFigures? Link => null;
}
