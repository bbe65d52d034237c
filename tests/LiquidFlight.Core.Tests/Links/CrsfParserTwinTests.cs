using LiquidFlight.Core.Links.Crsf;

namespace LiquidFlight.Core.Tests.Links;

/// <summary>
/// The hand-inlined CrsfParser (frames decided in place, unrolled CRC and unpacking, window path deciding once per
/// candidate) against its plain twin PlainCrsfParser (one window copy and one decision per byte): the same bytes in
/// the same chunks give the same return value, counters, channels, link statistics and waiting bytes after every call.
/// </summary>
public class CrsfParserTwinTests
{
    public const int Streams = 50_000;

    [Fact]
    public void Unrolled_tick_conversion_equals_TicksToMicroseconds_for_every_11_bit_value()
    {
        var p = new CrsfParser();
        var ticks = new int[16];
        for (int first = 0; first < 2048; first += 16)
        {
            for (int ch = 0; ch < 16; ch++)
            {
                // Every channel position sees every value over the run (the value moves by 16 per frame, the position by 1).
                ticks[ch] = (first + (ch * 129)) & 2047;
            }

            byte[] frame = CrsfTestFrames.Channels(ticks);
            Assert.Equal(1, p.Feed(frame, 0, frame.Length, first));
            for (int ch = 0; ch < 16; ch++)
            {
                Assert.Equal(ticks[ch], p.ChannelTicks[ch]);
                Assert.Equal(CrsfParser.TicksToMicroseconds(ticks[ch]), p.ChannelUs[ch]);
            }
        }

        var seen = new bool[2048];
        for (int v = 0; v < 2048; v++)
        {
            // The branch-free form the unpacking uses, checked on its own for every value as well.
            int us = ((5 * v) + 7044 + ((v - 992) >> 31)) >> 3;
            Assert.Equal(CrsfParser.TicksToMicroseconds(v), us);
            seen[v] = true;
        }

        Assert.All(seen, Assert.True);
    }

    [Fact]
    public void Fast_parser_matches_its_plain_twin_on_seeded_random_corrupt_and_split_streams()
    {
        var buffer = new byte[600];
        long channelFrames = 0;
        long inPlaceCandidates = 0;
        for (int s = 0; s < Streams; s++)
        {
            var rng = new Random(500_000 + s);
            var fast = new CrsfParser();
            var plain = new PlainCrsfParser();
            List<byte> stream = RandomStream(rng);
            int at = 0;
            long now = 1000;
            while (at < stream.Count)
            {
                int action = rng.Next(20);
                if (action == 0)
                {
                    fast.ResetStream();
                    plain.ResetStream();
                    Same(fast, plain, s);
                    continue;
                }

                // Chunks of any size: single bytes, frame-sized, several frames at once.
                int n = action < 4 ? rng.Next(0, 4) : (action < 12 ? rng.Next(0, 40) : rng.Next(0, 200));
                n = Math.Min(n, stream.Count - at);
                int offset = rng.Next(0, buffer.Length - n + 1);
                stream.CopyTo(at, buffer, offset, n);
                if (rng.Next(30) == 0)
                {
                    // Out-of-range calls in between are refused by both.
                    int bad = offset + 1 + buffer.Length;
                    Assert.Equal(plain.Feed(buffer, offset, bad, now), fast.Feed(buffer, offset, bad, now));
                }

                inPlaceCandidates += fast.PendingBytes == 0 && n >= 26 ? 1 : 0;
                now += rng.Next(0, 5000);
                int a = fast.Feed(buffer, offset, n, now);
                int b = plain.Feed(buffer, offset, n, now);
                Assert.Equal(b, a);
                Same(fast, plain, s);
                at += n;
            }

            channelFrames += fast.ChannelFrames;
        }

        // The streams exercised both paths: many decoded frames, many chunks large enough to hold a frame in place.
        Assert.True(channelFrames > Streams, $"{channelFrames} channel frames");
        Assert.True(inPlaceCandidates > Streams / 2, $"{inPlaceCandidates} in-place candidates");
    }

