using LiquidFlight.Core.Esc;
using LiquidFlight.Core.Flight;
using LiquidFlight.Core.Safety;
using LiquidFlight.Core.Sensors;

namespace LiquidFlight.Core.Tests.Safety;

/// <summary>The supervisor hooked into a real FlightLoop (no controller), clocked by hand at 500 Hz.</summary>
public class SafetySupervisorTests
{
    private const long Period = 2000;
    private const int G = 642690; // 9.80665 m/s^2 in Q16

    private sealed class Rig
    {
        public readonly FlightLoop Loop = new FlightLoop(new FlightLoopConfig(), null!);
        public readonly SafetySupervisor Safety = new SafetySupervisor(new SafetyLimits());
        private readonly EscTiming esc = new EscTiming(EscProtocol.StandardPwm, 490);
        public readonly int[] Pulses = new int[4];
        public long Now;
        public bool RcLink = true;
        public bool ImuAlive = true;
        public bool ImuStuck;
        public int Throttle;
        private ImuSample sample;
        private int tick;

        public Rig()
        {
            Safety.ImuDetected = true;
            Safety.GyroCalibrated = true;
            // The rig hands in decoded samples (no raw bytes): their values are judged for freezing.
            Safety.ImuWatch.JudgeFrozenValues = true;
            Loop.Supervisor = Safety;
        }

        public void Cycle()
        {
            tick++;
            bool isNew = ImuAlive;
            if (isNew && !ImuStuck)
            {
                // level at rest, with a little noise so the data is not frozen
                sample = new ImuSample { TimestampUs = Now, GyroX = tick % 3, AccelZ = -G + tick % 5 };
            }

            sample.TimestampUs = Now;
            if (RcLink)
            {
                Safety.RcFrameReceived(Now);
                Loop.Pilot.Throttle = Throttle;
            }

            Loop.RunCycle(Now, ref sample, isNew, false);
            if (Loop.MotorsRunning)
            {
                esc.ToPulses(Loop.MotorOutputs, Pulses);
            }
            else
            {
                esc.MinimumPulses(Pulses);
            }

            Safety.LoopCycleFinished(false, Now);
            Now += Period;
        }

        public void Run(long durationUs)
        {
            long end = Now + durationUs;
            while (Now < end)
            {
                Cycle();
            }
        }

        public void ArmAndFly()
        {
            Safety.ArmSwitch = false;
            Run(100000);
            Safety.ArmSwitch = true;
            Cycle();
            Assert.True(Loop.Armed, "arming refused: " + Safety.Arming.Flags);
            Throttle = 30000;
            Run(1000000);
        }
    }

    [Fact]
    public void Arms_with_everything_in_order_and_drives_the_motors()
    {
        var r = new Rig();
        r.ArmAndFly();
        Assert.True(r.Loop.Armed);
        Assert.All(r.Pulses, p => Assert.True(p > 1000));
    }

    [Fact]
    public void Refuses_without_calibration_and_says_why()
    {
        var r = new Rig();
        r.Safety.GyroCalibrated = false;
        r.Run(100000);
        r.Safety.ArmSwitch = true;
        r.Cycle();
        Assert.False(r.Loop.Armed);
        Assert.Equal(ArmingDisableFlags.NotCalibrated, r.Safety.Arming.LastRefusal);
    }

    [Fact]
    public void Refuses_without_any_imu_sample()
    {
        var r = new Rig { ImuAlive = false };
        r.Run(100000);
        r.Safety.ArmSwitch = true;
        r.Cycle();
        Assert.False(r.Loop.Armed);
        Assert.True((r.Safety.Arming.LastRefusal & ArmingDisableFlags.NoImu) != 0);
    }

    [Fact]
    public void Rc_loss_lands_level_from_the_learnt_hover_throttle_and_stops_the_motors_at_the_touchdown()
    {
        // The rig's samples never move: a craft that does not answer its throttle is on the ground.
        var r = new Rig();
        r.ArmAndFly();
        r.RcLink = false;
        r.Run(300000); // within the timeout: pilot still in charge
        Assert.Equal(FailsafePhase.Idle, r.Safety.Failsafe.Phase);
        r.Run(4000);
        Assert.Equal(FailsafePhase.Landing, r.Safety.Failsafe.Phase);
        long landingUs = r.Safety.Failsafe.PhaseStartUs;
        Assert.True(r.Loop.Armed);
        // The hover throttle learnt from the pilot's 30000 at a thrust-axis reading of 1 g.
        Assert.InRange(r.Safety.Landing.HoverThrottle, 29900, 30100);
        Assert.InRange(r.Loop.Pilot.Throttle, 25000, 30100);
        Assert.Equal((0, 0, 0), (r.Loop.Pilot.Roll, r.Loop.Pilot.Pitch, r.Loop.Pilot.Yaw));

        while (r.Safety.Failsafe.Phase == FailsafePhase.Landing && r.Now - landingUs < 20_000_000)
        {
            r.Cycle();
        }

        Assert.Equal(FailsafePhase.MotorsOff, r.Safety.Failsafe.Phase);
        Assert.True(r.Safety.Failsafe.EndedByTouchdown);
        Assert.Equal(LandingStage.Landed, r.Safety.Landing.Stage);
        Assert.True(r.Now - landingUs < 10_000_000, $"touchdown after {(r.Now - landingUs) / 1e6} s");
        Assert.False(r.Loop.Armed);
        r.Cycle();
        Assert.All(r.Pulses, p => Assert.Equal(1000, p));

        // link back with the switch still on: stays off; switch off then on: arms again
        r.RcLink = true;
        r.Throttle = 0;
        r.Run(20000);
        Assert.False(r.Loop.Armed);
        r.Safety.ArmSwitch = false;
        r.Cycle();
        Assert.Equal(FailsafePhase.Idle, r.Safety.Failsafe.Phase);
        r.Safety.ArmSwitch = true;
        r.Cycle();
        Assert.True(r.Loop.Armed);
    }

