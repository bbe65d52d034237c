using LiquidFlight.Core.Links.Crsf;

namespace LiquidFlight.Core.Tests.Links;

public class CrsfParserTests
{
    // An RC channels frame captured from a TBS Crossfire link (published in the kielerrr/CRSFv2-elrs README),
    // with the 0xEE sync some radios use. Its CRC byte 0x36 was computed by the sender, not by this code.
    private static readonly byte[] Captured =
    {
        0xEE, 0x18, 0x16, 0xE1, 0xE3, 0xDE, 0x09, 0xC7, 0xD7, 0x8A, 0x56, 0x80, 0x0F, 0x7C, 0xE0, 0x03, 0x1F,
        0xF8, 0xC0, 0x07, 0x3E, 0xF0, 0x81, 0x0F, 0x7C, 0x36,
    };

    private static int Feed(CrsfParser p, byte[] bytes, long now = 0) => p.Feed(bytes, 0, bytes.Length, now);

    [Fact]
    public void Captured_frame_is_accepted_and_unpacked()
    {
        var p = new CrsfParser();
        Assert.Equal(1, Feed(p, Captured));
        // Channel 1 = low 11 bits of 0xE3E1 = 0x3E1 = 993; channel 2 = bits 11..21 of 0x09DEE3E1 = 988.
        Assert.Equal(993, p.ChannelTicks[0]);
        Assert.Equal(988, p.ChannelTicks[1]);
        Assert.Equal(1, p.GoodFrames);
        Assert.Equal(0, p.CrcErrors);
        Assert.Equal(0, p.DroppedBytes);
    }

    [Fact]
    public void Every_channel_round_trips_through_an_independent_packer()
    {
        int[] ticks = { 172, 1811, 992, 173, 1000, 1500, 1810, 500, 0, 2047, 1, 2046, 1024, 1023, 700, 1300 };
        var p = new CrsfParser();
        Assert.Equal(1, Feed(p, CrsfTestFrames.Channels(ticks)));
        Assert.Equal(ticks, p.ChannelTicks);
    }

    [Fact]
    public void Every_tick_value_in_every_channel_unpacks_to_its_ticks_and_microseconds()
    {
        // 2,048 tick values x 16 channel positions: frame f carries value (f + 37 * ch) mod 2048 in channel ch, so
        // each channel sees every value; the µs must equal the plain TicksToMicroseconds of the independent packer's
        // ticks (UnpackChannels inlines that conversion).
        var p = new CrsfParser();
        var ticks = new int[CrsfParser.ChannelCount];
        for (int f = 0; f < 2048; f++)
        {
            for (int ch = 0; ch < ticks.Length; ch++)
            {
                ticks[ch] = (f + (37 * ch)) % 2048;
            }

            Assert.Equal(1, Feed(p, CrsfTestFrames.Channels(ticks)));
            for (int ch = 0; ch < ticks.Length; ch++)
            {
                Assert.Equal(ticks[ch], p.ChannelTicks[ch]);
                Assert.Equal(CrsfParser.TicksToMicroseconds(ticks[ch]), p.ChannelUs[ch]);
            }
        }
    }

    [Theory]
    [InlineData(172, 987)]  // 1500 + (-820 * 5 / 8 = -512.5) rounds away from zero
    [InlineData(992, 1500)]
    [InlineData(1811, 2012)] // 1500 + 511.875
    [InlineData(191, 999)]   // 1500 - 500.625
    [InlineData(1792, 2000)] // 1500 + 500
    public void Ticks_to_microseconds(int ticks, int us)
    {
        Assert.Equal(us, CrsfParser.TicksToMicroseconds(ticks));
    }

    [Fact]
    public void Frame_split_at_every_position_is_parsed_once()
    {
        byte[] frame = CrsfTestFrames.Channels(172, 1811, 992, 500);
        for (int split = 0; split <= frame.Length; split++)
        {
            var p = new CrsfParser();
            int a = p.Feed(frame, 0, split, 1);
            int b = p.Feed(frame, split, frame.Length - split, 2);
            Assert.Equal(1, a + b);
            Assert.Equal(split == frame.Length ? 1 : 2, p.LastChannelsUs);
            Assert.Equal(500, p.ChannelTicks[3]);
            Assert.Equal(0, p.DroppedBytes);
        }
    }

