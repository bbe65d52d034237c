using System.Diagnostics;
using LiquidFlight.Core.Esc;
using LiquidFlight.Core.Flight;
using LiquidFlight.Core.Links;
using LiquidFlight.Core.Links.Mavlink;
using LiquidFlight.Core.Safety;
using LiquidFlight.Core.Scheduler;
using LiquidFlight.Core.Sensors;
using LiquidFlight.Core.Sensors.Imu;
using LiquidFlight.Core.Telemetry;
using LiquidFlight.Sim.Board;
using LiquidFlight.Sim.Frames;
using LiquidFlight.Sim.Runner;
using LiquidFlight.Sim.Scenarios;

namespace LiquidFlight.Sim.Hil;

/// <summary>
/// The simulator's end of a MAVLink HIL link, as the board <see cref="ClosedLoopRunner"/> flies against (`hil`).
/// Per board cycle at board time t it sends: HIL_RC_INPUTS_RAW when the pilot sent a receiver frame, then one
/// HIL_SENSOR: the sample the simulated IMU delivered for this cycle (its own µs stamp, the register words
/// converted to SI by the IMU's sensitivities, exactly what Core's converter makes of them, so the board gets the
/// very values `fly` gives its cycle), or, when the IMU delivered nothing (jitter, dropout, faults), one with
/// fields_updated = 0 stamped t (no sample; the board's clock still advances). The board answers each HIL_SENSOR
/// with HIL_ACTUATOR_CONTROLS (PX4 quad-X order, 0..1 of the ESC range: turned back into the same µs pulses) and
/// announces armed state and system status by HEARTBEAT when they change.
/// <para>
/// Lockstep: each cycle waits for its answer (up to the timeout) before the physics moves on, so the flight is the
/// same whatever the link's timing. Real time: cycles are paced to the wall clock, answers are applied when they
/// arrive (the latest pulses hold until then), and answers that never come are counted as dropped.
/// </para>
/// </summary>
public sealed class HilFlightBoard : IFlightBoard, IMavlinkHandler
{
    private readonly IHilStream stream;
    private readonly string port;
    private readonly bool lockstep;
    private readonly long timeoutTicks;
    private readonly MavlinkWriter writer = new(255, 190);
    private readonly MavlinkParser parser = new();
    private readonly ImuSampleConverter converter;
    private readonly ImuReadout readout = new();
    private ImuSample sample;
    private readonly int minPulse;
    private readonly int pulseSpan;
    private readonly int[] pulses = new int[EscTiming.MotorCount];
    private readonly int[] controls = new int[EscTiming.MotorCount];
    private readonly byte[] rx = new byte[4096];
    private readonly byte[] drain = new byte[256];
    private readonly Queue<(long Stamp, long Ticks)> awaiting = new();
    private readonly List<string> status = [];
    private long nextDeadlineUs;
    private long rcFramesSeen;
    private long startTicks;
    private long lastAnswerTicks;
    private bool answered;
    private long answeredStamp = long.MinValue;
    private long cycles;
    private long sensorFrames, timeOnlyFrames, rcFrames, framesSent, bytesSent, bytesReceived;
    private long actuatorFrames, heartbeats, statusTexts, dropped;
    private double latencySum, latencyMin = double.PositiveInfinity, latencyMax;
    private long latencyCount;
    private string? error;
    private string? boardController;
    private int estimatedRoll, estimatedPitch;

    public HilFlightBoard(FrameSpec frame, FlightConditions conditions, IHilStream stream, string port, bool lockstep, double timeoutS)
    {
        this.stream = stream;
        this.port = port;
        this.lockstep = lockstep;
        timeoutTicks = (long)(timeoutS * Stopwatch.Frequency);
        FlightConfig = FrameLoopConfig.For(frame);
        PeriodUs = CyclicExecutive.PeriodFromRateHz((int)Math.Round(conditions.LoopHz));
        // The board cycle's own conversion (BoardCycleConfig's default mounting), without a bias: the board removes its
        // calibrated bias from decoded samples in the same Q16.16 step as the converter does from bursts.
        converter = new ImuSampleConverter(frame.Imu.Profile, new BoardCycleConfig().ImuAlignment);
        EscTiming esc = frame.Esc.Timing;
        minPulse = esc.MinPulseUs;
        pulseSpan = esc.MaxPulseUs - esc.MinPulseUs;
        esc.MinimumPulses(pulses);
    }

