using LiquidFlight.Core.Control;
using LiquidFlight.Core.Flight;
using LiquidFlight.Core.Links.Crsf;
using LiquidFlight.Core.Telemetry;
using LiquidFlight.Sim.Frames;
using LiquidFlight.Sim.Runner;
using LiquidFlight.Sim.Scenarios;

namespace LiquidFlight.Sim.Board;

/// <summary>
/// Core's <see cref="BoardCycle"/> as the simulator hosts it: configured from the frame (ESC protocol and rate,
/// the IMU's register map) and the flight conditions (loop rate, receiver poll rate), with the simulated IMU, receiver and motors as
/// its hardware and the simulation clock as its clock. The same object the firmware runs.
/// </summary>
public sealed class SimulatedBoard
{
    public SimulatedBoard(FrameSpec frame, FlightConditions conditions, IController controller)
    {
        int loopRateHz = (int)Math.Round(conditions.LoopHz);
        var config = new BoardCycleConfig
        {
            LoopRateHz = loopRateHz,
            // At most the loop rate (every even slot from half of it on, as BoardCycleConfig.RcPollStride reads it).
            RcPollRateHz = Math.Clamp((int)Math.Round(conditions.RcPollHz), 1, loopRateHz),
            Flight = FrameLoopConfig.For(frame),
            Esc = frame.Esc.Timing,
            ImuProfile = frame.Imu.Profile,
        };
        Rc = new CrsfRcSource(Receiver);
        Cycle = new BoardCycle(config, controller, Imu, Motors, Rc, Clock, Status);
    }

    /// <summary>Core's CRSF receiver over the simulated link (its parser's counters).</summary>
    public CrsfRcSource Rc { get; }

    /// <summary>The board's own counters at this moment.</summary>
    public BoardCounters Counters() => new()
    {
        ImuBursts = Cycle.ImuBursts,
        ImuSamplesDecoded = Cycle.ImuDecodedSamples,
        ImuNoData = Cycle.ImuNoData,
        ImuBusErrors = Cycle.ImuBusErrors,
        RcFrames = Cycle.RcFrames,
        CrsfCrcErrors = Rc.Parser.CrcErrors,
        CaughtFaults = Cycle.CaughtFaults,
    };

    public SimClock Clock { get; } = new();
    public SimulatedImuSource Imu { get; } = new();
    public SimulatedReceiver Receiver { get; } = new();
    public SimulatedMotors Motors { get; } = new();
    public StatusLog Status { get; } = new();
    public BoardCycle Cycle { get; }
}

/// <summary>The board's status messages as a list (for tests and `fly --verbose`).</summary>
public sealed class StatusLog : IStatusSink
{
    private readonly List<(StatusSeverity Severity, string Text)> messages = [];

    public IReadOnlyList<(StatusSeverity Severity, string Text)> Messages => messages;

    public void Write(StatusSeverity severity, char[] text, int length) => messages.Add((severity, new string(text, 0, length)));
}

/// <summary>What the board cycle counted over a flight (power-on to the end).</summary>
public sealed record BoardCounters
{
    public long ImuBursts { get; init; }
    public long ImuSamplesDecoded { get; init; }
    public long ImuNoData { get; init; }
    public long ImuBusErrors { get; init; }
    public long RcFrames { get; init; }
    public long CrsfCrcErrors { get; init; }
    public int CaughtFaults { get; init; }
}
