using LiquidFlight.Core.Control;
using LiquidFlight.Core.Flight;
using LiquidFlight.Core.Links;
using LiquidFlight.Core.Links.Mavlink;
using LiquidFlight.Core.Telemetry;
using LiquidFlight.Sim.Board;
using LiquidFlight.Sim.Frames;
using LiquidFlight.Sim.Physics;
using LiquidFlight.Sim.Runner;
using LiquidFlight.Sim.Scenarios;

namespace LiquidFlight.Sim.Hil;

/// <summary>
/// The firmware's board cycle on .NET as a HIL board (`board`): Core's <see cref="BoardCycle"/> configured for the
/// frame as <see cref="SimulatedBoard"/> configures it for `fly` (loop rate, flight loop, ESC signal, safety limits,
/// gyro calibration, the failsafe's landing throttle), with <see cref="MavlinkHil"/> as its IMU source and motor
/// output, <see cref="MavlinkHilRcSource"/> as its receiver and <see cref="MavlinkTelemetry"/> as its telemetry and
/// status sink, all on one <see cref="IHilStream"/>.
/// <para>
/// Its clock is the simulator's, as PX4's SITL in lockstep: each HIL_SENSOR received runs one board cycle at the
/// board's next deadline (the grid anchored at 0 at power-on, as in `fly`), and a sample is stamped with the
/// simulator's time_usec. So the cycle runs at the board times `fly` runs it at, whatever the link's timing.
/// Frames are taken in one at a time, so a cycle never sees a HIL_SENSOR meant for the next one.
/// </para>
/// </summary>
public sealed class VirtualBoard
{
    private readonly IHilStream stream;
    private readonly FrameLink link;
    private readonly SimClock clock = new();
    private readonly byte[] rx = new byte[4096];

    /// <param name="controllerName">Named to the simulator in the first STATUSTEXT (default: the controller's own name).</param>
    public VirtualBoard(FrameSpec frame, IController controller, IHilStream stream, string? controllerName = null, double loopHz = 500)
    {
        this.stream = stream;
        link = new FrameLink(stream);
        var config = new BoardCycleConfig
        {
            LoopRateHz = (int)Math.Round(loopHz),
            Flight = FrameLoopConfig.For(frame),
            Esc = frame.Esc.Timing,
            ImuProfile = null, // HIL_SENSOR delivers decoded samples
        };
        Hil = new MavlinkHil(link, config.Esc, 1, 1) { StampsFromSimulator = true };
        Telemetry = new MavlinkTelemetry(link, 1, 1) { HilEnabled = true };
        Cycle = new BoardCycle(config, controller, Hil, Hil, new MavlinkHilRcSource(Hil, config.ChannelMap), clock, Telemetry);
        Cycle.Telemetry = Telemetry;
        Telemetry.Board = Cycle;
        Hil.Board = Cycle;
        var pilot = new ScenarioPilot(ScenarioCatalog.All[0], new EscMotorModel(frame), frame.MassKg,
            frame.Motor.ThrustCoefficient, config.Flight, 30, config.ChannelMap);
        Cycle.Supervisor.Failsafe.LandingThrottle = ClosedLoopRunner.LandingThrottleFor(pilot);
        char[] hello = $"LiquidFlight virtual board: controller {controllerName ?? controller.Name}, frame {frame.Name}".ToCharArray();
        Telemetry.Write(StatusSeverity.Info, hello, hello.Length);
        clock.Now = 0;
        Cycle.Start();
    }

    public BoardCycle Cycle { get; }
    public MavlinkHil Hil { get; }
    public MavlinkTelemetry Telemetry { get; }

    /// <summary>Board cycles run so far.</summary>
    public long Cycles { get; private set; }

    /// <summary>Board time (µs since power-on, the simulator's clock).</summary>
    public long NowUs => clock.Now;

    /// <summary>Serves the link until <paramref name="token"/> is cancelled (Ctrl-C).</summary>
    public void Run(CancellationToken token)
    {
        while (!token.IsCancellationRequested)
        {
            int n = stream.Read(rx, 0, rx.Length, 50);
            if (n > 0)
            {
                link.Add(rx, n);
            }

            Process();
        }
    }

    /// <summary>Takes in every complete frame received, one at a time, running one cycle per HIL_SENSOR.</summary>
    public void Process()
    {
        while (link.AllowOneFrame())
        {
            long before = Hil.SensorFrames;
            Hil.Poll(clock.Now);
            if (Hil.SensorFrames != before)
            {
                clock.Now = Cycle.Executive.NextDeadlineUs;
                Cycle.RunOnce();
                Cycles++;
            }
        }
    }

    /// <summary>
    /// The board's UART as Core sees it: received bytes wait here and are handed out one MAVLink frame per
    /// <see cref="AllowOneFrame"/> (bytes before a frame start go out as their own chunk, for the parser to skip);
    /// written bytes go straight to the stream.
    /// </summary>
    private sealed class FrameLink(IHilStream stream) : IByteLink
    {
        private byte[] buffer = new byte[8192];
        private int start;
        private int end;
        private int allowed;

        public void Add(byte[] data, int count)
        {
            if (end + count > buffer.Length)
            {
                Array.Copy(buffer, start, buffer, 0, end - start);
                end -= start;
                start = 0;
                if (end + count > buffer.Length)
                {
                    Array.Resize(ref buffer, Math.Max(buffer.Length * 2, end + count));
                }
            }

            Array.Copy(data, 0, buffer, end, count);
            end += count;
        }

        /// <summary>Lets the next frame (or run of garbage) through; false when no complete one is waiting.</summary>
        public bool AllowOneFrame()
        {
            int available = end - start;
            if (available == 0)
            {
                return false;
            }

            if (buffer[start] != MavlinkParser.StartV2)
            {
                int i = start;
                while (i < end && buffer[i] != MavlinkParser.StartV2)
                {
                    i++;
                }

                allowed = i - start;
                return true;
            }

            if (available < 3)
            {
                return false;
            }

            int length = MavlinkParser.HeaderV2 + buffer[start + 1] + 2 + ((buffer[start + 2] & 1) != 0 ? MavlinkParser.SignatureBytes : 0);
            if (available < length)
            {
                return false;
            }

            allowed = length;
            return true;
        }

        public int Read(byte[] into, int offset, int count)
        {
            int n = Math.Min(Math.Min(count, allowed), end - start);
            Array.Copy(buffer, start, into, offset, n);
            start += n;
            allowed -= n;
            if (start == end)
            {
                start = end = 0;
            }

            return n;
        }

        public int Write(byte[] data, int offset, int count)
        {
            stream.Write(data, offset, count);
            return count;
        }
    }
}