    public FlightLoopConfig FlightConfig { get; }
    public RcChannelMap ChannelMap { get; } = new();
    public long PeriodUs { get; }
    public long NextDeadlineUs => nextDeadlineUs;
    public SimulatedImuSource Imu { get; } = new();
    public SimulatedReceiver Receiver { get; } = new();

    /// <summary>The board sets its own (the virtual board computes the same for its frame).</summary>
    public int LandingThrottle { set { } }

    public void Start()
    {
        nextDeadlineUs = 0;
        startTicks = Stopwatch.GetTimestamp();
        lastAnswerTicks = startTicks;
    }

    public bool RunCycle(long nowUs)
    {
        nextDeadlineUs = nowUs + PeriodUs;
        cycles++;
        if (Receiver.FramesSent != rcFramesSeen)
        {
            rcFramesSeen = Receiver.FramesSent;
            while (Receiver.Read(drain, 0, drain.Length) > 0)
            {
            }

            Send(writer.HilRcInputsRaw(nowUs, Receiver.ChannelUs, 255));
            rcFrames++;
        }

        long stamp;
        int n;
        if (Imu.Read(nowUs, readout) == ImuReadStatus.Burst && converter.Convert(readout.Burst, 0, readout.TimestampUs, ref sample))
        {
            stamp = readout.TimestampUs;
            n = writer.HilSensor(stamp, sample.AccelX, sample.AccelY, sample.AccelZ, sample.GyroX, sample.GyroY, sample.GyroZ);
            sensorFrames++;
        }
        else
        {
            stamp = nowUs;
            n = writer.HilSensor(stamp, 0, 0, 0, 0, 0, 0, 0);
            timeOnlyFrames++;
        }

        if (!lockstep)
        {
            PaceTo(nowUs);
        }

        answered = false;
        awaiting.Enqueue((stamp, Stopwatch.GetTimestamp()));
        Send(n);
        if (lockstep)
        {
            long deadline = Stopwatch.GetTimestamp() + timeoutTicks;
            while (!(answered && answeredStamp == stamp))
            {
                long left = deadline - Stopwatch.GetTimestamp();
                if (left <= 0)
                {
                    return Lost(nowUs);
                }

                ReadSome((int)Math.Max(1, left * 1000 / Stopwatch.Frequency));
            }
        }
        else
        {
            while (ReadSome(0))
            {
            }

            if (Stopwatch.GetTimestamp() - lastAnswerTicks > timeoutTicks)
            {
                return Lost(nowUs);
            }
        }

        return true;
    }

    private bool Lost(long nowUs)
    {
        double timeout = (double)timeoutTicks / Stopwatch.Frequency;
        error = actuatorFrames == 0
            ? $"no answer from the board on {port} within {timeout:0.###} s (is `liquidflight board` or the HIL firmware running on the other end?)"
            : $"the board on {port} stopped answering at board time {nowUs / 1e6:0.000} s (no HIL_ACTUATOR_CONTROLS for {timeout:0.###} s); the flight so far is reported";
        return false;
    }

    /// <summary>Real time: board time t is wall time t after <see cref="Start"/>.</summary>
    private void PaceTo(long nowUs)
    {
        long due = startTicks + nowUs * Stopwatch.Frequency / 1_000_000;
        while (true)
        {
            long left = due - Stopwatch.GetTimestamp();
            if (left <= 0)
            {
                return;
            }

            // Read what arrived while waiting (answers are applied as soon as they are parsed).
            if (!ReadSome((int)Math.Max(0, left * 1000 / Stopwatch.Frequency - 1)))
            {
                Thread.SpinWait(50);
            }
        }
    }

    private bool ReadSome(int timeoutMs)
    {
        int n = stream.Read(rx, 0, rx.Length, timeoutMs);
        if (n <= 0)
        {
            return false;
        }

        bytesReceived += n;
        parser.Feed(rx, 0, n, this);
        return true;
    }

    private void Send(int length)
    {
        stream.Write(writer.Frame, 0, length);
        framesSent++;
        bytesSent += length;
    }

