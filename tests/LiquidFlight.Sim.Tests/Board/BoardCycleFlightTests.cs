using LiquidFlight.Core.Control;
using LiquidFlight.Core.Ltc;
using LiquidFlight.Sim.Controllers;
using LiquidFlight.Sim.Frames;
using LiquidFlight.Sim.Runner;
using LiquidFlight.Sim.Scenarios;

namespace LiquidFlight.Sim.Tests.Board;

/// <summary>
/// The simulator flies through Core's whole board cycle, as the board does: register bursts through the converter,
/// the pilot's channels through CRSF and the channel map, arming by the switch through the supervisor.
/// </summary>
public class BoardCycleFlightTests
{
    [Theory]
    [InlineData("ltc")]
    [InlineData("pid")]
    public void A_nominal_flight_arms_on_the_switch_and_reads_register_bursts_and_crsf_frames(string controller)
    {
        var frame = FrameCatalog.Get("quad250-brushless");
        Assert.True(ScenarioCatalog.TryGet("attitude-steps", out var scenario));
        var c = ControllerCatalog.Create(controller, frame);
        var r = ClosedLoopRunner.Fly(new FlightRequest
        {
            Scenario = scenario,
            Frame = frame,
            Conditions = scenario.Resolve(frame, new ConditionOverrides { Seconds = 3 }),
            Seed = 1,
            Controller = c.Controller,
            ControllerName = c.Name,
        });

        Assert.False(r.Crashed, r.CrashReason);
        // Armed by the supervisor on the switch, before the release, with no refusal; calibrated first.
        Assert.NotNull(r.Safety.ArmedS);
        Assert.True(r.Safety.ArmedS < 0);
        Assert.Equal(0, r.Safety.ArmingRefusals);
        Assert.Contains(r.StatusMessages, m => m.StartsWith("IMU: gyro calibrated", StringComparison.Ordinal));
        Assert.Contains("armed", r.StatusMessages);
        // The board converted every sample from register bytes and took the sticks from CRSF frames: the counters
        // are the board cycle's own.
        // One fresh burst per 500 Hz cycle (the 1 kHz IMU is faster than the loop), power-on to the end (4.4 s).
        Assert.True(r.Board.ImuBursts > 2150, $"{r.Board.ImuBursts} bursts");
        Assert.Equal(0, r.Board.ImuSamplesDecoded);
        Assert.True(r.Board.RcFrames > 400, $"{r.Board.RcFrames} RC frames");
        Assert.Equal(0, r.Board.CrsfCrcErrors);
    }

    [Theory]
    [InlineData("ltc")]
    [InlineData("pid")]
    public void No_kick_at_arming_the_motors_idle_for_the_first_20_ms_at_idle_throttle(string name)
    {
        IController controller = name == "ltc"
            ? ControllerTable.Create(ControllerKind.Ltc, null, ShippedModel.Create())
            : ControllerTable.Create(ControllerKind.Pid, FramePidGains.Quad250Brushless(), null);
        var h = new HeldBoard(1000, [], controller) { ArmedThrottleUs = 1000 };
        int idle = h.Board.Cycle.Config.Flight.IdleThrottle;
        long armedUs = -1;
        int maxAboveIdle = int.MinValue;
        int ungatedAboveIdle = int.MinValue;
        var mixer = new QuadXMixer(idle);
        var ungated = new int[4];
        h.RunUntil(3_000_000, () =>
        {
            var loop = h.Board.Cycle.Flight;
            if (armedUs < 0 && loop.Armed)
            {
                armedUs = h.Now;
            }

            if (armedUs >= 0 && h.Now - armedUs <= 20_000)
            {
                // What the motors got, and what mixing the controller's command at idle would have given them.
                mixer.Mix(0, loop.Command, ungated);
                for (int m = 0; m < 4; m++)
                {
                    maxAboveIdle = Math.Max(maxAboveIdle, loop.MotorOutputs[m] - idle);
                    ungatedAboveIdle = Math.Max(ungatedAboveIdle, ungated[m] - idle);
                }
            }
        });

        Assert.True(armedUs > 0, "never armed");
        Assert.InRange(maxAboveIdle, 0, 65536 / 20);
        if (name == "ltc")
        {
            // What the gate holds back: the freshly reset network commands enough to kick a motor up at idle.
            Assert.True(ungatedAboveIdle > 65536 / 20, $"ungated mix {ungatedAboveIdle / 65536.0:F3} above idle");
        }
    }

    [Theory]
    // (loop rate, --rc-hz or the default) -> the board's poll rate and cycles per poll: 125 Hz by default, at most
    // the loop rate.
    [InlineData(500, null, 125, 4)]
    [InlineData(250, null, 125, 2)]
    [InlineData(1000, null, 125, 4)]
    [InlineData(500, 250.0, 250, 2)]
    [InlineData(500, 62.4, 62, 4)]
    [InlineData(200, 8000.0, 200, 2)]
    public void The_conditions_receiver_poll_rate_is_the_boards(int loopHz, double? rcHz, int boardRcHz, int stride)
    {
        var frame = FrameCatalog.Get("quad250-brushless");
        Assert.True(ScenarioCatalog.TryGet("hover-recovery", out var scenario));
        var conditions = scenario.Resolve(frame, new ConditionOverrides { LoopHz = loopHz, RcPollHz = rcHz });
        Assert.Equal(rcHz ?? 125, conditions.RcPollHz);
        var board = new LiquidFlight.Sim.Board.SimulatedBoard(frame, conditions, new PidController(new PidGains()));
        Assert.Equal(boardRcHz, board.Cycle.Config.RcPollRateHz);
        Assert.Equal(stride, board.Cycle.Config.RcPollStride());
    }
}
