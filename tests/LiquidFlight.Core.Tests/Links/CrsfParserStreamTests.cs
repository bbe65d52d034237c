using System.Diagnostics;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using LiquidFlight.Core.Links.Crsf;
using Xunit.Abstractions;

namespace LiquidFlight.Core.Tests.Links;

/// <summary>
/// CrsfParser.Feed over any (buffer, offset, length) and over seeded random byte streams: never an exception,
/// out-of-range calls refused and counted, every intact frame after garbage decoded, counters that add up.
/// </summary>
public class CrsfParserStreamTests(ITestOutputHelper output)
{
    /// <summary>Streams per test (two tests: 2 x 10^5 streams in all).</summary>
    public const int StreamsPerRun = 100_000;

    private static readonly int[] Extremes =
        [int.MinValue, int.MinValue + 1, -65, -1, 0, 1, 25, 26, 63, 64, 65, int.MaxValue - 64, int.MaxValue - 1, int.MaxValue];

    private static Arbitrary<int> AnyInt() => Gen.OneOf(
        Gen.Choose(int.MinValue, int.MaxValue),
        Gen.Choose(-70, 140),
        Gen.Elements(Extremes)).ToArbitrary();

    private static Arbitrary<byte[]?> AnyBuffer() => Gen.OneOf(
        Gen.Constant<byte[]?>(null),
        Gen.Choose(0, 130).Select(n => (byte[]?)new byte[n]),
        Gen.Choose(0, 3).Select(k => (byte[]?)Capture(k))).ToArbitrary();

    // A buffer holding k channel frames back to back, so valid ranges also parse real data.
    private static byte[] Capture(int k) => Enumerable.Range(0, k).SelectMany(i => CrsfTestFrames.Channels(200 + i)).ToArray();

    [Property(MaxTest = 20_000, Replay = "(11,13)")]
    public Property Feed_accepts_exactly_the_ranges_inside_the_buffer_and_never_throws() =>
        Prop.ForAll(AnyBuffer(), AnyInt(), AnyInt(), (buffer, offset, length) =>
        {
            var p = new CrsfParser();
            // In 64 bits, so the oracle itself cannot overflow.
            bool inside = buffer != null && offset >= 0 && length >= 0 && (long)offset + length <= buffer.Length;
            int frames = p.Feed(buffer!, offset, length, 5);
            if (!inside)
            {
                return frames == 0 && p.RejectedCalls == 1 && p.DroppedBytes == 0 && p.GoodFrames == 0;
            }

            // A valid range is parsed whole: its bytes end up dropped, in accepted or superseded frames (at most 64
            // bytes each), or waiting in the window (at most 63).
            return p.RejectedCalls == 0 && frames == p.ChannelFrames && p.DroppedBytes <= length &&
                   length - p.DroppedBytes <= ((p.GoodFrames + p.SupersededFrames) * CrsfParser.MaxFrameBytes) + CrsfParser.MaxFrameBytes - 1;
        });

    [Theory]
    [InlineData(int.MaxValue, 1)]       // offset + length wraps negative: the old guard let it through
    [InlineData(1, int.MaxValue)]
    [InlineData(int.MaxValue, int.MaxValue)]
    [InlineData(27, 0)]                 // offset one past the end of a 26-byte buffer
    [InlineData(0, -1)]
    [InlineData(-1, 1)]
    public void Out_of_range_calls_return_0_and_are_counted(int offset, int length)
    {
        var p = new CrsfParser();
        byte[] frame = CrsfTestFrames.Channels(300);
        Assert.Equal(0, p.Feed(frame, offset, length, 0));
        Assert.Equal(1, p.RejectedCalls);
        // The parser is unharmed: a proper call right after decodes the frame.
        Assert.Equal(1, p.Feed(frame, 0, frame.Length, 0));
        Assert.Equal(300, p.ChannelTicks[0]);
    }

    [Fact]
    public void An_empty_range_at_the_end_is_valid_and_parses_nothing()
    {
        var p = new CrsfParser();
        byte[] frame = CrsfTestFrames.Channels(300);
        Assert.Equal(0, p.Feed(frame, frame.Length, 0, 0));
        Assert.Equal(0, p.RejectedCalls);
        Assert.Equal(0, p.DroppedBytes);
    }

    private static bool IsSync(byte b) => b == CrsfParser.SyncFlightController || b == CrsfParser.SyncTransmitter;

    private static byte NonSync(Random rng)
    {
        byte b;
        do
        {
            b = (byte)rng.Next(256);
        }
        while (IsSync(b));
        return b;
    }

    /// <summary>A frame whose bytes after the sync byte hold no sync value (so nothing inside it can start a candidate).</summary>
    private static byte[] SyncFreeFrame(Random rng, Func<byte[]> make)
    {
        while (true)
        {
            byte[] f = make();
            if (!f.Skip(1).Any(IsSync))
            {
                return f;
            }
        }
    }

    private sealed class Expected
    {
        public long Channel, LinkStats, Other, Malformed, Crc, Length, Dropped, Fed, Rejected, Superseded;
        public int[]? LastTicks;

