using System.Text;
using LiquidFlight.Core.Links.Mavlink;

namespace LiquidFlight.Core.Tests.Links.Mavlink;

public class MavlinkParserTests
{
    private sealed class Recorder : IMavlinkHandler
    {
        public readonly List<(int Id, int Seq, byte[] Payload)> Frames = new();

        public void OnMessage(MavlinkParser parser)
        {
            Frames.Add((parser.MessageId, parser.Sequence, parser.Payload.Take(MavlinkMessages.Length(parser.MessageId)).ToArray()));
        }
    }

    // Test-side CRC, written bit by bit from the CRC-16/MCRF4XX definition (reflected 0x1021 = 0x8408, init 0xFFFF).
    private static int BitwiseCrc(IEnumerable<byte> data)
    {
        int crc = 0xFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x8408 : crc >> 1;
            }
        }

        return crc;
    }

    private static byte[] Frame(MavlinkWriter w, int length) => w.Frame.Take(length).ToArray();

    [Fact]
    public void Crc_check_value_over_123456789_is_0x6F91()
    {
        byte[] data = Encoding.ASCII.GetBytes("123456789");
        Assert.Equal(0x6F91, MavlinkCrc.Update(MavlinkCrc.Initial, data, 0, data.Length));
        Assert.Equal(0x6F91, BitwiseCrc(data));
    }

    [Fact]
    public void Writer_frames_carry_the_v2_header_and_a_crc_over_header_payload_and_crc_extra()
    {
        var w = new MavlinkWriter(1, 1);
        int n = w.Attitude(1234, 65536, -32768, 0, 1, 2, 3);
        byte[] f = Frame(w, n);
        Assert.Equal(0xFD, f[0]);
        Assert.Equal(n - 12, f[1]);
        Assert.Equal(30, f[7]);
        var covered = f.Skip(1).Take(9 + f[1]).Append((byte)39);
        Assert.Equal(BitwiseCrc(covered), f[n - 2] | (f[n - 1] << 8));
        Assert.Equal(1234, BitConverter.ToInt32(f, 10));
        Assert.Equal(1.0f, BitConverter.ToSingle(f, 14));
        Assert.Equal(-0.5f, BitConverter.ToSingle(f, 18));
    }

    [Fact]
    public void Trailing_zeros_are_truncated_and_restored_as_zeros()
    {
        var w = new MavlinkWriter(1, 1);
        int n = w.CommandAck(400, 0, 0, 0);
        Assert.Equal(12 + 2, n); // command u16 only: result 0 and the extensions truncated
        var p = new MavlinkParser();
        var r = new Recorder();
        // Dirty the payload buffer with an earlier, longer frame first.
        int m = w.HilSensor(99, -1, -1, -1, -1, -1, -1);
        p.Feed(w.Frame, 0, m, r);
        n = w.CommandAck(400, 0, 0, 0);
        Assert.Equal(1, p.Feed(w.Frame, 0, n, r));
        Assert.Equal(77, r.Frames[1].Id);
        Assert.Equal(new byte[] { 0x90, 0x01, 0, 0, 0, 0, 0, 0, 0, 0 }, r.Frames[1].Payload);
        Assert.Equal(2, p.PayloadLength);
    }

    [Fact]
    public void Hil_sensor_round_trips_through_the_parser()
    {
        var w = new MavlinkWriter(1, 1);
        int n = w.HilSensor(123456789012L, 100, -200, -642252, 7, -8, 9);
        var p = new MavlinkParser();
        Assert.Equal(1, p.Feed(w.Frame, 0, n, null));
        Assert.Equal(107, p.MessageId);
        Assert.Equal(123456789012L, p.ReadI64(0));
        Assert.True(p.ReadQ16(16, out int az));
        Assert.Equal(-642252, az);
        Assert.Equal(0x3F, p.ReadI32(60));
    }

    [Fact]
    public void Bad_crc_unknown_id_signed_v1_and_incompatible_frames_are_counted_and_dropped()
    {
        var w = new MavlinkWriter(7, 1);
        var p = new MavlinkParser();
        var r = new Recorder();

        int n = w.Heartbeat(0, 0, 3);
        byte[] bad = Frame(w, n);
        bad[n - 1] ^= 0x55;
        p.Feed(bad, 0, bad.Length, r);
        Assert.Equal(1, p.CrcErrors);

        byte[] unknown = Frame(w, w.Heartbeat(0, 0, 3));
        unknown[7] = 200; // not a message this parser knows
        p.Feed(unknown, 0, unknown.Length, r);
        Assert.Equal(1, p.UnknownMessages);

        // Signed: incompat bit 0, CRC recomputed, 13 signature bytes appended.
        byte[] signed = Frame(w, w.Heartbeat(0, 0, 3));
        signed[2] = 1;
        int crc = BitwiseCrc(signed.Skip(1).Take(9 + signed[1]).Append((byte)50));
        signed[signed.Length - 2] = (byte)crc;
        signed[signed.Length - 1] = (byte)(crc >> 8);
        signed = signed.Concat(new byte[13]).ToArray();
        p.Feed(signed, 0, signed.Length, r);
        Assert.Equal(1, p.SignedFrames);

        // v1 HEARTBEAT: 0xFE, len 9, seq, sys, comp, id 0, payload, crc with CRC_EXTRA 50.
        var v1 = new List<byte> { 0xFE, 9, 0, 1, 1, 0, 0, 0, 0, 0, 2, 0, 0, 3, 3 };
        int c1 = BitwiseCrc(v1.Skip(1).Append((byte)50));
        v1.Add((byte)c1);
        v1.Add((byte)(c1 >> 8));
        p.Feed(v1.ToArray(), 0, v1.Count, r);
        Assert.Equal(1, p.V1Frames);

        byte[] incompat = Frame(w, w.Heartbeat(0, 0, 3));
        incompat[2] = 2;
        p.Feed(incompat, 0, incompat.Length, r);
        Assert.Equal(1, p.IncompatibleFrames);

        Assert.Empty(r.Frames);
        byte[] good = Frame(w, w.Heartbeat(0, 0, 4));
        Assert.Equal(1, p.Feed(good, 0, good.Length, r));
        Assert.Equal(4, r.Frames[0].Payload[7]);
    }

    [Fact]
    public void Invalid_arguments_parse_nothing_and_do_not_throw()
    {
        var p = new MavlinkParser();
        var buf = new byte[16];
        Assert.Equal(0, p.Feed(null!, 0, 4, null));
        Assert.Equal(0, p.Feed(buf, -1, 4, null));
        Assert.Equal(0, p.Feed(buf, 4, -1, null));
        Assert.Equal(0, p.Feed(buf, 17, 1, null));
        Assert.Equal(0, p.Feed(buf, 8, int.MaxValue, null)); // offset + length would overflow
        Assert.Equal(0, p.Feed(buf, int.MaxValue, 2, null));
        Assert.Equal(0, p.DroppedBytes);
    }

    private static List<byte[]> RandomFrames(Random rng, MavlinkWriter w, int count)
    {
        var frames = new List<byte[]>();
        for (int i = 0; i < count; i++)
        {
            int n = rng.Next(0, 6) switch
            {
                0 => w.Heartbeat(rng.Next(256), rng.Next(), rng.Next(8)),
                1 => w.Attitude(rng.Next(), rng.Next(), rng.Next(), rng.Next(), rng.Next(), rng.Next(), rng.Next()),
                2 => w.HilSensor(rng.NextInt64(), rng.Next(), rng.Next(), rng.Next(), rng.Next(), rng.Next(), rng.Next()),
                3 => w.CommandLong(1, 1, 400, 0, new[] { rng.Next(), 0, 0, 0, 0, 0, rng.Next() }),
                4 => w.StatusText(rng.Next(8), new string('x', rng.Next(0, 60))),
                _ => w.HilActuatorControls(rng.NextInt64(), new[] { rng.Next(), rng.Next(), rng.Next(), rng.Next() }, 4, rng.Next(256), rng.Next(2)),
            };
            frames.Add(Frame(w, n));
        }

        return frames;
    }

    [Fact]
    public void A_hundred_thousand_seeded_random_and_mutated_streams_never_throw_and_every_intact_frame_after_garbage_decodes()
    {
        var w = new MavlinkWriter(1, 1);
        var p = new MavlinkParser();
        var r = new Recorder();
        var rng = new Random(20261203);
        long intactExpected = 0;
        for (int stream = 0; stream < 100000; stream++)
        {
            r.Frames.Clear();
            p.ResetStream();
            var bytes = new List<byte>();
            var expect = new List<(int Id, int Seq)>();
            int kind = stream % 3;
            // Garbage (pure random, or random with many start markers) then frames, some mutated.
            int garbage = rng.Next(0, 40);
            for (int i = 0; i < garbage; i++)
            {
                bytes.Add(kind == 1 && rng.Next(4) == 0 ? (byte)0xFD : (byte)rng.Next(256));
            }

            foreach (byte[] f in RandomFrames(rng, w, rng.Next(1, 4)))
            {
                if (kind == 2 && rng.Next(3) == 0)
                {
                    byte[] m = (byte[])f.Clone();
                    m[rng.Next(1, m.Length)] ^= (byte)rng.Next(1, 256); // one corrupted byte
                    bytes.AddRange(m);
                }
                else
                {
                    bytes.AddRange(f);
                    expect.Add((f[7], f[4]));
                }
            }

            // A complete frame can only be guaranteed after garbage ends; a mutated frame can swallow the next
            // frame's bytes only until its own length runs out, so one good closing frame is always added.
            byte[] last = Frame(w, w.Heartbeat(0, stream, 4));
            bytes.AddRange(last);
            expect.Add((0, last[4]));
            // A false start in the garbage may claim up to 279 bytes and hold the frames behind it until that many
            // have arrived (as on a real link, where later traffic completes it): an idle line (zeros, never a start
            // marker) of one maximal frame flushes it, and the frames it held are then found in the window.
            bytes.AddRange(new byte[MavlinkParser.MaxFrameBytes]);

            byte[] all = bytes.ToArray();
            int at = 0;
            while (at < all.Length)
            {
                int chunk = Math.Min(all.Length - at, rng.Next(1, 64));
                p.Feed(all, at, chunk, r);
                at += chunk;
            }

            // Every intact frame after the garbage is decoded, in order; mutated or garbage frames only if their
            // CRC happened to check (vanishingly rare): the expected frames must appear as a subsequence.
            var got = r.Frames.Select(f => (f.Id, f.Seq)).ToList();
            int k = 0;
            foreach (var g in got)
            {
                if (k < expect.Count && g == expect[k]) k++;
            }

            // Even after a corrupted frame (bad CRC, or a corrupted length claiming the next frames' bytes), the
            // rescan of the window finds every intact frame.
            Assert.True(k == expect.Count, $"stream {stream} (kind {kind}): decoded {k} of {expect.Count} intact frames");

            intactExpected += expect.Count;
        }

        Assert.True(p.GoodFrames >= intactExpected - 100000);
        Assert.True(p.CrcErrors > 0);
    }
}