    public void OnMessage(MavlinkParser p)
    {
        switch (p.MessageId)
        {
            case MavlinkMessages.HilActuatorControls:
                OnActuators(p);
                break;
            case MavlinkMessages.Heartbeat:
                heartbeats++;
                int mode = p.ReadU8(6);
                int state = p.ReadU8(7);
                Armed = (mode & MavlinkMessages.ModeFlagSafetyArmed) != 0;
                if (state == MavlinkTelemetry.StateStandby || state == MavlinkTelemetry.StateActive)
                {
                    GyroCalibrated = true;
                }

                Phase = state == MavlinkTelemetry.StateCritical ? FailsafePhase.Landing
                    : state == MavlinkTelemetry.StateEmergency ? FailsafePhase.MotorsOff : FailsafePhase.Idle;
                break;
            case MavlinkMessages.StatusText:
                statusTexts++;
                var chars = new char[MavlinkMessages.StatusTextChars];
                int length = 0;
                while (length < chars.Length && p.Payload[1 + length] != 0)
                {
                    chars[length] = (char)p.Payload[1 + length];
                    length++;
                }

                string line = new(chars, 0, length);
                status.Add(line);
                var named = System.Text.RegularExpressions.Regex.Match(line, @"\bcontroller ([A-Za-z][\w-]*)");
                if (named.Success)
                {
                    boardController ??= named.Groups[1].Value;
                }

                break;
            case MavlinkMessages.Attitude:
                p.ReadQ16(4, out estimatedRoll);
                p.ReadQ16(8, out estimatedPitch);
                break;
        }
    }

    private void OnActuators(MavlinkParser p)
    {
        long now = Stopwatch.GetTimestamp();
        actuatorFrames++;
        lastAnswerTicks = now;
        long stamp = p.ReadI64(0);
        for (int i = 0; i < EscTiming.MotorCount; i++)
        {
            p.ReadQ16(16 + 4 * i, out int q);
            q = Math.Clamp(q, 0, 65536);
            int motor = MavlinkHil.PxToBetaflight[i];
            controls[motor] = q;
            pulses[motor] = minPulse + (int)(((long)q * pulseSpan + 32768) >> 16);
        }

        while (awaiting.Count > 0)
        {
            var (sent, ticks) = awaiting.Dequeue();
            if (sent == stamp)
            {
                double us = (now - ticks) * 1e6 / Stopwatch.Frequency;
                latencySum += us;
                latencyCount++;
                latencyMin = Math.Min(latencyMin, us);
                latencyMax = Math.Max(latencyMax, us);
                break;
            }

            dropped++;
        }

        answered = true;
        answeredStamp = stamp;
    }

    public int[] PulsesUs => pulses;
    public bool GyroCalibrated { get; private set; }
    public bool Armed { get; private set; }
    public FailsafePhase Phase { get; private set; }
    public bool? MixerSaturated => null;
    public int EstimatedRollQ16 => estimatedRoll;
    public int EstimatedPitchQ16 => estimatedPitch;
    public int MotorOutputQ16(int motor) => controls[motor];
    public string NotArmedDetail => GyroCalibrated ? "calibrated, never reported armed" : "never reported a finished gyro calibration";
    public FailsafeCause? Cause => null;
    public int? ArmingRefusals => null;
    public ArmingDisableFlags? LastRefusal => null;
    public bool? LandingEndedByTouchdown => null;

    public BoardCounters Counters() => new();

    public IReadOnlyList<string> StatusMessages => status;

    public HilLinkFigures Link => new()
    {
        Port = port,
        Lockstep = lockstep,
        BoardController = boardController,
        SensorFrames = sensorFrames,
        TimeOnlyFrames = timeOnlyFrames,
        RcFrames = rcFrames,
        FramesSent = framesSent,
        BytesSent = bytesSent,
        FramesReceived = parser.GoodFrames,
        ActuatorFrames = actuatorFrames,
        Heartbeats = heartbeats,
        StatusTexts = statusTexts,
        BytesReceived = bytesReceived,
        CrcErrors = parser.CrcErrors,
        GarbageBytes = parser.DroppedBytes,
        OtherBadFrames = parser.UnknownMessages + parser.SignedFrames + parser.V1Frames + parser.IncompatibleFrames,
        DroppedFrames = dropped + awaiting.Count,
        LatencyMinUs = latencyCount > 0 ? latencyMin : null,
        LatencyMeanUs = latencyCount > 0 ? latencySum / latencyCount : null,
        LatencyMaxUs = latencyCount > 0 ? latencyMax : null,
        CycleRateHz = WallSeconds > 0 ? cycles / WallSeconds : 0,
        WallSeconds = WallSeconds,
        Error = error,
        BoardAnswered = actuatorFrames > 0,
    };

    private double WallSeconds => (double)(Stopwatch.GetTimestamp() - startTicks) / Stopwatch.Frequency;

    HilLinkFigures? IFlightBoard.Link => Link;
}
