using LiquidFlight.Core.Control;
using LiquidFlight.Core.Flight;
using LiquidFlight.Core.Links;
using LiquidFlight.Core.Links.Mavlink;
using LiquidFlight.Core.Safety;
using LiquidFlight.Core.Tests.Scheduler;

namespace LiquidFlight.Core.Tests.Links.Mavlink;

/// <summary>The board cycle in HIL: HIL_SENSOR in, HIL_ACTUATOR_CONTROLS out, arming by COMMAND_LONG through the
/// normal supervisor, and the normal failsafe when the simulator stops.</summary>
public class MavlinkHilBoardTests
{
    private sealed class Counter : IMavlinkHandler
    {
        public int Actuators;
        public int ArmedActuators;
        public int Acks;

        public void OnMessage(MavlinkParser p)
        {
            if (p.MessageId == 93)
            {
                Actuators++;
                if ((p.Payload[80] & MavlinkMessages.ModeFlagSafetyArmed) != 0) ArmedActuators++;
            }
            else if (p.MessageId == 77)
            {
                Acks++;
            }
        }
    }

    [Fact]
    public void Calibrates_on_hil_samples_arms_by_command_long_answers_every_sample_and_fails_safe_when_the_simulator_stops()
    {
        var config = new BoardCycleConfig(); // no ImuProfile: the HIL source delivers ready samples
        var pipe = new MavlinkPipe();
        var hil = new MavlinkHil(pipe, config.Esc, 1, 1);
        var clock = new ManualClock { Now = 1_000_000 };
        var board = new BoardCycle(config, ControllerTable.Create(ControllerKind.Pid, FramePidGains.Quad250Brushless(), null),
            hil, hil, new MavlinkHilRcSource(hil, config.ChannelMap), clock, null);
        board.Start();
        var sim = new MavlinkWriter(255, 0);
        long simUs = 0;
        void Cycle(bool sample)
        {
            clock.Now = board.Executive.NextDeadlineUs;
            if (sample)
            {
                // Level and still with one-LSB noise (decoded samples are judged for frozen values).
                int j = (int)(simUs / 2000 % 3) - 1;
                pipe.Send(sim, sim.HilSensor(simUs, j, -j, -642689 + j, j, j, -j));
                simUs += 2000;
            }

            board.RunOnce();
        }

        for (int k = 0; k < 750; k++) Cycle(true);
        Assert.True(board.Supervisor.GyroCalibrated);
        Assert.False(board.Flight.Armed);

        pipe.Send(sim, sim.CommandLong(1, 1, MavlinkMessages.CmdComponentArmDisarm, 0, new[] { 65536, 0, 0, 0, 0, 0, 0 }));
        for (int k = 0; k < 50; k++) Cycle(true);
        Assert.True(board.Flight.Armed, $"not armed: flags {board.Supervisor.Arming.Flags}");
        Assert.Equal(FailsafePhase.Idle, board.Supervisor.Failsafe.Phase);

        var counter = new Counter();
        new MavlinkParser().Feed(pipe.Out.ToArray(), 0, pipe.Out.Count, counter);
        Assert.Equal(800, counter.Actuators); // one answer per sample
        Assert.InRange(counter.ArmedActuators, 1, 49);
        Assert.Equal(1, counter.Acks);

        // The simulator stops: the normal failsafe (IMU stale first, RC-loss by the stand-in receiver) takes over.
        for (int k = 0; k < 200; k++) Cycle(false);
        Assert.NotEqual(FailsafePhase.Idle, board.Supervisor.Failsafe.Phase);
        Assert.NotEqual(FailsafeCause.None, board.Supervisor.Failsafe.Cause);
    }
}
