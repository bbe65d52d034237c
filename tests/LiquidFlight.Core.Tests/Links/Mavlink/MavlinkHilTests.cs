using LiquidFlight.Core.Esc;
using LiquidFlight.Core.Links;
using LiquidFlight.Core.Links.Mavlink;
using LiquidFlight.Core.Sensors.Imu;

namespace LiquidFlight.Core.Tests.Links.Mavlink;

public class MavlinkHilTests
{
    private sealed class Recorder : IMavlinkHandler
    {
        public readonly List<(int Id, byte[] Payload)> Frames = new();

        public void OnMessage(MavlinkParser p) => Frames.Add((p.MessageId, p.Payload.Take(MavlinkMessages.Length(p.MessageId)).ToArray()));
    }

    private static List<(int Id, byte[] Payload)> Sent(MavlinkPipe pipe)
    {
        var p = new MavlinkParser();
        var r = new Recorder();
        p.Feed(pipe.Out.ToArray(), 0, pipe.Out.Count, r);
        Assert.Equal(0, p.CrcErrors);
        return r.Frames;
    }

    [Fact]
    public void Hil_sensor_becomes_a_ready_sample_and_is_answered_by_one_actuator_frame_in_px4_order()
    {
        var pipe = new MavlinkPipe();
        var hil = new MavlinkHil(pipe, new EscTiming(EscProtocol.StandardPwm, 490), 1, 1);
        var sim = new MavlinkWriter(255, 0);
        pipe.Send(sim, sim.HilSensor(4000, 100, -200, -642689, 11, -22, 33));
        var readout = new ImuReadout();
        Assert.Equal(ImuReadStatus.Sample, hil.Read(777, readout));
        Assert.Equal(777, readout.Sample.TimestampUs);
        Assert.Equal((100, -200, -642689), (readout.Sample.AccelX, readout.Sample.AccelY, readout.Sample.AccelZ));
        Assert.Equal((11, -22, 33), (readout.Sample.GyroX, readout.Sample.GyroY, readout.Sample.GyroZ));
        Assert.Equal(ImuReadStatus.NoData, hil.Read(778, readout));

        // M1 rear-right 1100, M2 front-right 1200, M3 rear-left 1300, M4 front-left 2000 (Betaflight order).
        hil.Write(new[] { 1100, 1200, 1300, 2000 }, true);
        hil.Write(new[] { 1100, 1200, 1300, 2000 }, true); // no new sample: no second answer
        var frames = Sent(pipe);
        Assert.Single(frames);
        Assert.Equal(93, frames[0].Id);
        byte[] a = frames[0].Payload;
        Assert.Equal(4000, BitConverter.ToInt64(a, 0)); // echoes the sample's time_usec
        Assert.Equal(1, BitConverter.ToInt64(a, 8));    // lockstep flag
        // PX4 quad-X: 1 front-right (M2), 2 rear-left (M3), 3 front-left (M4), 4 rear-right (M1).
        Assert.Equal(new[] { 0.2f, 0.3f, 1.0f, 0.1f }, Enumerable.Range(0, 4).Select(i => BitConverter.ToSingle(a, 16 + 4 * i)).ToArray(), new FloatClose());
        Assert.Equal(MavlinkMessages.ModeFlagHilEnabled | MavlinkMessages.ModeFlagStabilizeEnabled | MavlinkMessages.ModeFlagSafetyArmed, a[80]);
    }

