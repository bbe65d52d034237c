using LiquidFlight.Core.Bench;
using LiquidFlight.Core.Control;
using LiquidFlight.Core.Links;
using LiquidFlight.Core.Links.Mavlink;
using LiquidFlight.Core.Ltc;
using LiquidFlight.Core.Telemetry;

namespace LiquidFlight.Core.Tests.Telemetry;

public class MavlinkTelemetryTests
{
    private sealed class Wire : IByteLink
    {
        public readonly List<byte> Bytes = new();
        public int Accept = int.MaxValue;

        public int Read(byte[] buffer, int offset, int count) => 0;

        public int Write(byte[] buffer, int offset, int count)
        {
            int n = Math.Min(count, Accept);
            for (int i = 0; i < n; i++) Bytes.Add(buffer[offset + i]);
            return n;
        }
    }

    private sealed class Recorder : IMavlinkHandler
    {
        public readonly List<(int Id, byte[] Payload, long AtByte)> Frames = new();

        public void OnMessage(MavlinkParser p) => Frames.Add((p.MessageId, p.Payload.Take(MavlinkMessages.Length(p.MessageId)).ToArray(), 0));
    }

    private static (BenchFlight Bench, Wire Wire, MavlinkTelemetry Telemetry, List<long> AttitudeMs) Fly(int cycles)
    {
        var bench = new BenchFlight(ControllerTable.Create(ControllerKind.Pid, FramePidGains.Quad250Brushless(), null), null, null);
        var wire = new Wire();
        var t = new MavlinkTelemetry(wire, 1, 1) { Board = bench.Board };
        bench.Board.Telemetry = t;
        for (int k = 0; k < cycles; k++) bench.RunCycle();
        return (bench, wire, t, new List<long>());
    }

    [Fact]
    public void Over_ten_seconds_of_the_bench_flight_heartbeat_and_sys_status_are_1_hz_and_attitude_20_hz()
    {
        var (bench, wire, t, _) = Fly(5000); // 10 s at 500 Hz
        var p = new MavlinkParser();
        var r = new Recorder();
        p.Feed(wire.Bytes.ToArray(), 0, wire.Bytes.Count, r);
        Assert.Equal(0, p.CrcErrors);
        Assert.Equal(0, p.DroppedBytes);
        int hb = r.Frames.Count(f => f.Id == 0);
        int ss = r.Frames.Count(f => f.Id == 1);
        int at = r.Frames.Count(f => f.Id == 30);
        Assert.InRange(hb, 10, 11);
        Assert.Equal(hb, ss);
        Assert.InRange(at, 195, 201);
        Assert.Equal(t.AttitudeFrames, at);

        // The last HEARTBEAT says armed (the bench flight arms) and active; the last ATTITUDE carries the estimate.
        var last = r.Frames.Last(f => f.Id == 0).Payload;
        Assert.Equal(2, last[4]); // MAV_TYPE_QUADROTOR
        Assert.Equal(MavlinkMessages.ModeFlagSafetyArmed | MavlinkMessages.ModeFlagStabilizeEnabled, last[6]);
        Assert.Equal(MavlinkTelemetry.StateActive, last[7]);
        var att = r.Frames.Last(f => f.Id == 30).Payload;
        Assert.True(MavlinkFloat.TryToQ16(BitConverter.ToInt32(att, 4), out int roll));
        // ATTITUDE is sent at most 50 ms before the end: the roll estimate moved little since then.
        Assert.InRange(roll - bench.Board.Flight.State.Roll, -6554, 6554);
        Assert.NotEqual(0, BitConverter.ToInt32(att, 4) | BitConverter.ToInt32(att, 8));
    }

    [Fact]
    public void Status_lines_are_queued_sent_as_statustext_and_counted_when_the_queue_is_full()
    {
        var bench = new BenchFlight(ControllerTable.Create(ControllerKind.Pid, FramePidGains.Quad250Brushless(), null), null, null);
        var wire = new Wire();
        var t = new MavlinkTelemetry(wire, 1, 1) { Board = bench.Board, HilEnabled = true };
        bench.Board.Telemetry = t;
        string longLine = new string('a', 60) + "tail";
        for (int i = 0; i < MavlinkTelemetry.QueueLength + 2; i++)
        {
            string s = i == 0 ? longLine : $"line {i} é";
            t.Write(StatusSeverity.Warning, s.ToCharArray(), s.Length);
        }

        Assert.Equal(2, t.StatusDropped);
        for (int k = 0; k < 200; k++) bench.RunCycle();
        var p = new MavlinkParser();
        var r = new Recorder();
        p.Feed(wire.Bytes.ToArray(), 0, wire.Bytes.Count, r);
        var texts = r.Frames.Where(f => f.Id == 253).ToList();
        Assert.Equal(MavlinkTelemetry.QueueLength, texts.Count);
        Assert.All(texts, f => Assert.Equal(4, f.Payload[0]));
        Assert.Equal(new string('a', 50), System.Text.Encoding.ASCII.GetString(texts[0].Payload, 1, 50));
        Assert.Equal("line 1 ?", System.Text.Encoding.ASCII.GetString(texts[1].Payload, 1, 50).TrimEnd('\0'));
        Assert.Equal(0, t.QueuedStatus);
        var hb = r.Frames.First(f => f.Id == 0).Payload;
        Assert.NotEqual(0, hb[6] & MavlinkMessages.ModeFlagHilEnabled);
        Assert.Equal(MavlinkTelemetry.StateCalibrating, hb[7]); // first heartbeat at start-up, before calibration
    }

    [Fact]
    public void A_link_that_refuses_bytes_counts_dropped_frames()
    {
        var bench = new BenchFlight(ControllerTable.Create(ControllerKind.Pid, FramePidGains.Quad250Brushless(), null), null, null);
        var wire = new Wire { Accept = 5 };
        var t = new MavlinkTelemetry(wire, 1, 1) { Board = bench.Board };
        bench.Board.Telemetry = t;
        for (int k = 0; k < 100; k++) bench.RunCycle();
        Assert.True(t.TxDropped > 0);
        Assert.Equal(t.Heartbeats + t.SysStatusFrames + t.AttitudeFrames + t.StatusTextFrames, t.TxDropped);
    }
}