    [Fact]
    public void A_source_that_keeps_cut_off_frames_for_its_next_read_decodes_what_the_plain_parser_decodes_from_the_same_reads()
    {
        // CrsfRcSource leaves a frame cut off by the end of a read in its chunk buffer, and the next read completes it
        // there (the parser never copies it into its window). The plain twin, fed each read's bytes as they came,
        // keeps such a frame in its window instead: after every poll both have decided the same frames, and the bytes
        // waiting (in the source and its parser's window, or in the plain window) are as many.
        long carriedPolls = 0;
        long channelFrames = 0;
        for (int s = 0; s < Streams; s++)
        {
            var rng = new Random(900_000 + s);
            List<byte> stream = RandomStream(rng);
            var wire = new ScriptedWire(stream, rng);
            var source = new CrsfRcSource(wire);
            var plain = new PlainCrsfParser();
            long now = 1000;
            while (!wire.Drained)
            {
                now += rng.Next(0, 5000);
                bool polled = source.Poll(now);
                int frames = 0;
                foreach (byte[] read in wire.Reads)
                {
                    frames += plain.Feed(read, 0, read.Length, now);
                }

                wire.Reads.Clear();
                CrsfLinkStatistics ls = plain.LinkStatistics;
                bool receiverFailsafe = ls.Valid && ls.UplinkLinkQuality == 0 && now - ls.ReceivedUs <= CrsfRcSource.LinkStatisticsTimeoutUs;
                Assert.Equal(frames > 0 && !receiverFailsafe, polled);
                carriedPolls += source.WaitingBytes > source.Parser.PendingBytes ? 1 : 0;
                Same(source.Parser, source.WaitingBytes, plain, s);
            }

            channelFrames += plain.ChannelFrames;
        }

        // Many polls ended inside a frame and carried it, and many frames were decoded.
        Assert.True(carriedPolls > Streams / 2, $"{carriedPolls} polls carried a cut-off frame");
        Assert.True(channelFrames > Streams, $"{channelFrames} channel frames");
    }

    // A receiver's stream handed out in reads of random sizes (none, a few bytes, a frame, more than a chunk), each
    // read's bytes recorded.
    private sealed class ScriptedWire(List<byte> stream, Random rng) : LiquidFlight.Core.Links.IByteLink
    {
        private int at;

        public readonly List<byte[]> Reads = [];

        public bool Drained => at >= stream.Count;

        public int Read(byte[] buffer, int offset, int count)
        {
            int action = rng.Next(10);
            int n = action < 2 ? rng.Next(0, 4) : (action < 6 ? rng.Next(0, 40) : rng.Next(0, 300));
            n = Math.Min(Math.Min(n, count), stream.Count - at);
            stream.CopyTo(at, buffer, offset, n);
            Reads.Add(stream.GetRange(at, n).ToArray());
            at += n;
            return n;
        }

        public int Write(byte[] buffer, int offset, int count) => count;
    }

    private static void Same(CrsfParser f, PlainCrsfParser p, int stream) => Same(f, f.PendingBytes, p, stream);

