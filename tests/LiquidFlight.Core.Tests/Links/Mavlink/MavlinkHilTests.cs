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
}