        /// <summary>The stream's channel frame candidates (sync, length 24, type RC_CHANNELS_PACKED): start, intact.</summary>
        public readonly List<(int Start, bool Intact)> Candidates = [];

        /// <summary>The chunks the stream was fed in: start, length.</summary>
        public readonly List<(int Start, int Length)> Chunks = [];

        /// <summary>
        /// The superseded frames, from the stream's layout alone: in each chunk, of a run of candidates back to back
        /// that lie whole in it (the first may be one the chunk completes), if the last is intact, every one before it
        /// is skipped unchecked (a good one is then not a channel frame, a corrupt one neither a CRC error nor dropped
        /// bytes). At every candidate's start the parser's window is empty: the frame before it was decided at its
        /// last byte.
        /// </summary>
        public void ApplySuperseding()
        {
            const int frameBytes = CrsfParser.ChannelsPayloadLength + 4;
            foreach ((int start, int length) in Chunks)
            {
                // Whole in the chunk, or completed by it (the window's frame, which can only head a run).
                var whole = Candidates.Where(c => c.Start + frameBytes <= start + length && c.Start + frameBytes > start).ToList();
                int k = 0;
                while (k < whole.Count)
                {
                    int end = k;
                    while (end + 1 < whole.Count && whole[end + 1].Start == whole[end].Start + frameBytes)
                    {
                        end++;
                    }

                    if (end > k && whole[end].Intact)
                    {
                        for (int j = k; j < end; j++)
                        {
                            Superseded++;
                            if (whole[j].Intact)
                            {
                                Channel--;
                            }
                            else
                            {
                                Crc--;
                                Dropped -= frameBytes;
                            }
                        }
                    }

                    k = end + 1;
                }
            }
        }
    }

    /// <summary>
    /// One seeded stream of intact frames of every kind, corrupted frames, impossible lengths and garbage, all
    /// free of sync bytes except at frame starts, so the exact outcome is known: every intact frame decoded, every
    /// failure counted once, every other byte dropped. Fed in random chunks at random offsets of a larger buffer,
    /// with out-of-range calls in between.
    /// </summary>
    private static void ExactStream(Random rng, CrsfParser p, Expected e, byte[] buffer)
    {
        var stream = new List<byte>();
        int items = rng.Next(1, 9);
        for (int k = 0; k < items; k++)
        {
            switch (rng.Next(7))
            {
                case 0:
                case 1:
                    e.Candidates.Add((stream.Count, true));
                    stream.AddRange(ChannelFrame(rng, e));
                    break;
                case 2:
                    stream.AddRange(SyncFreeFrame(rng, () => CrsfTestFrames.Frame(0x14, RandomPayload(rng, 10))));
                    e.LinkStats++;
                    break;
                case 3:
                    stream.AddRange(SyncFreeFrame(rng, () => CrsfTestFrames.Frame(0x08, RandomPayload(rng, rng.Next(0, 61)))));
                    e.Other++;
                    break;
                case 4:
                    // A channel frame with a valid CRC but 21 payload bytes.
                    stream.AddRange(SyncFreeFrame(rng, () => CrsfTestFrames.Frame(0x16, RandomPayload(rng, 21))));
                    e.Malformed++;
                    break;
                case 5:
                    byte[] bad = SyncFreeFrame(rng, () => CrsfTestFrames.Channels(RandomTicks(rng)));
                    int at = rng.Next(2, bad.Length);
                    byte flipped;
                    do
                    {
                        flipped = (byte)(bad[at] ^ (1 << rng.Next(8)));
                    }
                    while (IsSync(flipped));
                    bad[at] = flipped;
                    if (at != 2)
                    {
                        // Still a channel frame candidate (its type byte intact), if a corrupt one.
                        e.Candidates.Add((stream.Count, false));
                    }

                    stream.AddRange(bad);
                    e.Crc++;
                    e.Dropped += bad.Length;
                    break;
                default:
                    int garbage = rng.Next(0, 40);
                    for (int g = 0; g < garbage; g++)
                    {
                        stream.Add(NonSync(rng));
                    }

                    e.Dropped += garbage;
                    if (rng.Next(2) == 0)
                    {
                        // A sync byte followed by an impossible length (0, 1 or 63..255, never a sync value).
                        byte length;
                        do
                        {
                            length = (byte)(rng.Next(2) == 0 ? rng.Next(2) : rng.Next(63, 256));
                        }
                        while (IsSync(length));
                        stream.Add(rng.Next(2) == 0 ? CrsfParser.SyncFlightController : CrsfParser.SyncTransmitter);
                        stream.Add(length);
                        e.Length++;
                        e.Dropped += 2;
                    }

                    break;
            }
        }

        // End on an intact frame so nothing is left waiting in the window.
        e.Candidates.Add((stream.Count, true));
        stream.AddRange(ChannelFrame(rng, e));
        Feed(rng, p, stream, buffer, e);
        e.ApplySuperseding();
    }

    private static int[] RandomTicks(Random rng) => Enumerable.Range(0, 16).Select(_ => rng.Next(2048)).ToArray();

