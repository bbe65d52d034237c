using LiquidFlight.Core.Bench;
using LiquidFlight.Core.Control;
using LiquidFlight.Core.Flight;
using LiquidFlight.Core.Links;
using LiquidFlight.Core.Links.Crsf;
using LiquidFlight.Core.Ltc;
using LiquidFlight.Core.Sensors.Imu;
using LiquidFlight.Core.Telemetry;

namespace LiquidFlight.Core.Tests.Flight;

/// <summary>The one board cycle, on Core's bench flight (synthetic MPU-6050 bursts and CRSF frames, hand-set clock).</summary>
public class BoardCycleTests
{
    private sealed class Log : IStatusSink
    {
        public readonly List<(StatusSeverity Severity, string Text)> Lines = [];

        public void Write(StatusSeverity severity, char[] text, int length) => Lines.Add((severity, new string(text, 0, length)));
    }

    private static IController Ltc() => ControllerTable.Create(ControllerKind.Ltc, null, ShippedModel.Create());

    private static IController Pid() => ControllerTable.Create(ControllerKind.Pid, FramePidGains.Quad250Brushless(), null);

    private static BenchFlight FlyUntilFlying(IController controller, IStatusSink? log = null)
    {
        var bench = new BenchFlight(controller, null, log);
        for (int k = 0; k < 2000 && !bench.Flying; k++)
        {
            bench.RunCycle();
        }

        Assert.True(bench.Flying, $"not flying: flags {bench.Board.Supervisor.Arming.Flags}");
        return bench;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_pulses_written_out_in_the_cycle_are_the_ESC_timing_s_own_for_the_mixer_s_outputs(bool ltc)
    {
        // RunOnce writes EscTiming.ToPulses out without its clamp (the mixer keeps its outputs within [0, 1]): every
        // cycle's pulses must be what ToPulses makes of the outputs while the motors run, the minimum otherwise. The PID's
        // open-loop bench drives its outputs to both ends of the range (throttle shifted, torques scaled).
        var bench = new BenchFlight(ltc ? Ltc() : Pid(), null, null);
        var board = bench.Board;
        var expected = new int[4];
        int running = 0;
        var seen = new HashSet<int>();
        for (int k = 0; k < 3000; k++)
        {
            bench.RunCycle();
            if (board.Flight.MotorsRunning)
            {
                running++;
                board.Esc.ToPulses(board.Flight.MotorOutputs, expected);
                seen.UnionWith(board.Flight.MotorOutputs);
            }
            else
            {
                board.Esc.MinimumPulses(expected);
            }

            Assert.Equal(expected, board.PulsesUs);
        }

        Assert.True(running > 2000, $"{running} cycles with the motors running");
        Assert.True(seen.Count > 1000, $"{seen.Count} distinct outputs");
        Assert.True(ltc || (seen.Contains(65536) && seen.Min() == board.Flight.Mixer.IdleThrottle),
            $"the PID's outputs reach both ends of the mixer's range: {seen.Min()} to {seen.Max()}");
    }

    [Fact]
    public void The_bench_flight_calibrates_arms_on_the_switch_and_flies_then_reports_in_order()
    {
        var log = new Log();
        var bench = FlyUntilFlying(Ltc(), log);
        var board = bench.Board;
        long framesBefore = board.RcFrames;
        for (int k = 0; k < 500; k++)
        {
            bench.RunCycle();
        }

        Assert.True(board.Flight.Mixing);
        Assert.Equal(0, board.Supervisor.Arming.Refusals);
        // 500 cycles at 500 Hz poll the receiver 125 times (every 4th cycle, 8 ms), and every 8 ms of a frame each
        // 3,996 µs holds a whole one: a frame per poll.
        Assert.Equal(125, board.RcFrames - framesBefore);
        Assert.Equal(0, board.ImuBusErrors);
        Assert.All(bench.Motors.PulsesUs, p => Assert.InRange(p, 1051, 2000));
        var texts = log.Lines.Select(l => l.Text).ToList();
        int calibrated = texts.FindIndex(t => t.StartsWith("IMU: gyro calibrated", StringComparison.Ordinal));
        int armed = texts.IndexOf("armed");
        Assert.True(calibrated >= 0 && armed > calibrated, string.Join(" | ", texts));
        // Loop reports go out only while disarmed (the bench arms before the first 1 s report is due): none after arming.
        Assert.DoesNotContain(texts.Skip(armed), t => t.StartsWith("loop ", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("ltc")]
    [InlineData("pid")]
    public void Ten_thousand_flying_cycles_allocate_nothing(string kind)
    {
        var bench = FlyUntilFlying(kind == "ltc" ? Ltc() : Pid());
        for (int k = 0; k < 2000; k++)
        {
            bench.RunCycle(); // warm every path (JIT tiering allocates on first calls, the cycle does not)
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int k = 0; k < 10000; k++)
        {
            bench.RunCycle();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(bench.Board.Flight.Armed);
    }

    private sealed class ThrowingImu(IImuSource inner) : IImuSource
    {
        public bool Throw;

        public ImuReadStatus Read(long nowUs, ImuReadout readout) =>
            Throw ? throw new InvalidOperationException("driver bug") : inner.Read(nowUs, readout);
    }

    private sealed class RecordingMotors : IMotorOutput
    {
        public readonly List<(long Sequence, bool Armed, int Pulse)> Writes = [];
        public long Sequence;

        public void Write(int[] pulsesUs, bool armed) => Writes.Add((Sequence++, armed, pulsesUs[0]));
    }

    [Fact]
    public void A_receiver_in_its_own_failsafe_is_rc_loss_its_frames_are_not_the_pilots()
    {
        // Flying, the receiver reports uplink quality 0 (and keeps sending its channel frames): the board counts no
        // RC frame, and after the RC-loss timeout the failsafe takes over. The statistics stay fresh (sent every
        // 100 ms), as a receiver sends them.
        var bench = FlyUntilFlying(Pid());
        var board = bench.Board;
        long framesBefore = board.RcFrames;
        long sentBefore = bench.Receiver.FramesSent;
        int lossCycles = board.Config.Safety.RcLossTimeoutMs * board.Config.LoopRateHz / 1000;
        for (int k = 0; k < lossCycles + 50; k++)
        {
            if (k % 50 == 0)
            {
                bench.Receiver.SendLinkStatistics(0);
            }

            bench.RunCycle();
            if (k < lossCycles - 10)
            {
                Assert.False(board.Supervisor.Failsafe.IsActive(), $"failsafe at cycle {k}, before the RC-loss timeout");
            }
        }

        Assert.True(bench.Receiver.FramesSent - sentBefore > 50);
        Assert.True(board.RcFrames - framesBefore <= 1, $"{board.RcFrames - framesBefore} frames counted");
        Assert.True(board.Supervisor.Failsafe.IsActive());

        // The uplink back: the receiver's frames are the pilot's again.
        bench.Receiver.SendLinkStatistics(90);
        long framesBack = board.RcFrames;
        for (int k = 0; k < 50; k++)
        {
            bench.RunCycle();
        }

        Assert.True(board.RcFrames - framesBack > 10);
    }

    [Fact]
    public void An_exception_in_a_cycle_never_leaves_it_the_motors_go_to_minimum_and_arming_locks()
    {
        var bench = FlyUntilFlying(Pid());
        var imu = new ThrowingImu(bench.Imu);
        var motors = new RecordingMotors();
        var clock = new BenchClock { Now = 1_000_000 };
        var board = new BoardCycle(bench.Board.Config, Pid(), imu, motors, new CrsfRcSource(bench.Receiver), clock, null);
        board.Start();
        for (int k = 0; k < 10; k++)
        {
            clock.Now = board.Executive.NextDeadlineUs;
            board.RunOnce();
        }

        imu.Throw = true;
        clock.Now = board.Executive.NextDeadlineUs;
        board.RunOnce(); // must not throw
        Assert.Equal(1, board.CaughtFaults);
        Assert.True(board.Supervisor.NumericFault);
        Assert.Equal((false, board.Esc.MinPulseUs), (motors.Writes[^1].Armed, motors.Writes[^1].Pulse));
        imu.Throw = false;
        for (int k = 0; k < 10; k++)
        {
            clock.Now = board.Executive.NextDeadlineUs;
            board.RunOnce();
        }

        Assert.False(board.Flight.Armed);
        Assert.True((board.Supervisor.Arming.Flags & LiquidFlight.Core.Safety.ArmingDisableFlags.NumericFault) != 0);
    }

    private sealed class OrderedLink(IByteLink inner, RecordingMotors motors) : IByteLink
    {
        public readonly List<long> ReadAfterWrite = [];

        public int Read(byte[] buffer, int offset, int count)
        {
            ReadAfterWrite.Add(motors.Sequence);
            return inner.Read(buffer, offset, count);
        }

        public int Write(byte[] buffer, int offset, int count) => count;
    }

    [Theory]
    [InlineData(35.0, true)]
    [InlineData(10.0, false)]
    public void A_converted_sample_skips_the_loops_clamps_only_when_the_converter_proves_it_within_them(double maxGyroRadS, bool within)
    {
        // A full-scale gyro word (32767 at 2000 deg/s: 34.87 rad/s) on every axis. With the default 35 rad/s clamp the
        // converter proves every output inside it and the loop takes the rate as converted; with a 10 rad/s clamp it
        // cannot, and the loop must clamp (the first sample goes to the state unfiltered).
        var imu = new BenchImu { Noise = 0, GyroX = short.MaxValue, GyroY = short.MaxValue, GyroZ = short.MaxValue };
        var clock = new BenchClock { Now = 1_000_000 };
        var config = new BoardCycleConfig { ImuProfile = BenchImu.Profile(), GyroCalibrationMs = 0 };
        config.Flight.MaxGyroRadS = (int)Math.Round(maxGyroRadS * 65536);
        var board = new BoardCycle(config, Pid(), imu, new RecordingMotors(), null, clock, null);
        Assert.Equal(within, board.Converter!.OutputWithinLimits);
        board.Start();
        clock.Now = board.Executive.NextDeadlineUs;
        board.RunOnce();
        Assert.True(board.Flight.HasSample);
        double fullScale = 32767 / 16.4 * Math.PI / 180;
        double expected = Math.Min(fullScale, maxGyroRadS);
        foreach (int rate in new[] { board.Flight.State.RollRate, board.Flight.State.PitchRate, board.Flight.State.YawRate })
        {
            Assert.InRange(Math.Abs(rate / 65536.0), expected - 1e-4, expected + 1e-4);
        }
    }

    /// <summary>
    /// With raw bytes the health monitor judges saturation, on the words at the sensor's clip (ImuSampleWatch.JudgeSaturation
    /// is off on such a board): an accelerometer clipped at +16 g for longer than ImuSaturatedMs (50 ms) stops the motors
    /// as an IMU failure; one reading 16 g less a few counts is a valid reading and flies on, although its converted value
    /// (156.6 m/s^2) lies beyond the watch's default full scale of 156.
    /// </summary>
    [Theory]
    [InlineData(40_000, true)]
    [InlineData(32_700, false)]
    public void A_clipped_accelerometer_stops_the_motors_through_the_health_monitor_and_one_just_below_its_clip_flies_on(int accelZCounts, bool fails)
    {
        var bench = FlyUntilFlying(Pid());
        var supervisor = bench.Board.Supervisor;
        Assert.False(supervisor.ImuWatch.JudgeSaturation);
        // The board's cycles without the bench's script, which would set the sensor words again (the sticks stay).
        bench.Imu.AccelZ = accelZCounts;
        long from = bench.Clock.Now;
        long failedAt = -1;
        while (bench.Clock.Now - from < 200_000)
        {
            bench.Clock.Now = bench.Board.Executive.NextDeadlineUs;
            bench.Board.RunOnce();
            Assert.False(supervisor.ImuWatch.IsSaturated(bench.Clock.Now));
            if (failedAt < 0 && supervisor.Failsafe.Phase == LiquidFlight.Core.Safety.FailsafePhase.MotorsOff)
            {
                failedAt = bench.Clock.Now;
            }
        }

        if (fails)
        {
            Assert.Equal(LiquidFlight.Core.Safety.FailsafeCause.ImuFailure, supervisor.Failsafe.Cause);
            // The limit counts from the first clipped burst's report: one to two cycles (2 ms) after the limit.
            Assert.InRange(failedAt - from, 50_000, 56_000);
            Assert.False(bench.Board.Flight.MotorsRunning);
        }
        else
        {
            Assert.Equal(-1, failedAt);
            Assert.True(bench.Board.Flight.Armed && bench.Board.Flight.MotorsRunning);
        }
    }

    [Fact]
    public void The_landing_estimates_16_ms_update_never_shares_a_cycle_with_the_rc_read()
    {
        // In flight the supervisor's straight path makes the update; at 500 Hz the board reads the RC link in slot 0
        // of 4, so the update must come in the others, where it changes the vertical speed or the hover throttle.
        BenchFlight bench = FlyUntilFlying(Pid());
        var landing = bench.Board.Supervisor.Landing;
        var bySlot = new int[4];
        for (int k = 0; k < 2_000; k++)
        {
            (int hover, int speed) = (landing.HoverThrottle, landing.VerticalSpeed);
            bench.RunCycle();
            if (landing.HoverThrottle != hover || landing.VerticalSpeed != speed)
            {
                bySlot[bench.Board.Executive.Slot]++;
            }
        }

        // 4 s at 500 Hz: due at the ninth 2 ms sample (18 ms >= 16.4 ms); in slot 0 it waits for the tenth. Nine
        // cycles from slot 1, 2 or 3 land on slot 2, 3 or 0, and from a wait in slot 1 the next update is nine cycles on
        // in slot 2: the updates cycle through slots 2, 3, 1 (after a wait) at 18, 18 and 20 ms, 214 in 4 s.
        Assert.Equal(0, bySlot[0]);
        Assert.InRange(bySlot[1] + bySlot[2] + bySlot[3], 205, 225);
        Assert.All(bySlot[1..], n => Assert.InRange(n, 60, 80));
    }

    [Fact]
    public void The_bench_receiver_sends_at_the_uart_rate_so_some_frames_are_split_between_polls_and_none_is_lost()
    {
        // 24 µs a byte, a frame every 3,996 µs against polls every 8,000 µs: a frame whose 624 µs on the wire span a
        // poll is read in two parts (the source keeps the first for the next read to complete), one poll in about six.
        var receiver = new BenchReceiver { Clock = new BenchClock { Now = 1_000 } };
        receiver.Send(1_000);
        var buffer = new byte[64];
        Assert.Equal(1, receiver.Read(buffer, 0, 64)); // only the first byte has arrived
        ((BenchClock)receiver.Clock).Now = 1_000 + (10 * 24);
        Assert.Equal(10, receiver.Read(buffer, 0, 64));
        ((BenchClock)receiver.Clock).Now = 100_000;
        Assert.Equal(15, receiver.Read(buffer, 0, 64));

        BenchFlight bench = FlyUntilFlying(Pid());
        var source = (CrsfRcSource)typeof(BoardCycle).GetField("rc", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(bench.Board)!;
        var parser = source.Parser;
        long framesBefore = bench.Receiver.FramesSent, goodBefore = parser.GoodFrames + parser.SupersededFrames;
        int splitPolls = 0, polls = 0;
        for (int k = 0; k < 6_000; k++)
        {
            bench.RunCycle();
            if ((bench.Board.Executive.Slot & 3) == 0)
            {
                polls++;
                splitPolls += source.WaitingBytes > 0 ? 1 : 0;
            }
        }

        Assert.InRange(splitPolls, polls / 10, polls / 4);
        Assert.Equal(0, parser.CrcErrors);
        // Every frame sent is decoded or superseded (a split frame completed by a poll that also holds the next one)
        // but the one still on the wire at the end.
        Assert.InRange(parser.GoodFrames + parser.SupersededFrames - goodBefore, bench.Receiver.FramesSent - framesBefore - 1, bench.Receiver.FramesSent - framesBefore);
    }

    [Fact]
    public void Each_rc_frame_s_sticks_reach_the_flight_loop_as_the_channel_map_makes_them_of_the_received_channels()
    {
        // The flight loop reads the board's RC command as its pilot input (no copy): after every cycle its sticks are
        // what the plain channel map makes of the parser's latest channels, and the setpoint follows them, while the
        // bench sweeps the sticks.
        var bench = FlyUntilFlying(Pid());
        var board = bench.Board;
        Assert.Same(board.Rc, board.Flight.Pilot);
        var parser = ((CrsfRcSource)typeof(BoardCycle).GetField("rc", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(board)!).Parser;
        var distinct = new HashSet<(int, int, int, int)>();
        var setpoint = new ControlSetpoint();
        for (int k = 0; k < 400; k++)
        {
            // The setpoint the cycle flies is the angle mode's of the sticks the previous cycles left (a frame marks
            // them changed).
            board.Flight.Mode.Update(board.Flight.Pilot, setpoint);
            bench.RunCycle();
            var flown = board.Flight.Setpoint;
            Assert.Equal((setpoint.RollRad, setpoint.PitchRad, setpoint.YawRateRadS, setpoint.Throttle),
                (flown.RollRad, flown.PitchRad, flown.YawRateRadS, flown.Throttle));
            var expected = new RcCommand();
            board.ChannelMap.ApplyPlain(parser.ChannelUs, expected);
            PilotInput pilot = board.Flight.Pilot;
            Assert.Equal((expected.Roll, expected.Pitch, expected.Yaw, expected.Throttle), (pilot.Roll, pilot.Pitch, pilot.Yaw, pilot.Throttle));
            Assert.Equal(expected.ArmSwitch, board.Rc.ArmSwitch);
            distinct.Add((pilot.Roll, pilot.Pitch, pilot.Yaw, pilot.Throttle));
        }

        // The sticks moved, and roll and pitch differ, so a swapped or missed stick would show.
        Assert.True(distinct.Count > 20, $"{distinct.Count} distinct stick sets");
        Assert.Contains(distinct, d => d.Item1 != d.Item2);
    }

    /// <summary>A clock that answers each read with the next of the times queued.</summary>
    private sealed class ScriptedClock : LiquidFlight.Core.Scheduler.IMicrosClock
    {
        public readonly Queue<long> Times = new();

        public long NowUs() => Times.Dequeue();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void The_cycle_keeps_deadlines_slots_and_statistics_as_the_executives_own_BeginCycle_and_EndCycle_do(int seed)
    {
        // RunOnce writes CyclicExecutive.BeginCycle and EndCycle out (LoopStatistics.RecordStart and RecordEnd with
        // them); a plain executive fed the same start and end times (late starts, overruns, a clock that steps back,
        // window resets) must hold the same deadline, slot and statistics after every cycle.
        var clock = new ScriptedClock();
        var config = new BoardCycleConfig { ImuProfile = BenchImu.Profile(), ReportIntervalMs = 0 };
        var board = new BoardCycle(config, Pid(), new BenchImu(), new BenchMotors(), null, clock, null);
        clock.Times.Enqueue(1000);
        board.Start();
        var plain = new LiquidFlight.Core.Scheduler.CyclicExecutive(board.Executive.PeriodUs, config.SlotCount);
        plain.Start(1000);
        var rng = new Random(seed);
        long now = 1000;
        for (int k = 0; k < 5000; k++)
        {
            long start = Math.Max(now, board.Executive.NextDeadlineUs + (rng.Next(4) == 0 ? rng.Next(0, 900) : 0));
            int r = rng.Next(100);
            long end = r < 5 ? start - rng.Next(1, 50) : start + (r < 15 ? rng.Next(2000, 9000) : rng.Next(0, 1900));
            clock.Times.Enqueue(start);
            clock.Times.Enqueue(end);
            board.RunOnce();
            Assert.Empty(clock.Times);
            plain.BeginCycle(start);
            plain.EndCycle(end);
            now = Math.Max(start, end);
            if (rng.Next(700) == 0)
            {
                board.Executive.Statistics.Reset();
                plain.Statistics.Reset();
            }

            var e = board.Executive;
            Assert.Equal((plain.NextDeadlineUs, plain.Slot, plain.CycleStartUs, plain.LastCycleOverran, plain.LastSkippedCycles),
                (e.NextDeadlineUs, e.Slot, e.CycleStartUs, e.LastCycleOverran, e.LastSkippedCycles));
            LiquidFlight.Core.Scheduler.LoopStatistics p = plain.Statistics, s = e.Statistics;
            Assert.Equal((p.Cycles, p.MinCycleUs, p.MaxCycleUs, p.TotalCycleUs, p.Periods, p.MaxJitterUs),
                (s.Cycles, s.MinCycleUs, s.MaxCycleUs, s.TotalCycleUs, s.Periods, s.MaxJitterUs));
            Assert.Equal((p.TotalJitterUs, p.MaxStartLatencyUs, p.Overruns, p.SkippedCycles, p.FirstStartUs, p.LastStartUs),
                (s.TotalJitterUs, s.MaxStartLatencyUs, s.Overruns, s.SkippedCycles, s.FirstStartUs, s.LastStartUs));
        }

        Assert.True(board.Executive.Statistics.Overruns > 0 && board.Executive.Statistics.Periods > 0, "the sequence exercised overruns and periods");
        Assert.True(board.Executive.Statistics.MaxStartLatencyUs > 0 && board.Executive.Statistics.MaxJitterUs > 0, "and late starts");
    }

    [Fact]
    public void Overruns_reach_the_loop_health_monitor_and_clean_cycles_forgive_them_one_window_at_a_time()
    {
        // Three cycles started 2.5 ms late (past the next deadline: overruns), then clean ones: each strike is
        // forgiven after a 500 ms window without an overrun (SafetyLimits.OverrunForgiveMs), so the board cycle must
        // report clean cycles while strikes remain, and may skip the call once none do.
        var bench = FlyUntilFlying(Pid());
        var board = bench.Board;
        var health = board.Supervisor.LoopHealth;
        Assert.Equal(0, health.Strikes);
        for (int k = 0; k < 3; k++)
        {
            bench.Clock!.Now = board.Executive.NextDeadlineUs + 2500;
            board.RunOnce();
        }

        Assert.Equal(3, health.Strikes);
        Assert.True(board.Flight.Armed);
        long overrunAt = bench.Clock!.Now;
        var strikesAt = new List<(long Us, int Strikes)>();
        for (int k = 0; k < 1000; k++)
        {
            bench.RunCycle();
            strikesAt.Add((bench.Clock.Now - overrunAt, health.Strikes));
        }

        Assert.Equal(0, health.Strikes);
        Assert.True(health.IsHealthy());
        // One strike fewer per window: 2 from 0.5 s on, 1 from 1.0 s, 0 from 1.5 s (within a cycle of each).
        Assert.All(strikesAt.Where(p => p.Us < 495_000), p => Assert.Equal(3, p.Strikes));
        Assert.All(strikesAt.Where(p => p.Us > 1_010_000 && p.Us < 1_495_000), p => Assert.Equal(1, p.Strikes));
        Assert.All(strikesAt.Where(p => p.Us > 1_510_000), p => Assert.Equal(0, p.Strikes));
    }

    [Theory]
    // 125 Hz by default: every 4th cycle at 500 Hz, every 2nd at 250 Hz; at 250 Hz asked of a 500 Hz loop, every 2nd.
    [InlineData(500, 125, new long[] { 1, 5 })]
    [InlineData(250, 125, new long[] { 1, 3, 5, 7 })]
    [InlineData(500, 250, new long[] { 1, 3, 5, 7 })]
    public void The_rc_link_is_read_after_the_motor_write_in_the_rc_slots_only(int loopRateHz, int rcPollRateHz, long[] readAfterWrite)
    {
        var receiver = new BenchReceiver();
        var motors = new RecordingMotors();
        var link = new OrderedLink(receiver, motors);
        var clock = new BenchClock { Now = 1_000_000 };
        var config = new BoardCycleConfig
        {
            ImuProfile = BenchImu.Profile(), GyroCalibrationMs = 200, LoopRateHz = loopRateHz, RcPollRateHz = rcPollRateHz,
        };
        var board = new BoardCycle(config, Pid(), new BenchImu(), motors, new CrsfRcSource(link), clock, null);
        board.Start();
        for (int k = 0; k < 8; k++)
        {
            receiver.Send();
            clock.Now = board.Executive.NextDeadlineUs;
            board.RunOnce();
        }

        // 8 cycles, 4 slots: the link is read in slot 0 (and 2 at a stride of 2), each time after that cycle's motor
        // write (the motors' write counter stands at the cycle's number + 1).
        Assert.Equal(readAfterWrite, link.ReadAfterWrite);
    }

    [Theory]
    // (loop rate, slots, RC rate) -> cycles per poll: the largest power of two from 2 on that divides the slots and
    // keeps loop / k >= the RC rate.
    [InlineData(250, 4, 125, 2)]
    [InlineData(500, 4, 125, 4)]
    [InlineData(1000, 4, 125, 4)]
    [InlineData(1000, 8, 125, 8)]
    [InlineData(1000, 12, 125, 4)]
    [InlineData(2000, 16, 125, 16)]
    [InlineData(200, 4, 125, 2)]
    [InlineData(499, 4, 125, 2)]
    [InlineData(500, 6, 125, 2)]
    [InlineData(500, 4, 250, 2)]
    [InlineData(500, 4, 500, 2)]
    [InlineData(1000, 64, 1, 64)]
    public void The_rc_poll_stride_is_the_largest_power_of_two_the_slots_and_the_rc_rate_allow(int loopRateHz, int slots, int rcPollRateHz, int stride)
    {
        var config = new BoardCycleConfig { LoopRateHz = loopRateHz, SlotCount = slots, RcPollRateHz = rcPollRateHz };
        config.Validate();
        Assert.Equal(stride, config.RcPollStride());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    [InlineData(501)]
    public void An_rc_poll_rate_outside_1_to_the_loop_rate_is_refused_naming_the_field(int rcPollRateHz)
    {
        var config = new BoardCycleConfig { LoopRateHz = 500, RcPollRateHz = rcPollRateHz };
        var e = Assert.Throws<ArgumentException>(config.Validate);
        Assert.Contains("RcPollRateHz", e.Message);
        Assert.Contains(rcPollRateHz.ToString(System.Globalization.CultureInfo.InvariantCulture), e.Message);
    }

    [Fact]
    public void The_heading_reaches_the_state_only_when_telemetry_reports_the_attitude()
    {
        // The heading is computed from the estimator when read and copied to the state by what reports it (the
        // ATTITUDE message here, at 20 Hz); the control path does not touch it. So State.Yaw changes at most once
        // per ATTITUDE frame, and when it changes it is the estimator's heading of that cycle.
        BenchFlight bench = FlyUntilFlying(Pid());
        long framesBefore = bench.Telemetry.AttitudeFrames;
        int changes = 0;
        for (int k = 0; k < 2_000; k++)
        {
            int before = bench.Board.Flight.State.Yaw;
            bench.RunCycle();
            if (bench.Board.Flight.State.Yaw != before)
            {
                changes++;
                Assert.Equal(bench.Board.Flight.Estimator.Yaw, bench.Board.Flight.State.Yaw);
            }
        }

        long frames = bench.Telemetry.AttitudeFrames - framesBefore;
        Assert.InRange(frames, 60, 100); // 20 Hz over 4 s
        Assert.InRange(changes, 10, (int)frames + 1);
    }
}