    [Fact]
    public void Byte_by_byte_stream_of_many_frames()
    {
        var stream = new List<byte>();
        for (int i = 0; i < 20; i++)
        {
            stream.AddRange(CrsfTestFrames.Channels(172 + i));
        }

        var p = new CrsfParser();
        int frames = 0;
        var one = new byte[1];
        foreach (byte b in stream)
        {
            one[0] = b;
            frames += p.Feed(one, 0, 1, 0);
        }

        Assert.Equal(20, frames);
        Assert.Equal(191, p.ChannelTicks[0]);
    }

    [Fact]
    public void Garbage_between_frames_is_dropped_and_counted()
    {
        var stream = new List<byte> { 0x00, 0x55, 0xFF, 0x13 };
        stream.AddRange(CrsfTestFrames.Channels(300));
        stream.AddRange(new byte[] { 0x01, 0x02, 0x03 });
        stream.AddRange(CrsfTestFrames.Channels(400));
        var p = new CrsfParser();
        Assert.Equal(2, Feed(p, stream.ToArray()));
        Assert.Equal(7, p.DroppedBytes);
        Assert.Equal(400, p.ChannelTicks[0]);
    }

    [Fact]
    public void Bad_crc_is_counted_and_the_frame_dropped()
    {
        byte[] bad = CrsfTestFrames.Channels(300);
        bad[10] ^= 0x01; // corrupt one payload bit
        byte[] good = CrsfTestFrames.Channels(400);
        var p = new CrsfParser();
        Assert.Equal(0, Feed(p, bad));
        Assert.Equal(1, Feed(p, good));
        Assert.Equal(1, p.CrcErrors);
        Assert.Equal(400, p.ChannelTicks[0]);
        Assert.Equal(1, p.ChannelFrames);
        Assert.Equal(bad.Length, p.DroppedBytes);
        Assert.Equal(0, p.SupersededFrames);
    }

    [Fact]
    public void A_bad_frame_that_a_good_one_follows_in_the_same_chunk_is_superseded_unchecked()
    {
        // The trade of checking the last frame of a run first: its predecessors are skipped, a corrupt one uncounted.
        byte[] bad = CrsfTestFrames.Channels(300);
        bad[10] ^= 0x01;
        var p = new CrsfParser();
        Assert.Equal(1, Feed(p, bad.Concat(CrsfTestFrames.Channels(400)).ToArray()));
        Assert.Equal(400, p.ChannelTicks[0]);
        Assert.Equal(1, p.ChannelFrames);
        Assert.Equal(1, p.GoodFrames);
        Assert.Equal(1, p.SupersededFrames);
        Assert.Equal(0, p.CrcErrors);
        Assert.Equal(0, p.DroppedBytes);
    }

    [Theory]
    [InlineData(0x01)]
    [InlineData(0x00)]
    [InlineData(0x3F)] // 63: frame would be 65 bytes
    [InlineData(0xFF)]
    public void Impossible_length_is_counted_and_resynchronised(byte length)
    {
        var stream = new List<byte> { 0xC8, length };
        stream.AddRange(CrsfTestFrames.Channels(600));
        var p = new CrsfParser();
        Assert.Equal(1, Feed(p, stream.ToArray()));
        Assert.Equal(1, p.LengthErrors);
        Assert.Equal(600, p.ChannelTicks[0]);
        Assert.Equal(2, p.DroppedBytes);
    }

    [Fact]
    public void Real_frame_starting_inside_a_false_start_is_still_found()
    {
        // 0xC8 0x30 in noise claims a 50-byte frame; the real frame begins two bytes later and is complete before
        // those 50 bytes are. The false candidate fails its CRC and the parser rescans from the next sync byte.
        var stream = new List<byte> { 0xC8, 0x30 };
        stream.AddRange(CrsfTestFrames.Channels(700));
        stream.AddRange(CrsfTestFrames.Channels(800));
        var p = new CrsfParser();
        int frames = 0;
        foreach (byte b in stream)
        {
            frames += p.Feed(new[] { b }, 0, 1, 0);
        }

        Assert.Equal(2, frames);
        Assert.Equal(800, p.ChannelTicks[0]);
        Assert.Equal(1, p.CrcErrors);
    }

