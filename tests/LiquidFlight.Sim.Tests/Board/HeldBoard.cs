using LiquidFlight.Core.Control;
using LiquidFlight.Sim.Board;
using LiquidFlight.Sim.Faults;
using LiquidFlight.Sim.Physics;
using LiquidFlight.Sim.Scenarios;
using LiquidFlight.Sim.Sensors;

namespace LiquidFlight.Sim.Tests.Board;

/// <summary>
/// Core's whole board cycle (<see cref="SimulatedBoard"/>) on a craft held level and still: the simulated IMU writes
/// register bursts at its own rate, the receiver sends CRSF frames every 10 ms, and the pilot arms on the switch once
/// the gyro is calibrated, then holds <see cref="ArmedThrottleUs"/>. Faults (board seconds) act on the sources only.
/// </summary>
public sealed class HeldBoard
{
    private const long FrameUs = 10_000;

    public readonly SimulatedBoard Board;
    private readonly SimulatedImu imu;
    private readonly FaultInjector faults;
    private long nextFrameUs;
    public long Now;

    public HeldBoard(double imuHz, FaultPlan[] plans, IController? controller = null, double noiseScale = 1, int loopHz = 500)
    {
        var frame = TestFrames.Get("quad250-brushless");
        var conditions = Scenario().Resolve(frame, new ConditionOverrides { ImuHz = imuHz, LoopHz = loopHz, NoiseScale = noiseScale });
        Board = new SimulatedBoard(frame, conditions, controller ?? new PidController(new PidGains()));
        imu = new SimulatedImu(frame.Imu, conditions.Imu, seed: 5);
        faults = new FaultInjector(plans);
        Board.Cycle.Start();
    }

    /// <summary>Throttle channel once armed (µs; 1400 = 40 %).</summary>
    public int ArmedThrottleUs { get; set; } = 1400;

    /// <summary>Board seconds at which the supervisor armed.</summary>
    public double FlyingSinceS { get; private set; } = double.NaN;

    public void RunUntil(long endUs, Action? each = null)
    {
        var cycle = Board.Cycle;
        while (cycle.Executive.NextDeadlineUs <= endUs)
        {
            Now = cycle.Executive.NextDeadlineUs;
            double t = Now / 1e6;
            while (imu.NextSampleTimeUs <= Now)
            {
                if (imu.Sample(Vec3.Zero, new Vec3(0, 0, -QuadrotorBody.Gravity), Board.Imu.Incoming))
                {
                    Board.Imu.Deliver();
                }
            }

            if (Now >= nextFrameUs)
            {
                var ch = Board.Receiver.ChannelUs;
                ch[4] = cycle.Supervisor.GyroCalibrated ? 2000 : 1000;
                ch[2] = cycle.Flight.Armed || !double.IsNaN(FlyingSinceS) ? ArmedThrottleUs : 1000;
                if (!faults.RcWithheld(t))
                {
                    Board.Receiver.Send();
                }

                nextFrameUs += FrameUs;
            }

            Board.Imu.Fault = faults.ImuFault(t);
            Board.Clock.Now = Now;
            cycle.RunOnce();
            if (double.IsNaN(FlyingSinceS) && cycle.Flight.Armed)
            {
                FlyingSinceS = t;
            }

            each?.Invoke();
        }
    }

    private static Scenario Scenario()
    {
        Assert.True(ScenarioCatalog.TryGet("hover-recovery", out var s));
        return s;
    }
}
