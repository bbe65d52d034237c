using LiquidFlight.Core.Bench;
using LiquidFlight.Core.Control;
using LiquidFlight.Core.Flight;
using LiquidFlight.Core.Links;
using LiquidFlight.Core.Links.Crsf;

namespace LiquidFlight.Core.Tests.Links;

/// <summary>
/// Channels 9-16 are unpacked only when the board's channel map reads one of them: the parser's switch, the
/// receiver's choice from a map, and the board cycle making it at construction.
/// </summary>
public class CrsfHighChannelsTests
{
    private static IController Pid() => ControllerTable.Create(ControllerKind.Pid, FramePidGains.Quad250Brushless(), null);

    [Fact]
    public void Without_high_channels_channels_1_to_8_and_every_counter_match_the_plain_parser_and_9_to_16_keep_their_values()
    {
        var fast = new CrsfParser();
        var plain = new PlainCrsfParser();
        var rng = new Random(4242);
        byte[] first = CrsfTestFrames.Channels(Enumerable.Range(0, 16).Select(_ => rng.Next(2048)).ToArray());
        Assert.Equal(1, fast.Feed(first, 0, first.Length, 1));
        plain.Feed(first, 0, first.Length, 1);
        int[] highTicks = fast.ChannelTicks.Skip(8).ToArray();
        int[] highUs = fast.ChannelUs.Skip(8).ToArray();
        fast.UnpackHighChannels = false;
        for (int k = 0; k < 2000; k++)
        {
            byte[] frame = CrsfTestFrames.Channels(Enumerable.Range(0, 16).Select(_ => rng.Next(2048)).ToArray());
            if (rng.Next(4) == 0)
            {
                frame[rng.Next(frame.Length)] ^= (byte)(1 << rng.Next(8));
            }

            // Whole frames (decided in place) and frames split in two (completed in the window).
            int cut = rng.Next(2) == 0 ? frame.Length : rng.Next(1, frame.Length);
            int a = fast.Feed(frame, 0, cut, k) + fast.Feed(frame, cut, frame.Length - cut, k);
            int b = plain.Feed(frame, 0, cut, k) + plain.Feed(frame, cut, frame.Length - cut, k);
            Assert.Equal(b, a);
            Assert.Equal((plain.GoodFrames, plain.ChannelFrames, plain.CrcErrors, plain.DroppedBytes, plain.PendingBytes, plain.LastChannelsUs),
                (fast.GoodFrames, fast.ChannelFrames, fast.CrcErrors, fast.DroppedBytes, fast.PendingBytes, fast.LastChannelsUs));
            Assert.Equal(plain.ChannelTicks.Take(8), fast.ChannelTicks.Take(8));
            Assert.Equal(plain.ChannelUs.Take(8), fast.ChannelUs.Take(8));
            Assert.Equal(highTicks, fast.ChannelTicks.Skip(8));
            Assert.Equal(highUs, fast.ChannelUs.Skip(8));
        }

        Assert.True(plain.ChannelFrames > 1000);
    }

    [Theory]
    [InlineData(-1, false)]   // the default AETR map with arm on 5 and mode on 6
    [InlineData(7, false)]    // arm switch on channel 8
    [InlineData(8, true)]     // arm switch on channel 9
    [InlineData(15, true)]
    public void The_board_cycle_unpacks_channels_9_to_16_only_for_a_map_that_reads_one(int armChannel, bool high)
    {
        var config = new BoardCycleConfig { ImuProfile = BenchImu.Profile(), GyroCalibrationMs = 200 };
        if (armChannel >= 0)
        {
            config.ChannelMap.ArmChannel = armChannel;
        }

        var rc = new CrsfRcSource(new BenchReceiver());
        Assert.True(rc.Parser.UnpackHighChannels);
        _ = new BoardCycle(config, Pid(), new BenchImu(), new BenchMotors(), rc, new BenchClock { Now = 1_000_000 }, null);
        Assert.Equal(high, rc.Parser.UnpackHighChannels);
        Assert.Equal(armChannel >= 0 ? armChannel : 5, config.ChannelMap.HighestChannel());
        rc.UnpackOnlyChannelsOf(null);
        Assert.True(rc.Parser.UnpackHighChannels);
    }

    [Fact]
    public void A_board_with_its_arm_switch_on_channel_9_arms_from_it()
    {
        var config = new BoardCycleConfig { ImuProfile = BenchImu.Profile(), GyroCalibrationMs = 200 };
        config.ChannelMap.ArmChannel = 8;
        var receiver = new BenchReceiver();
        var clock = new BenchClock { Now = 1_000_000 };
        var board = new BoardCycle(config, Pid(), new BenchImu(), new BenchMotors(), new CrsfRcSource(receiver), clock, null);
        board.Start();
        for (int k = 0; k < 400 && !board.Flight.Armed; k++)
        {
            // Channel 5 stays low; only channel 9 carries the switch, on once the gyro is calibrated.
            receiver.ChannelUs[8] = board.Supervisor.GyroCalibrated && k > 150 ? 2000 : 1000;
            receiver.Send();
            clock.Now = board.Executive.NextDeadlineUs;
            board.RunOnce();
        }

        Assert.True(board.Flight.Armed, $"not armed: flags {board.Supervisor.Arming.Flags}");
    }
}