    [Fact]
    public void Valid_frame_with_a_wrong_payload_length_for_its_type_is_ignored()
    {
        var p = new CrsfParser();
        Assert.Equal(0, Feed(p, CrsfTestFrames.Frame(0x16, new byte[21])));
        Assert.Equal(1, p.MalformedFrames);
        Assert.False(p.HasChannels);
    }

    [Fact]
    public void Other_frame_types_are_skipped_whole()
    {
        var stream = new List<byte>(CrsfTestFrames.Frame(0x08, new byte[] { 0x12, 0x34, 0xC8, 0x18 }));
        stream.AddRange(CrsfTestFrames.Channels(900));
        var p = new CrsfParser();
        Assert.Equal(1, Feed(p, stream.ToArray()));
        Assert.Equal(1, p.OtherFrames);
        Assert.Equal(900, p.ChannelTicks[0]);
        Assert.Equal(0, p.DroppedBytes);
    }

    [Fact]
    public void Link_statistics_are_decoded()
    {
        // RSSI1 67 (-67 dBm), RSSI2 70, LQ 100, SNR -5 (0xFB), antenna 1, RF mode 4, power 3, down RSSI 80, LQ 98, SNR 9
        byte[] payload = { 67, 70, 100, 0xFB, 1, 4, 3, 80, 98, 9 };
        var p = new CrsfParser();
        Assert.Equal(0, Feed(p, CrsfTestFrames.Frame(0x14, payload), 555));
        CrsfLinkStatistics s = p.LinkStatistics;
        Assert.True(s.Valid);
        Assert.Equal((-67, -70, 100, -5), (s.UplinkRssiAntenna1Dbm, s.UplinkRssiAntenna2Dbm, s.UplinkLinkQuality, s.UplinkSnrDb));
        Assert.Equal((1, 4, 3), (s.ActiveAntenna, s.RfMode, s.UplinkTxPowerIndex));
        Assert.Equal((-80, 98, 9), (s.DownlinkRssiDbm, s.DownlinkLinkQuality, s.DownlinkSnrDb));
        Assert.Equal(555, s.ReceivedUs);
        Assert.Equal(1, p.LinkStatisticsFrames);
    }

    [Fact]
    public void Link_is_up_until_the_timeout_after_the_last_channel_frame()
    {
        var p = new CrsfParser();
        Assert.False(p.IsLinkUp(0, 300000));
        Feed(p, CrsfTestFrames.Channels(992), 1000000);
        Assert.True(p.IsLinkUp(1300000, 300000));
        Assert.False(p.IsLinkUp(1300001, 300000));
    }

    [Fact]
    public void Random_noise_never_throws_and_rarely_yields_frames()
    {
        var rng = new Random(11);
        var noise = new byte[20000];
        rng.NextBytes(noise);
        var p = new CrsfParser();
        int frames = 0;
        for (int i = 0; i < noise.Length; i += 37)
        {
            frames += p.Feed(noise, i, Math.Min(37, noise.Length - i), i);
        }

        // A random candidate passes an 8-bit CRC with probability 1/256 and then must also be a 0x16 type with
        // exactly 22 payload bytes; with ~160 sync candidates in 20000 bytes an RC frame is improbable.
        Assert.Equal(0, frames);
        Assert.True(p.DroppedBytes > 19000);
    }

    private static int[] Ticks(int first) => Enumerable.Range(0, 16).Select(ch => 172 + ((first + (ch * 97)) % 1640)).ToArray();