    [Fact]
    public void Imu_dropout_stops_the_motors_within_the_stale_timeout()
    {
        var r = new Rig();
        r.ArmAndFly();
        r.ImuAlive = false;
        r.Run(50000); // exactly 50 ms old at the last cycle: not yet stale
        Assert.True(r.Loop.Armed);
        r.Run(4000);
        Assert.False(r.Loop.Armed);
        Assert.Equal(FailsafePhase.MotorsOff, r.Safety.Failsafe.Phase);
        Assert.Equal(FailsafeCause.ImuFailure, r.Safety.Failsafe.Cause);
    }

    [Fact]
    public void Stuck_sensor_stops_the_motors_after_the_frozen_time()
    {
        var r = new Rig();
        r.ArmAndFly();
        r.ImuStuck = true;
        for (int i = 0; i < 49; i++)
        {
            // The values last changed one cycle before the first stuck one: 100 ms later is the 50th stuck cycle.
            r.Cycle();
            Assert.True(r.Loop.Armed);
        }

        r.Cycle();
        Assert.False(r.Loop.Armed);
        Assert.Equal(FailsafeCause.ImuFailure, r.Safety.Failsafe.Cause);
    }

    [Fact]
    public void Host_reported_bus_failure_stops_the_motors_at_once()
    {
        var r = new Rig();
        r.ArmAndFly();
        r.Safety.ImuBusHealthy = false;
        r.Cycle();
        Assert.False(r.Loop.Armed);
    }

    [Fact]
    public void Repeated_overruns_stop_the_motors()
    {
        var r = new Rig();
        r.ArmAndFly();
        for (int i = 0; i < 9; i++)
        {
            r.Safety.LoopCycleFinished(true, r.Now);
        }

        r.Cycle();
        Assert.True(r.Loop.Armed);
        r.Safety.LoopCycleFinished(true, r.Now);
        r.Cycle();
        Assert.False(r.Loop.Armed);
        Assert.Equal(FailsafeCause.LoopOverrun, r.Safety.Failsafe.Cause);
    }

    [Fact]
    public void Saturated_flight_value_is_a_numeric_fault()
    {
        var r = new Rig();
        r.ArmAndFly();
        var state = new LiquidFlight.Core.Control.VehicleState { PitchRate = int.MinValue };
        r.Safety.CheckNumeric(state);
        r.Cycle();
        Assert.False(r.Loop.Armed);
        Assert.Equal(FailsafeCause.NumericFault, r.Safety.Failsafe.Cause);
        Assert.True((r.Safety.Arming.Flags & ArmingDisableFlags.NumericFault) != 0);
    }

    [Fact]
    public void Saturated_controller_output_is_a_numeric_fault()
    {
        var r = new Rig();
        r.ArmAndFly();
        r.Safety.CheckNumeric(new LiquidFlight.Core.Control.AxisCommand { Yaw = int.MaxValue });
        r.Cycle();
        Assert.False(r.Loop.Armed);
        Assert.Equal(FailsafeCause.NumericFault, r.Safety.Failsafe.Cause);
    }

    [Fact]
    public void Without_a_supervisor_the_loop_is_armed_by_the_host_alone()
    {
        var loop = new FlightLoop(new FlightLoopConfig(), null!);
        var sample = new ImuSample { AccelZ = -G };
        loop.Arm();
        loop.RunCycle(0, ref sample, true, false);
        Assert.True(loop.Armed);
    }

    [Fact]
    public void Numeric_check_flags_exactly_the_saturated_values_of_state_and_command()
    {
        // Each of the nine checked values alone at int.MaxValue or int.MinValue raises the fault; one step inside
        // the range, or any ordinary value, does not.
        // The values around +-2^30 sit on both sides of AfterCycle's screen.
        int[] values = [int.MaxValue, int.MinValue, int.MaxValue - 1, int.MinValue + 1, 0, -1, 1, 65_536,
            1 << 30, (1 << 30) - 1, -(1 << 30), -(1 << 30) - 1];
        for (int field = 0; field < 9; field++)
        {
            foreach (int v in values)
            {
                var loop = new FlightLoop(new FlightLoopConfig(), null!);
                var safety = new SafetySupervisor(new SafetyLimits());
                LiquidFlight.Core.Tests.Flight.FlightLoopTests.SetCheckedValue(loop, field, v);

                safety.AfterCycle(loop);
                bool saturated = v == int.MaxValue || v == int.MinValue;
                Assert.True(saturated == safety.NumericFault, $"field {field} = {v}: fault {safety.NumericFault}");
            }
        }
    }
}