    private sealed class FloatClose : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) < 2e-5f;

        public int GetHashCode(float f) => 0;
    }

    [Fact]
    public void Nan_samples_are_refused_and_counted()
    {
        var pipe = new MavlinkPipe();
        var hil = new MavlinkHil(pipe, null, 1, 1);
        var sim = new MavlinkWriter(255, 0);
        int n = sim.HilSensor(1, 0, 0, 0, 0, 0, 0);
        sim.PutI32(20, BitConverter.SingleToInt32Bits(float.NaN)); // xgyro
        n = sim.Finish(MavlinkMessages.HilSensor, MavlinkMessages.HilSensorCrcExtra, MavlinkMessages.HilSensorLength);
        pipe.Send(sim, n);
        Assert.Equal(ImuReadStatus.NoData, hil.Read(1, new ImuReadout()));
        Assert.Equal(1, hil.BadSamples);
        Assert.Equal(1, hil.Parser.BadFloats);
    }

    [Fact]
    public void Command_long_arm_disarm_sets_the_arm_request_drives_the_rc_stand_in_and_is_acknowledged()
    {
        var pipe = new MavlinkPipe();
        var hil = new MavlinkHil(pipe, null, 1, 1);
        var rc = new MavlinkHilRcSource(hil, null);
        var sim = new MavlinkWriter(255, 190);
        Assert.False(rc.Poll(0)); // no simulator yet: no link
        pipe.Send(sim, sim.CommandLong(1, 1, 400, 0, new[] { 65536, 0, 0, 0, 0, 0, 0 }));
        pipe.Send(sim, sim.HilSensor(10, 0, 0, -642689, 0, 0, 0));
        hil.Read(100, new ImuReadout());
        Assert.True(hil.ArmRequested);
        Assert.True(rc.Poll(100));
        Assert.Equal(2000, rc.ChannelUs[4]);
        Assert.Equal(1000, rc.ChannelUs[2]);
        Assert.False(rc.Poll(101)); // no new HIL_SENSOR: no frame, the supervisor's RC-loss timer runs

        pipe.Send(sim, sim.CommandLong(1, 1, 400, 0, new[] { 0, 0, 0, 0, 0, 0, 0 }));
        pipe.Send(sim, sim.CommandLong(1, 1, 400, 0, new[] { 32768, 0, 0, 0, 0, 0, 0 })); // 0.5: denied
        pipe.Send(sim, sim.CommandLong(1, 1, 512, 0, null)); // other command: unsupported
        hil.Poll(200);
        Assert.False(hil.ArmRequested);
        rc.Poll(200);
        Assert.Equal(1000, rc.ChannelUs[4]);
        var acks = Sent(pipe).Where(f => f.Id == 77).Select(f => (BitConverter.ToUInt16(f.Payload, 0), f.Payload[2], f.Payload[8], f.Payload[9])).ToList();
        Assert.Equal(new[] { ((ushort)400, (byte)0, (byte)255, (byte)190), ((ushort)400, (byte)0, (byte)255, (byte)190),
            ((ushort)400, (byte)2, (byte)255, (byte)190), ((ushort)512, (byte)3, (byte)255, (byte)190) }, acks);
    }

    [Fact]
    public void Pulse_to_control_is_zero_at_the_minimum_pulse_and_one_at_the_maximum_clamped_outside()
    {
        var hil = new MavlinkHil(null, new EscTiming(EscProtocol.StandardPwm, 490), 1, 1);
        Assert.Equal(0, hil.PulseToQ16(1000));
        Assert.Equal(0, hil.PulseToQ16(900));
        Assert.Equal(32768, hil.PulseToQ16(1500));
        Assert.Equal(65536, hil.PulseToQ16(2000));
        Assert.Equal(65536, hil.PulseToQ16(2100));
    }

    [Fact]
    public void A_time_only_hil_sensor_is_no_sample_but_is_answered_and_sim_stamps_are_kept_when_asked()
    {
        var pipe = new MavlinkPipe();
        var hil = new MavlinkHil(pipe, null, 1, 1) { StampsFromSimulator = true };
        var sim = new MavlinkWriter(255, 0);
        var readout = new ImuReadout();
        pipe.Send(sim, sim.HilSensor(6000, 0, 0, 0, 0, 0, 0, 0));
        Assert.Equal(ImuReadStatus.NoData, hil.Read(50, readout));
        hil.Write(new[] { 1000, 1000, 1000, 1000 }, false);
        pipe.Send(sim, sim.HilSensor(7321, 1, 2, 3, 4, 5, 6));
        Assert.Equal(ImuReadStatus.Sample, hil.Read(60, readout));
        Assert.Equal(7321, readout.Sample.TimestampUs); // the simulator's stamp, not the read time 60
        Assert.Equal(7321, readout.TimestampUs);
        hil.Write(new[] { 1000, 1000, 1000, 1000 }, false);
        var answers = Sent(pipe).Where(f => f.Id == 93).Select(f => BitConverter.ToInt64(f.Payload, 0)).ToArray();
        Assert.Equal(new long[] { 6000, 7321 }, answers);
        Assert.Equal(1, hil.TimeOnlyFrames);
        Assert.Equal(1, hil.SamplesTaken);
    }

    [Fact]
    public void Hil_rc_inputs_raw_become_the_receiver_channels_one_frame_each_and_command_long_holds_the_arm_switch()
    {
        var pipe = new MavlinkPipe();
        var hil = new MavlinkHil(pipe, null, 1, 1);
        var rc = new MavlinkHilRcSource(hil, null);
        var sim = new MavlinkWriter(255, 0);
        int[] ch = { 1400, 1600, 1234, 1510, 1000, 1500, 1500, 1500, 1500, 1500, 1500, 1999 };
        pipe.Send(sim, sim.HilRcInputsRaw(10, ch, 255));
        pipe.Send(sim, sim.HilSensor(20, 0, 0, -642689, 0, 0, 0));
        hil.Poll(100);
        Assert.True(rc.Poll(100));
        Assert.Equal(ch, rc.ChannelUs.Take(12).ToArray());
        Assert.Equal(1500, rc.ChannelUs[12]);
        pipe.Send(sim, sim.HilSensor(30, 0, 0, -642689, 0, 0, 0));
        hil.Poll(101);
        Assert.False(rc.Poll(101)); // samples alone are no RC frame once the simulator sends RC inputs

        pipe.Send(sim, sim.CommandLong(1, 1, 400, 0, new[] { 65536, 0, 0, 0, 0, 0, 0 }));
        pipe.Send(sim, sim.HilRcInputsRaw(40, ch, 255));
        hil.Poll(102);
        Assert.True(rc.Poll(102));
        Assert.Equal(2000, rc.ChannelUs[4]);
        Assert.Equal(2, hil.RcFrames);
    }

    [Fact]
    public void A_heartbeat_announces_each_change_of_system_status_before_the_actuator_frame()
    {
        var config = new LiquidFlight.Core.Flight.BoardCycleConfig { GyroCalibrationMs = 0 };
        var pipe = new MavlinkPipe();
        var hil = new MavlinkHil(pipe, config.Esc, 1, 1);
        var board = new LiquidFlight.Core.Flight.BoardCycle(config,
            LiquidFlight.Core.Control.ControllerTable.Create(LiquidFlight.Core.Control.ControllerKind.Pid,
                LiquidFlight.Core.Control.FramePidGains.Quad250Brushless(), null),
            hil, hil, null, new LiquidFlight.Core.Tests.Scheduler.ManualClock(), null);
        hil.Board = board;
        var sim = new MavlinkWriter(255, 0);
        for (int k = 0; k < 3; k++)
        {
            pipe.Send(sim, sim.HilSensor(k * 2000, 0, 0, -642689, 0, 0, 0, 0));
            hil.Read(k * 2000, board.Readout);
            hil.Write(board.PulsesUs, false);
        }

        var frames = Sent(pipe);
        Assert.Equal(new[] { 0, 93, 93, 93 }, frames.Select(f => f.Id).ToArray());
        Assert.Equal(LiquidFlight.Core.Telemetry.MavlinkTelemetry.StateStandby, frames[0].Payload[7]);
        Assert.Equal(MavlinkMessages.ModeFlagHilEnabled | MavlinkMessages.ModeFlagStabilizeEnabled, frames[0].Payload[6]);

        board.Supervisor.NumericFault = true;
        pipe.Send(sim, sim.HilSensor(8000, 0, 0, -642689, 0, 0, 0, 0));
        hil.Read(8000, board.Readout);
        hil.Write(board.PulsesUs, false);
        frames = Sent(pipe);
        Assert.Equal(new[] { 0, 93 }, frames.Skip(4).Select(f => f.Id).ToArray());
        Assert.Equal(LiquidFlight.Core.Telemetry.MavlinkTelemetry.StateEmergency, frames[4].Payload[7]);
    }
}
