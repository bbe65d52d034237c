using LiquidFlight.Core.Links;
using LiquidFlight.Core.Links.Crsf;

namespace LiquidFlight.Core.Tests.Links;

/// <summary>
/// The CRSF receiver as the board cycle polls it: a poll reports the pilot's channel frames, and none while the
/// receiver says (link statistics with uplink quality 0, received within the last second) that it has lost the
/// transmitter and sends its own failsafe channels.
/// </summary>
public sealed class CrsfRcSourceTests
{
    // The receiver's bytes, handed out as they were queued.
    private sealed class Wire : IByteLink
    {
        private readonly Queue<byte> bytes = new();

        public void Send(CrsfFrameWriter w) => Array.ForEach(w.Frame[..w.Length], bytes.Enqueue);

        public int Read(byte[] buffer, int offset, int count)
        {
            int n = 0;
            while (n < count && bytes.Count > 0)
            {
                buffer[offset + n++] = bytes.Dequeue();
            }

            return n;
        }

        public int Write(byte[] buffer, int offset, int count) => count;
    }

    private static readonly int[] Sticks = [1600, 1400, 1200, 1500, 1900, 1000];

    [Fact]
    public void A_poll_reports_channel_frames_but_not_while_the_receiver_reports_uplink_quality_zero()
    {
        var wire = new Wire();
        var rc = new CrsfRcSource(wire);
        var w = new CrsfFrameWriter();
        IRcSource source = rc;

        Assert.False(source.Poll(1_000)); // nothing sent
        w.WriteChannels(Sticks);
        wire.Send(w);
        Assert.True(source.Poll(2_000));
        Assert.Equal(1600, source.ChannelUs[0]);
        Assert.False(source.ReceiverFailsafe);

        // Uplink lost: the receiver's own failsafe channels arrive but are not reported as a frame.
        w.WriteLinkStatistics(-100, 0, -5);
        wire.Send(w);
        w.WriteChannels([1500, 1500, 988, 1500, 1000, 1000]);
        wire.Send(w);
        Assert.False(source.Poll(3_000));
        Assert.True(source.ReceiverFailsafe);
        Assert.Equal(2, rc.Parser.ChannelFrames);

        // Still within the second after those statistics: every frame is the receiver's.
        w.WriteChannels(Sticks);
        wire.Send(w);
        Assert.False(source.Poll(1_003_000));

        // A second later without new statistics the verdict lapses, and a frame is the pilot's again.
        w.WriteChannels(Sticks);
        wire.Send(w);
        Assert.True(source.Poll(1_003_001));
        Assert.False(source.ReceiverFailsafe);

        // Uplink back (quality 80): frames count at once.
        w.WriteLinkStatistics(-60, 0, 5);
        wire.Send(w);
        Assert.False(source.Poll(1_004_000)); // statistics alone are no channel frame
        w.WriteLinkStatistics(-60, 80, 5);
        wire.Send(w);
        w.WriteChannels(Sticks);
        wire.Send(w);
        Assert.True(source.Poll(1_005_000));
        Assert.False(source.ReceiverFailsafe);
    }
}