    [Fact]
    public void Of_several_channel_frames_in_one_chunk_the_last_one_s_channels_are_kept_and_the_ones_before_it_superseded()
    {
        // Four frames back to back in one chunk (500 Hz ExpressLRS read by a 125 Hz RC slot): the last is checked
        // and kept, the three before it are superseded. Then two with link statistics between them: not back to
        // back, so both are checked and counted.
        var p = new CrsfParser();
        byte[] chunk = CrsfTestFrames.Channels(Ticks(1)).Concat(CrsfTestFrames.Channels(Ticks(2)))
            .Concat(CrsfTestFrames.Channels(Ticks(3))).Concat(CrsfTestFrames.Channels(Ticks(4))).ToArray();
        Assert.Equal(1, Feed(p, chunk, 5000));
        Assert.Equal(Ticks(4), p.ChannelTicks);
        Assert.Equal(Ticks(4).Select(CrsfParser.TicksToMicroseconds), p.ChannelUs);
        Assert.Equal(1, p.ChannelFrames);
        Assert.Equal(1, p.GoodFrames);
        Assert.Equal(3, p.SupersededFrames);
        Assert.Equal(5000, p.LastChannelsUs);
        Assert.Equal(0, p.DroppedBytes);

        byte[] stats = CrsfTestFrames.Frame(0x14, new byte[10]);
        chunk = CrsfTestFrames.Channels(Ticks(5)).Concat(stats).Concat(CrsfTestFrames.Channels(Ticks(6))).ToArray();
        Assert.Equal(2, Feed(p, chunk, 9000));
        Assert.Equal(Ticks(6), p.ChannelTicks);
        Assert.Equal(4, p.GoodFrames);
        Assert.Equal(3, p.SupersededFrames);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(25)]
    public void A_channel_frame_followed_by_a_corrupt_one_in_the_same_chunk_keeps_its_own_channels(int flippedByte)
    {
        // The corrupt frame looked like a channel frame until its CRC: the one before it must still be unpacked.
        byte[] bad = CrsfTestFrames.Channels(Ticks(8));
        bad[flippedByte == 0 ? 3 : flippedByte] ^= 0x10;
        var p = new CrsfParser();
        Assert.Equal(1, Feed(p, CrsfTestFrames.Channels(Ticks(7)).Concat(bad).ToArray()));
        Assert.Equal(Ticks(7), p.ChannelTicks);
        Assert.Equal(1, p.ChannelFrames);
        Assert.Equal(1, p.GoodFrames);
        Assert.Equal(1, p.CrcErrors);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_frame_completed_from_the_previous_chunk_gives_way_to_a_whole_one_after_it_unless_that_one_fails(bool secondCorrupt)
    {
        byte[] first = CrsfTestFrames.Channels(Ticks(9));
        byte[] second = CrsfTestFrames.Channels(Ticks(10));
        if (secondCorrupt)
        {
            second[12] ^= 0x01;
        }

        // A good second frame supersedes the first (completed in the window, not checked); a corrupt one leaves the
        // first checked and kept.
        var p = new CrsfParser();
        Assert.Equal(0, p.Feed(first, 0, 10, 100));
        Assert.Equal(10, p.PendingBytes);
        byte[] chunk = first.Skip(10).Concat(second).ToArray();
        Assert.Equal(1, Feed(p, chunk, 200));
        Assert.Equal(secondCorrupt ? Ticks(9) : Ticks(10), p.ChannelTicks);
        Assert.Equal(1, p.ChannelFrames);
        Assert.Equal(secondCorrupt ? 0 : 1, p.SupersededFrames);
        Assert.Equal(secondCorrupt ? 1 : 0, p.CrcErrors);
        Assert.Equal(0, p.PendingBytes);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void A_run_of_four_frames_with_one_corrupt_gives_what_the_plain_parser_gives(int corrupt)
    {
        // A corrupt frame before the last is superseded with the others (the last holds); a corrupt last sends the
        // run frame by frame: the frames before it are checked and counted, the last that holds is kept, and the
        // corrupt one leaves for the window path.
        byte[][] frames = Enumerable.Range(20, 4).Select(k => CrsfTestFrames.Channels(Ticks(k))).ToArray();
        frames[corrupt][10] ^= 0x04;
        byte[] chunk = frames.SelectMany(f => f).ToArray();
        var fast = new CrsfParser();
        var plain = new PlainCrsfParser();
        Assert.Equal(plain.Feed(chunk, 0, chunk.Length, 700), fast.Feed(chunk, 0, chunk.Length, 700));
        Assert.Equal(corrupt == 3 ? 3 : 1, fast.ChannelFrames);
        Assert.Equal(corrupt == 3 ? 1 : 0, fast.CrcErrors);
        Assert.Equal(corrupt == 3 ? 0 : 3, fast.SupersededFrames);
        Assert.Equal(plain.SupersededFrames, fast.SupersededFrames);
        Assert.Equal(plain.ChannelTicks, fast.ChannelTicks);
        Assert.Equal(corrupt == 3 ? Ticks(22) : Ticks(23), fast.ChannelTicks);
        Assert.Equal(plain.DroppedBytes, fast.DroppedBytes);
        Assert.Equal(plain.PendingBytes, fast.PendingBytes);
    }
}