    private static void Same(CrsfParser f, int waiting, PlainCrsfParser p, int stream)
    {
        string where = $"stream {stream}";
        Assert.True(p.PendingBytes == waiting, $"{where}: pending {waiting}, plain {p.PendingBytes}");
        Assert.True(p.DroppedBytes == f.DroppedBytes, $"{where}: dropped {f.DroppedBytes}, plain {p.DroppedBytes}");
        Assert.Equal(p.GoodFrames, f.GoodFrames);
        Assert.Equal(p.ChannelFrames, f.ChannelFrames);
        Assert.Equal(p.LinkStatisticsFrames, f.LinkStatisticsFrames);
        Assert.Equal(p.OtherFrames, f.OtherFrames);
        Assert.Equal(p.CrcErrors, f.CrcErrors);
        Assert.Equal(p.SupersededFrames, f.SupersededFrames);
        Assert.Equal(p.LengthErrors, f.LengthErrors);
        Assert.Equal(p.MalformedFrames, f.MalformedFrames);
        Assert.Equal(p.RejectedCalls, f.RejectedCalls);
        Assert.Equal(p.HasChannels, f.HasChannels);
        Assert.Equal(p.LastChannelsUs, f.LastChannelsUs);
        Assert.Equal(p.ChannelTicks, f.ChannelTicks);
        Assert.Equal(p.ChannelUs, f.ChannelUs);
        CrsfLinkStatistics a = f.LinkStatistics;
        CrsfLinkStatistics b = p.LinkStatistics;
        Assert.Equal(
            (b.Valid, b.ReceivedUs, b.UplinkRssiAntenna1Dbm, b.UplinkRssiAntenna2Dbm, b.UplinkLinkQuality, b.UplinkSnrDb, b.ActiveAntenna, b.RfMode, b.UplinkTxPowerIndex, b.DownlinkRssiDbm, b.DownlinkLinkQuality, b.DownlinkSnrDb),
            (a.Valid, a.ReceivedUs, a.UplinkRssiAntenna1Dbm, a.UplinkRssiAntenna2Dbm, a.UplinkLinkQuality, a.UplinkSnrDb, a.ActiveAntenna, a.RfMode, a.UplinkTxPowerIndex, a.DownlinkRssiDbm, a.DownlinkLinkQuality, a.DownlinkSnrDb));
    }

    private static byte[] Random(Random rng, int n)
    {
        var b = new byte[n];
        rng.NextBytes(b);
        return b;
    }

    private static byte RandomSync(Random rng) => rng.Next(2) == 0 ? CrsfParser.SyncFlightController : CrsfParser.SyncTransmitter;

    /// <summary>Intact frames of every kind (either sync byte), frames with a flipped bit anywhere, wrong lengths,
    /// truncated frames, noise full of sync bytes, and frames nested inside false starts.</summary>
    private static List<byte> RandomStream(Random rng)
    {
        var stream = new List<byte>();
        int items = rng.Next(1, 14);
        for (int k = 0; k < items; k++)
        {
            byte[] item;
            switch (rng.Next(10))
            {
                case 0:
                case 1:
                case 2:
                    item = CrsfTestFrames.Channels(Enumerable.Range(0, 16).Select(_ => rng.Next(2048)).ToArray());
                    item[0] = RandomSync(rng);
                    break;
                case 3:
                    item = CrsfTestFrames.Frame(0x14, Random(rng, rng.Next(8, 13)), RandomSync(rng));
                    break;
                case 4:
                    // Other types, and the channel type with a payload length it does not allow (malformed).
                    item = CrsfTestFrames.Frame(rng.Next(3) == 0 ? (byte)0x16 : (byte)rng.Next(256), Random(rng, rng.Next(0, 61)), RandomSync(rng));
                    break;
                case 5:
                    item = CrsfTestFrames.Channels(Enumerable.Range(0, 16).Select(_ => rng.Next(2048)).ToArray());
                    int bit = rng.Next(1, item.Length * 8);
                    item[bit / 8] ^= (byte)(1 << (bit % 8));
                    break;
                case 6:
                    item = CrsfTestFrames.Channels(Enumerable.Range(0, 16).Select(_ => rng.Next(2048)).ToArray());
                    item = item.Take(rng.Next(1, item.Length)).ToArray();
                    break;
                case 7:
                    // Noise rich in sync bytes and plausible lengths.
                    item = Enumerable.Range(0, rng.Next(0, 80)).Select(_ => rng.Next(4) switch
                    {
                        0 => RandomSync(rng),
                        1 => (byte)24,
                        2 => (byte)rng.Next(64),
                        _ => (byte)rng.Next(256),
                    }).ToArray();
                    break;
                case 8:
                    // A sync byte and a length byte that claims the next real frame's bytes.
                    item = [RandomSync(rng), (byte)rng.Next(0, 70)];
                    break;
                default:
                    item = Random(rng, rng.Next(0, 30));
                    break;
            }

            stream.AddRange(item);
        }

        return stream;
    }
}
