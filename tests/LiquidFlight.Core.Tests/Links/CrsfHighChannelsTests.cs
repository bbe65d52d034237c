using LiquidFlight.Core.Bench;
using LiquidFlight.Core.Control;
using LiquidFlight.Core.Flight;
using LiquidFlight.Core.Links;
using LiquidFlight.Core.Links.Crsf;

namespace LiquidFlight.Core.Tests.Links;

/// <summary>
/// Channels are unpacked only up to the highest the board's channel map reads (in steps of 6, 8, 16): the parser's
/// setting, the receiver's choice from a map, and the board cycle making it at construction.
/// </summary>
public class CrsfHighChannelsTests
{
    private static IController Pid() => ControllerTable.Create(ControllerKind.Pid, FramePidGains.Quad250Brushless(), null);

    [Theory]
    [InlineData(1, 6)]
    [InlineData(6, 6)]
    [InlineData(7, 8)]
    [InlineData(8, 8)]
    [InlineData(9, 16)]
    [InlineData(16, 16)]
    public void Unpacked_channels_and_every_counter_match_the_plain_parser_and_the_rest_keep_their_values(int setting, int unpacked)
    {
        var fast = new CrsfParser();
        var plain = new PlainCrsfParser();
        var rng = new Random(4242 + setting);
        byte[] first = CrsfTestFrames.Channels(Enumerable.Range(0, 16).Select(_ => rng.Next(2048)).ToArray());
        Assert.Equal(1, fast.Feed(first, 0, first.Length, 1));
        plain.Feed(first, 0, first.Length, 1);
        int[] restUs = fast.ChannelUs.Skip(unpacked).ToArray();
        fast.UnpackedChannels = setting;
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
            // The ticks are those of the last accepted frame on every channel, unpacked or not.
            Assert.Equal(plain.ChannelTicks, fast.ChannelTicks);
            Assert.Equal(plain.ChannelUs.Take(unpacked), fast.ChannelUs.Take(unpacked));
            Assert.Equal(restUs, fast.ChannelUs.Skip(unpacked));
        }

        Assert.True(plain.ChannelFrames > 1000);
        // The channels kept are not the plain parser's (whose values moved on): the test would see a missing step.
        Assert.True(unpacked == 16 || !plain.ChannelUs.Skip(unpacked).SequenceEqual(restUs));
    }

    [Theory]
    [InlineData(-1, 6)]   // the default AETR map with arm on 5 and mode on 6
    [InlineData(6, 8)]    // arm switch on channel 7
    [InlineData(7, 8)]    // arm switch on channel 8
    [InlineData(8, 16)]   // arm switch on channel 9
    [InlineData(15, 16)]
    public void The_board_cycle_unpacks_channels_up_to_the_highest_its_map_reads(int armChannel, int unpacked)
    {
        var config = new BoardCycleConfig { ImuProfile = BenchImu.Profile(), GyroCalibrationMs = 200 };
        if (armChannel >= 0)
        {
            config.ChannelMap.ArmChannel = armChannel;
        }

        var rc = new CrsfRcSource(new BenchReceiver());
        Assert.Equal(16, rc.Parser.UnpackedChannels);
        _ = new BoardCycle(config, Pid(), new BenchImu(), new BenchMotors(), rc, new BenchClock { Now = 1_000_000 }, null);
        Assert.Equal(armChannel >= 0 ? armChannel : 5, config.ChannelMap.HighestChannel());

        // What the parser unpacks: the channels up to the step, not beyond (a frame with every channel at 1700).
        byte[] frame = CrsfTestFrames.Channels(Enumerable.Repeat(1700, 16).ToArray());
        Assert.Equal(1, rc.Parser.Feed(frame, 0, frame.Length, 1));
        Assert.Equal(Enumerable.Range(0, 16).Select(i => i < unpacked ? CrsfParser.TicksToMicroseconds(1700) : 0), rc.Parser.ChannelUs);
        Assert.Equal(Enumerable.Repeat(1700, 16), rc.Parser.ChannelTicks);
        rc.UnpackOnlyChannelsOf(null);
        Assert.Equal(16, rc.Parser.UnpackedChannels);
    }

    [Theory]
    [InlineData(6)]   // channel 7: unpacked in the 8-channel step
    [InlineData(8)]   // channel 9: all 16
    public void A_board_with_its_arm_switch_beyond_channel_6_arms_from_it(int armChannel)
    {
        var config = new BoardCycleConfig { ImuProfile = BenchImu.Profile(), GyroCalibrationMs = 200 };
        config.ChannelMap.ArmChannel = armChannel;
        var receiver = new BenchReceiver();
        var clock = new BenchClock { Now = 1_000_000 };
        var board = new BoardCycle(config, Pid(), new BenchImu(), new BenchMotors(), new CrsfRcSource(receiver), clock, null);
        board.Start();
        for (int k = 0; k < 400 && !board.Flight.Armed; k++)
        {
            // Channel 5 stays low; only the chosen channel carries the switch, on once the gyro is calibrated.
            receiver.ChannelUs[armChannel] = board.Supervisor.GyroCalibrated && k > 150 ? 2000 : 1000;
            receiver.Send();
            clock.Now = board.Executive.NextDeadlineUs;
            board.RunOnce();
        }

        Assert.True(board.Flight.Armed, $"not armed: flags {board.Supervisor.Arming.Flags}");
    }
}