    private static byte[] ChannelFrame(Random rng, Expected e)
    {
        int[] ticks = [];
        byte[] frame = SyncFreeFrame(rng, () => CrsfTestFrames.Channels(ticks = RandomTicks(rng)));
        e.Channel++;
        e.LastTicks = ticks;
        return frame;
    }

    private static byte[] RandomPayload(Random rng, int n)
    {
        var b = new byte[n];
        rng.NextBytes(b);
        return b;
    }

    private static int Feed(Random rng, CrsfParser p, List<byte> stream, byte[] buffer, Expected e)
    {
        int frames = 0;
        int i = 0;
        while (i < stream.Count)
        {
            int n = Math.Min(stream.Count - i, rng.Next(1, 80));
            int offset = rng.Next(0, buffer.Length - n + 1);
            stream.CopyTo(i, buffer, offset, n);
            frames += p.Feed(buffer, offset, n, i);
            e.Chunks.Add((i, n));
            i += n;
            e.Fed += n;
            if (rng.Next(16) == 0)
            {
                // An out-of-range call between chunks changes nothing but its counter.
                Assert.Equal(0, p.Feed(buffer, buffer.Length - n + 1 + rng.Next(1000), n, i));
                e.Rejected++;
            }
        }

        return frames;
    }

    [Fact]
    public void Seeded_random_streams_decode_every_intact_frame_and_count_every_failure()
    {
        var clock = Stopwatch.StartNew();
        var buffer = new byte[512];
        long bytes = 0;
        for (int s = 0; s < StreamsPerRun; s++)
        {
            var rng = new Random(s);
            var p = new CrsfParser();
            var e = new Expected();
            ExactStream(rng, p, e, buffer);
            bytes += e.Fed;
            Assert.True(e.Channel == p.ChannelFrames, $"stream {s}: {p.ChannelFrames} channel frames, expected {e.Channel}");
            Assert.Equal(e.LinkStats, p.LinkStatisticsFrames);
            Assert.Equal(e.Other, p.OtherFrames);
            Assert.Equal(e.Malformed, p.MalformedFrames);
            Assert.Equal(e.Crc, p.CrcErrors);
            Assert.Equal(e.Superseded, p.SupersededFrames);
            Assert.Equal(e.Length, p.LengthErrors);
            Assert.Equal(e.Dropped, p.DroppedBytes);
            Assert.Equal(p.ChannelFrames + p.LinkStatisticsFrames + p.OtherFrames + p.MalformedFrames, p.GoodFrames);
            Assert.Equal(e.Rejected, p.RejectedCalls);
            Assert.Equal(e.LastTicks, p.ChannelTicks);
        }

        output.WriteLine($"{StreamsPerRun} exact streams, {bytes} bytes in {clock.Elapsed.TotalSeconds:F2} s");
    }

    [Fact]
    public void Seeded_fully_random_streams_never_throw_and_keep_the_counters_consistent()
    {
        var clock = Stopwatch.StartNew();
        var buffer = new byte[512];
        long bytes = 0;
        for (int s = 0; s < StreamsPerRun; s++)
        {
            var rng = new Random(1_000_000 + s);
            var p = new CrsfParser();
            var e = new Expected();
            var stream = new List<byte>();
            int items = rng.Next(1, 8);
            for (int k = 0; k < items; k++)
            {
                int kind = rng.Next(4);
                if (kind == 0)
                {
                    stream.AddRange(RandomPayload(rng, rng.Next(0, 120))); // anything, sync bytes included
                }
                else if (kind == 1)
                {
                    byte[] f = CrsfTestFrames.Channels(RandomTicks(rng));
                    stream.AddRange(f.Take(rng.Next(1, f.Length))); // truncated frame
                }
                else
                {
                    stream.AddRange(CrsfTestFrames.Channels(RandomTicks(rng)));
                }
            }

            int frames = Feed(rng, p, stream, buffer, e);
            bytes += e.Fed;
            long good = p.ChannelFrames + p.LinkStatisticsFrames + p.OtherFrames + p.MalformedFrames;
            Assert.Equal(good, p.GoodFrames);
            Assert.Equal(frames, p.ChannelFrames);
            Assert.True(p.DroppedBytes >= 0 && p.DroppedBytes <= e.Fed);
            // Every byte fed is dropped, part of an accepted or superseded frame (at most 64 bytes), or waiting (at
            // most 63).
            Assert.True(e.Fed - p.DroppedBytes <= ((p.GoodFrames + p.SupersededFrames) * CrsfParser.MaxFrameBytes) + CrsfParser.MaxFrameBytes - 1, $"stream {s}");
            // Each byte is dropped at most once and each failure drops at least one byte.
            Assert.True(p.CrcErrors + p.LengthErrors <= p.DroppedBytes, $"stream {s}");
            Assert.Equal(e.Rejected, p.RejectedCalls);
        }

        output.WriteLine($"{StreamsPerRun} random streams, {bytes} bytes in {clock.Elapsed.TotalSeconds:F2} s");
    }
}
