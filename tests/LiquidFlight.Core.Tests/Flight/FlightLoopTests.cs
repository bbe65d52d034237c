using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using LiquidFlight.Core.Control;
using LiquidFlight.Core.Esc;
using LiquidFlight.Core.FixedPoint;
using LiquidFlight.Core.Flight;
using LiquidFlight.Core.Ltc;
using LiquidFlight.Core.Sensors;

namespace LiquidFlight.Core.Tests.Flight;

public class FlightLoopTests
{
    private const int One = Q16.One;
    private const double G = 9.80665;

    private static int Q(double v) => (int)Math.Round(v * One);

    private static ImuSample Level(long t) => new() { TimestampUs = t, AccelZ = Q(-G) };

    private static readonly EscTiming Pwm = new(EscProtocol.StandardPwm, 490);

    private static FlightLoop NewLoop(IController? controller = null) =>
        new(new FlightLoopConfig(), controller ?? new PidController(new PidGains()));

    /// <summary>One cycle, and the ESC pulses the board cycle makes of its outputs (standard PWM).</summary>
    private static void Cycle(FlightLoop loop, long nowUs, ref ImuSample sample, bool isNew, int[] pulses)
    {
        loop.RunCycle(nowUs, ref sample, isNew, false);
        if (loop.MotorsRunning)
        {
            Pwm.ToPulses(loop.MotorOutputs, pulses);
        }
        else
        {
            Pwm.MinimumPulses(pulses);
        }
    }

    /// <summary>Runs level samples at 500 Hz from t0 and returns the last pulses.</summary>
    private static int[] RunLevel(FlightLoop loop, int cycles, long t0 = 0)
    {
        var pulses = new int[4];
        for (int k = 0; k < cycles; k++)
        {
            var s = Level(t0 + k * 2000L);
            Cycle(loop, s.TimestampUs, ref s, true, pulses);
        }

        return pulses;
    }

    [Fact]
    public void DisarmedLoopOutputsMinimumPulsesWhateverTheSticks()
    {
        var loop = NewLoop();
        loop.Pilot.Throttle = One;
        loop.Pilot.Roll = One;
        Assert.Equal(new[] { 1000, 1000, 1000, 1000 }, RunLevel(loop, 50));
        Assert.Equal(new[] { 0, 0, 0, 0 }, loop.MotorOutputs);
        Assert.False(loop.MotorsRunning);
    }

    [Fact]
    public void LevelSamplesWithThrottleGiveEqualMotorsAtTheMappedPulse()
    {
        var loop = NewLoop(new PidController(new PidGains()));
        loop.Arm();
        loop.Pilot.Throttle = One / 2;
        int[] pulses = RunLevel(loop, 500);
        // idle 0.05 + 0.5 * (1 - 0.05) = 0.525 of 1000-2000 us.
        Assert.Equal(new[] { 1525, 1525, 1525, 1525 }, pulses);
        Assert.Equal(0, loop.Command.Roll);
        Assert.Equal(0, loop.Command.Pitch);
        Assert.Equal(0, loop.Command.Yaw);
    }

    [Fact]
    public void TheLtcCommandIsWhatGetsMixed()
    {
        var loop = NewLoop(new LtcController(new LtcNetwork(ShippedModel.Create())));
        loop.Arm();
        loop.Pilot.Throttle = One / 2;
        int[] pulses = RunLevel(loop, 100);
        var expected = new int[4];
        var mixer = new QuadXMixer(new FlightLoopConfig().IdleThrottle);
        var outputs = new int[4];
        mixer.Mix(One / 2, loop.Command, outputs);
        Pwm.ToPulses(outputs, expected);
        Assert.Equal(expected, pulses);
        Assert.All(pulses, p => Assert.InRange(p, 1050, 2000));
    }

    [Fact]
    public void ArmedAtZeroThrottleSpinsAtIdle()
    {
        var loop = NewLoop();
        loop.Arm();
        Assert.Equal(new[] { 1050, 1050, 1050, 1050 }, RunLevel(loop, 20));
    }

    [Fact]
    public void TheOutputGateForcesMinimumPulsesWithoutDisarming()
    {
        var loop = NewLoop();
        loop.Arm();
        loop.Pilot.Throttle = One / 2;
        RunLevel(loop, 10);
        loop.MotorOutputEnabled = false;
        Assert.Equal(new[] { 1000, 1000, 1000, 1000 }, RunLevel(loop, 10, 20000));
        Assert.True(loop.Armed);
        loop.MotorOutputEnabled = true;
        Assert.Equal(new[] { 1525, 1525, 1525, 1525 }, RunLevel(loop, 10, 40000));
    }

    [Theory]
    [InlineData(1, 0, 0, new[] { 2, 3 })]   // roll right: left motors M3, M4 work harder
    [InlineData(0, 1, 0, new[] { 1, 3 })]   // nose up: front motors M2, M4
    [InlineData(0, 0, 1, new[] { 1, 2 })]   // nose right: counter-clockwise props M2, M3
    public void StickDirectionsReachTheRightMotors(int roll, int pitch, int yaw, int[] fasterMotors)
    {
        var loop = NewLoop();
        loop.Arm();
        loop.Pilot.Throttle = One / 2;
        RunLevel(loop, 10);
        loop.Pilot.Roll = roll * One / 4;
        loop.Pilot.Pitch = pitch * One / 4;
        loop.Pilot.Yaw = yaw * One / 4;
        int[] pulses = RunLevel(loop, 3, 20000);
        int slowest = fasterMotors.Min(m => pulses[m]);
        for (int m = 0; m < 4; m++)
        {
            if (!fasterMotors.Contains(m))
            {
                Assert.True(pulses[m] < slowest, $"motor M{m + 1} {pulses[m]} vs {string.Join(",", pulses)}");
            }
        }
    }

    [Fact]
    public void CyclesWithoutANewSampleIntegrateNothing()
    {
        // Same samples at 500 Hz; one loop runs at 500 Hz, the other at 2 kHz with 3 of 4 cycles flagged not new
        // (and a garbage sample handed in on those, which must not be read).
        var fast = NewLoop();
        var slow = NewLoop();
        var pulses = new int[4];
        var rng = new Random(8);
        for (int k = 0; k < 1000; k++)
        {
            var s = new ImuSample { TimestampUs = k * 2000L, GyroX = Q(0.3), GyroY = Q(-0.1), GyroZ = Q(0.05), AccelZ = Q(-G), AccelY = Q(0.5) };
            Cycle(slow, s.TimestampUs, ref s, true, pulses);
            Cycle(fast, s.TimestampUs, ref s, true, pulses);
            for (int j = 1; j < 4; j++)
            {
                var junk = new ImuSample { TimestampUs = rng.NextInt64(), GyroX = rng.Next(), AccelZ = rng.Next() };
                Cycle(fast, s.TimestampUs + j * 500, ref junk, false, pulses);
            }
        }

        Assert.Equal(slow.Estimator.Q0, fast.Estimator.Q0);
        Assert.Equal(slow.Estimator.Q1, fast.Estimator.Q1);
        Assert.Equal(slow.Estimator.Q2, fast.Estimator.Q2);
        Assert.Equal(slow.Estimator.Q3, fast.Estimator.Q3);
        Assert.Equal(slow.State.RollRate, fast.State.RollRate);
        // The junk samples' stamps were never taken.
        Assert.Equal(999 * 2000L, fast.LastSampleTimestampUs);
    }

    [Fact]
    public void BackwardsTimeCountsAsNoTimeAndLongGapsAreClamped()
    {
        var loop = NewLoop();
        var pulses = new int[4];
        var s = Level(1_000_000);
        Cycle(loop, 0, ref s, true, pulses);
        s.TimestampUs = 1_002_000;
        Cycle(loop, 0, ref s, true, pulses);
        Assert.Equal(2000, loop.LastSampleDtUs);

        s.TimestampUs = 500_000; // clock went backwards: no time, reference re-synced
        Cycle(loop, 0, ref s, true, pulses);
        Assert.Equal(0, loop.LastSampleDtUs);
        s.TimestampUs = 502_000;
        Cycle(loop, 0, ref s, true, pulses);
        Assert.Equal(2000, loop.LastSampleDtUs);

        s.TimestampUs = 9_000_000; // 8.5 s of silence
        Cycle(loop, 0, ref s, true, pulses);
        Assert.Equal(new FlightLoopConfig().MaxSampleGapUs, loop.LastSampleDtUs);

        s.TimestampUs = long.MaxValue; // subtraction overflow is still "a long gap"
        Cycle(loop, 0, ref s, true, pulses);
        var t = Level(long.MinValue);
        Cycle(loop, 0, ref t, true, pulses);
        Assert.Equal(0, loop.LastSampleDtUs);
        t.TimestampUs = long.MaxValue;
        Cycle(loop, 0, ref t, true, pulses);
        Assert.Equal(new FlightLoopConfig().MaxSampleGapUs, loop.LastSampleDtUs);
    }

    [Fact]
    public void TheEstimatorRunsWhileDisarmedSoTheAttitudeIsValidAtArming()
    {
        var loop = NewLoop();
        var pulses = new int[4];
        // Resting on a 10 deg roll slope: accelerometer (0, -g sin 10, -g cos 10).
        double r = 10 * Math.PI / 180;
        for (int k = 0; k < 10; k++)
        {
            var s = new ImuSample { TimestampUs = k * 2000L, AccelY = Q(-G * Math.Sin(r)), AccelZ = Q(-G * Math.Cos(r)) };
            Cycle(loop, s.TimestampUs, ref s, true, pulses);
        }

        Assert.InRange(loop.State.Roll / 65536.0 * 180 / Math.PI, 9.99, 10.01);
        Assert.Equal(new[] { 1000, 1000, 1000, 1000 }, pulses);
    }

    [Fact]
    public void TheEstimatorTrustsTheAccelerometerLessInFlightThanOnTheGround()
    {
        var config = new FlightLoopConfig();
        var loop = new FlightLoop(config, new PidController(new PidGains()));
        RunLevel(loop, 2);
        Assert.Equal(config.EstimatorKpDisarmed, loop.Estimator.Kp);
        loop.Arm();
        RunLevel(loop, 2, 4000);
        Assert.Equal(config.EstimatorKp, loop.Estimator.Kp);
        Assert.True(config.EstimatorKp < config.EstimatorKpDisarmed);
    }

    [Fact]
    public void ArmingAndDisarmingResetTheController()
    {
        var pid = new PidController(new PidGains());
        var loop = NewLoop(pid);
        loop.Arm();
        loop.Pilot.Throttle = One / 2;
        loop.Pilot.Roll = One / 2;
        RunLevel(loop, 200);
        Assert.NotEqual(0, pid.RollITerm);
        loop.Disarm();
        Assert.Equal(0, pid.RollITerm);
        Assert.Equal(0, loop.Command.Roll);
        loop.Arm();
        Assert.Equal(0, pid.RollITerm);
    }

    [Fact]
    public void TenThousandCyclesAllocateNothing()
    {
        foreach (IController controller in new IController[] { new PidController(new PidGains()), new LtcController(new LtcNetwork(ShippedModel.Create())) })
        {
            var loop = NewLoop(controller);
            var pulses = new int[4];
            var rng = new Random(1);
            loop.Arm();
            loop.Pilot.Throttle = One / 2;

            var samples = new ImuSample[10000];
            for (int k = 0; k < samples.Length; k++)
            {
                samples[k] = new ImuSample
                {
                    TimestampUs = 1000 + k * 1500L + rng.Next(-500, 500),
                    GyroX = rng.Next(-One, One), GyroY = rng.Next(-One, One), GyroZ = rng.Next(-One, One),
                    AccelX = rng.Next(-One, One), AccelY = rng.Next(-One, One), AccelZ = Q(-G) + rng.Next(-One, One),
                };
            }

            // Warm up every path first (the JIT and tiered recompilation allocate on first calls, the loop does not).
            var warm = NewLoop(controller);
            warm.Arm();
            warm.Pilot.Throttle = One / 2;
            for (int k = 0; k < samples.Length; k++)
            {
                Cycle(warm, samples[k].TimestampUs, ref samples[k], k % 3 != 2, pulses);
            }

            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int k = 0; k < samples.Length; k++)
            {
                loop.Pilot.Roll = (k % 200) * 300 - 30000;
                Cycle(loop, samples[k].TimestampUs, ref samples[k], k % 3 != 2, pulses);
            }

            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.Equal(0, allocated);
        }
    }

    private static readonly int[] SpecialInts = { int.MinValue, int.MinValue + 1, -One, -1, 0, 1, One, Q(G), Q(-G), int.MaxValue - 1, int.MaxValue };
    private static readonly long[] SpecialLongs = { long.MinValue, -1, 0, 1, 2000, long.MaxValue };

    private static Gen<int> AnyInt() => Gen.OneOf(Gen.Choose(int.MinValue, int.MaxValue), Gen.Choose(-64 * One, 64 * One), Gen.Elements(SpecialInts));

    private static Gen<long> AnyTimestamp() =>
        Gen.OneOf(Gen.Elements(SpecialLongs), Gen.Choose(-5000, 5000).Select(d => 1_000_000L + d * 997L), ArbMap.Default.GeneratorFor<long>());

    private static Gen<ImuSample> AnySample() =>
        from t in AnyTimestamp()
        from gx in AnyInt()
        from gy in AnyInt()
        from gz in AnyInt()
        from ax in AnyInt()
        from ay in AnyInt()
        from az in AnyInt()
        select new ImuSample { TimestampUs = t, GyroX = gx, GyroY = gy, GyroZ = gz, AccelX = ax, AccelY = ay, AccelZ = az };

    private sealed record Step(ImuSample Sample, bool IsNew, int Roll, int Pitch, int Yaw, int Throttle, int Action);

    private static Gen<Step> AnyStep() =>
        from s in AnySample()
        from isNew in Gen.Elements(true, true, true, false)
        from r in AnyInt()
        from p in AnyInt()
        from y in AnyInt()
        from th in AnyInt()
        from action in Gen.Choose(0, 40)
        select new Step(s, isNew, r, p, y, th, action);

    [Property(MaxTest = 200, Replay = "(20261128,424243)")]
    public Property GarbageSamplesAndSticksNeverThrowAndPulsesStayInTheEscRange() =>
        Prop.ForAll(AnyStep().ArrayOf().ToArbitrary(), steps =>
        {
            foreach (bool useLtc in new[] { false, true })
            {
                IController controller = useLtc ? new LtcController(new LtcNetwork(ShippedModel.Create())) : new PidController(new PidGains());
                var loop = NewLoop(controller);
                loop.Arm();
                var pulses = new int[4];
                foreach (var step in steps)
                {
                    if (step.Action == 0)
                    {
                        loop.Disarm();
                    }
                    else if (step.Action == 1)
                    {
                        loop.Arm();
                    }

                    loop.Pilot.Roll = step.Roll;
                    loop.Pilot.Pitch = step.Pitch;
                    loop.Pilot.Yaw = step.Yaw;
                    loop.Pilot.Throttle = step.Throttle;
                    var sample = step.Sample;
                    Cycle(loop, sample.TimestampUs, ref sample, step.IsNew, pulses);

                    foreach (int p in pulses)
                    {
                        if (p < 1000 || p > 2000)
                        {
                            return false;
                        }
                    }

                    if (!loop.Armed && pulses.Any(p => p != 1000))
                    {
                        return false;
                    }

                    if (Math.Abs((long)loop.State.Roll) > Trig.Pi + 2 || Math.Abs((long)loop.State.Pitch) > Trig.HalfPi + 2 ||
                        Math.Abs((long)loop.Command.Roll) > One || Math.Abs((long)loop.Command.Pitch) > One || Math.Abs((long)loop.Command.Yaw) > One)
                    {
                        return false;
                    }
                }
            }

            return true;
        });

    [Fact]
    public void AfterArmingNothingIsMixedUntilTheThrottleIsRaised()
    {
        // The shipped LTC's reset state alone commands a large roll: at idle on the ground it must not reach the motors.
        var loop = NewLoop(new LtcController(new LtcNetwork(ShippedModel.Create())));
        RunLevel(loop, 50);
        loop.Arm();
        int[] pulses = RunLevel(loop, 100, 100_000);
        Assert.Equal(new[] { 1050, 1050, 1050, 1050 }, pulses);
        Assert.False(loop.Mixing);

        // Just under the airmode start the craft still idles; above it the controller is mixed.
        loop.Pilot.Throttle = new FlightLoopConfig().AirmodeStartThrottle;
        RunLevel(loop, 5, 400_000);
        Assert.False(loop.Mixing);
        loop.Pilot.Throttle = One / 2;
        RunLevel(loop, 1, 420_000);
        Assert.True(loop.Mixing);
        // Back at zero throttle airmode stays on (a landing craft keeps its attitude authority).
        loop.Pilot.Throttle = 0;
        RunLevel(loop, 1, 422_000);
        Assert.True(loop.Mixing);
    }

    [Fact]
    public void TheFirstControllerStepAfterArmingWithoutARealIntervalIsNotMixed()
    {
        var loop = NewLoop(new LtcController(new LtcNetwork(ShippedModel.Create())));
        loop.Arm();
        loop.Pilot.Throttle = One / 2;
        // The first sample ever: dt = 0, the LTC only repeats its reset state.
        var s = Level(0);
        var pulses = new int[4];
        Cycle(loop, 0, ref s, true, pulses);
        Assert.Equal(0, loop.LastSampleDtUs);
        Assert.False(loop.Mixing);
        Assert.All(loop.MotorOutputs, m => Assert.Equal(new FlightLoopConfig().IdleThrottle, m));
        s = Level(2000);
        Cycle(loop, 2000, ref s, true, pulses);
        Assert.True(loop.Mixing);
    }

    /// <summary>
    /// The setpoint is shaped from the pilot's input only in a cycle after the input was written: a cycle without a
    /// write leaves it as it is (here a value scribbled into it survives), and a write of any of the four sticks, or
    /// Center, shapes it again in the next cycle, to what the angle mode makes of the input.
    /// </summary>
    [Fact]
    public void The_setpoint_is_shaped_again_exactly_after_a_write_of_the_pilot_input()
    {
        var loop = NewLoop();
        var expected = new ControlSetpoint();
        var pulses = new int[4];
        long t = 0;
        void Run()
        {
            t += 2000;
            var s = Level(t);
            Cycle(loop, t, ref s, true, pulses);
        }

        void Check()
        {
            loop.Mode.Update(loop.Pilot, expected);
            var sp = loop.Setpoint;
            Assert.Equal((expected.RollRad, expected.PitchRad, expected.YawRateRadS, expected.Throttle),
                (sp.RollRad, sp.PitchRad, sp.YawRateRadS, sp.Throttle));
        }

        Run();
        Check();
        Action<PilotInput>[] writes =
        {
            p => p.Roll = One / 2, p => p.Pitch = -One / 3, p => p.Yaw = One / 5, p => p.Throttle = One / 4,
            p => p.Center(),
        };
        foreach (var write in writes)
        {
            loop.Setpoint.RollRad = 12345;
            Run();
            Assert.Equal(12345, loop.Setpoint.RollRad);
            write(loop.Pilot);
            Run();
            Check();
            Assert.NotEqual(12345, loop.Setpoint.RollRad);
        }
    }

    /// <summary>
    /// A caller that knows the sample within the loop's limits (the board cycle, for a converter that proves it) lets
    /// the loop leave its clamps out: for samples within the limits, including exactly at them, every cycle's state
    /// and outputs are the same as through the clamping path.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void ASampleKnownWithinTheLimitsGivesTheSameCycleWithoutTheClamps(int seed)
    {
        var rng = new Random(seed);
        var config = new FlightLoopConfig();
        var clamping = new FlightLoop(config, ControllerTable.Create(ControllerKind.Pid, FramePidGains.Quad250Brushless(), null));
        var trusting = new FlightLoop(config, ControllerTable.Create(ControllerKind.Pid, FramePidGains.Quad250Brushless(), null));
        clamping.Arm();
        trusting.Arm();
        clamping.Pilot.Throttle = trusting.Pilot.Throttle = Q16.One / 2;
        int In(int limit) => rng.Next(6) == 0 ? (rng.Next(2) == 0 ? -limit : limit) : rng.Next(-limit, limit + 1);
        long t = 1_000_000;
        for (int k = 0; k < 5_000; k++)
        {
            t += rng.Next(500, 4000);
            var sample = new ImuSample
            {
                TimestampUs = t,
                GyroX = In(clamping.GyroLimit), GyroY = In(clamping.GyroLimit), GyroZ = In(clamping.GyroLimit),
                AccelX = In(clamping.AccelLimit), AccelY = In(clamping.AccelLimit), AccelZ = In(clamping.AccelLimit),
            };
            var copy = sample;
            bool a = clamping.RunCycle(t, ref sample, true, false);
            bool b = trusting.RunCycle(t, ref copy, true, true);
            Assert.Equal(a, b);
            Assert.Equal(clamping.MotorOutputs, trusting.MotorOutputs);
            var (s, u) = (clamping.State, trusting.State);
            Assert.Equal((s.Roll, s.Pitch, s.RollRate, s.PitchRate, s.YawRate), (u.Roll, u.Pitch, u.RollRate, u.PitchRate, u.YawRate));
        }
    }

    /// <summary>
    /// The flight loop clamps the sample with one unsigned compare per value and runs the gyro PT1 written out in
    /// its own fields; the plain twin is Q16.Clamp, the documented dt rules and three Pt1Filter objects. Its estimator
    /// (which reads the clamped specific force by reference) must equal one fed the clamped values through the
    /// public Update; with an accelerometer limit just above 1 g the clamp changes which readings it trusts.
    /// </summary>
    [Theory]
    [InlineData(1, 0, 0, 0)]
    [InlineData(2, 0, 0, 0)]
    [InlineData(3, 0, 0, 0)]
    [InlineData(4, 10.0, 0, 0)]
    [InlineData(5, 10.5, 0, 0)]
    [InlineData(6, 10.0, 100.0, 0)] // a gyro limit beyond the estimator's own (64 rad/s): it clamps again
    [InlineData(7, 10.0, 0, 64.0)]  // the largest accelerometer gain: a correction can push a rate past the estimator's limit
    public void SampleClampDtAndGyroFilterEqualThePlainFiltersOverSeededIrregularSamples(int seed, double accelLimit, double gyroLimit, double estimatorKp)
    {
        var rng = new Random(seed);
        var config = new FlightLoopConfig();
        if (estimatorKp > 0)
        {
            config.EstimatorKpDisarmed = (int)Math.Round(estimatorKp * 65536);
        }

        if (accelLimit > 0)
        {
            config.MaxAccelMS2 = (int)Math.Round(accelLimit * 65536);
        }

        if (gyroLimit > 0)
        {
            config.MaxGyroRadS = (int)Math.Round(gyroLimit * 65536);
        }

        var loop = new FlightLoop(config, null);
        var estimator = new AttitudeEstimator(config.EstimatorKpDisarmed, config.EstimatorKi, config.AccelTrustBand)
        {
            MaxDtUs = config.MaxSampleGapUs,
        };
        int changedByClamp = 0;
        int accelUsed = 0;
        var fx = new Pt1Filter(config.GyroCutoffHz);
        var fy = new Pt1Filter(config.GyroCutoffHz);
        var fz = new Pt1Filter(config.GyroCutoffHz);
        int maxGyro = config.MaxGyroRadS;
        int maxAccel = config.MaxAccelMS2;
        int Any(int limit) => rng.Next(8) switch
        {
            0 => rng.Next(2) == 0 ? int.MinValue : int.MaxValue,
            1 => rng.Next(2) == 0 ? -limit - 1 : limit + 1,
            2 => rng.Next(2) == 0 ? -limit : limit,
            3 => rng.Next(int.MinValue, int.MaxValue),
            _ => rng.Next(-limit, limit + 1),
        };

        long t = 1_000_000;
        long last = 0;
        bool had = false;
        for (int k = 0; k < 20_000; k++)
        {
            t += rng.Next(10) switch
            {
                0 => -rng.Next(0, 5000),
                1 => rng.Next(0, 100_000),
                2 => 0,
                _ => rng.Next(100, 4000),
            };
            var sample = new ImuSample
            {
                TimestampUs = t,
                GyroX = Any(maxGyro), GyroY = Any(maxGyro), GyroZ = Any(maxGyro),
                AccelX = Any(maxAccel), AccelY = Any(maxAccel), AccelZ = Any(maxAccel),
            };
            int gx = Q16.Clamp(sample.GyroX, -maxGyro, maxGyro);
            int gy = Q16.Clamp(sample.GyroY, -maxGyro, maxGyro);
            int gz = Q16.Clamp(sample.GyroZ, -maxGyro, maxGyro);
            long dt = !had || t < last ? 0 : Math.Min(t - last, config.MaxSampleGapUs);
            int rx, ry, rz;
            if (!had)
            {
                fx.Reset(gx);
                fy.Reset(gy);
                fz.Reset(gz);
                (rx, ry, rz) = (gx, gy, gz);
            }
            else
            {
                (rx, ry, rz) = (fx.Apply(gx, dt), fy.Apply(gy, dt), fz.Apply(gz, dt));
            }

            had = true;
            last = t;
            loop.RunCycle(t, ref sample, true, false);
            Assert.Equal(dt, loop.LastSampleDtUs);
            Assert.Equal((rx, ry, rz), (loop.State.RollRate, loop.State.PitchRate, loop.State.YawRate));
            int ax = Q16.Clamp(sample.AccelX, -maxAccel, maxAccel);
            int ay = Q16.Clamp(sample.AccelY, -maxAccel, maxAccel);
            int az = Q16.Clamp(sample.AccelZ, -maxAccel, maxAccel);
            changedByClamp += ax != sample.AccelX || ay != sample.AccelY || az != sample.AccelZ ? 1 : 0;
            estimator.Update(gx, gy, gz, ax, ay, az, dt);
            Assert.Equal((estimator.Q0, estimator.Q1, estimator.Q2, estimator.Q3, estimator.BiasX, estimator.BiasY, estimator.BiasZ),
                (loop.Estimator.Q0, loop.Estimator.Q1, loop.Estimator.Q2, loop.Estimator.Q3, loop.Estimator.BiasX, loop.Estimator.BiasY, loop.Estimator.BiasZ));
            Assert.Equal((estimator.Roll, estimator.Pitch, estimator.AccelUsed), (loop.Estimator.Roll, loop.Estimator.Pitch, loop.Estimator.AccelUsed));
            accelUsed += estimator.AccelUsed ? 1 : 0;
        }

        Assert.True(changedByClamp > 1000, $"{changedByClamp} samples clamped");
        // Near 1 g the limit bites: there, random readings are trusted often enough for the comparison to matter.
        Assert.True(accelLimit == 0 || accelUsed > 100, $"the accelerometer corrected {accelUsed} samples");
    }

    /// <summary>Sets one of the nine values the numeric check covers (0-5 the state, 6-8 the command) to <paramref name="v"/>.</summary>
    internal static void SetCheckedValue(FlightLoop loop, int field, int v)
    {
        switch (field)
        {
            case 0: loop.State.Roll = v; break;
            case 1: loop.State.Pitch = v; break;
            case 2: loop.State.Yaw = v; break;
            case 3: loop.State.RollRate = v; break;
            case 4: loop.State.PitchRate = v; break;
            case 5: loop.State.YawRate = v; break;
            case 6: loop.Command.Roll = v; break;
            case 7: loop.Command.Pitch = v; break;
            default: loop.Command.Yaw = v; break;
        }
    }

    private sealed class CountingSupervisor : IFlightSupervisor
    {
        public int AfterCycles;

        public void BeforeCycle(FlightLoop loop, long nowUs, ref ImuSample sample, bool sampleIsNew)
        {
        }

        public void AfterCycle(FlightLoop loop) => AfterCycles++;
    }

    /// <summary>
    /// The loop calls AfterCycle only when a screened value lies outside [-2^30, 2^30): the command always, the
    /// filtered rates only with a gyro limit of 2^30 or more (below it they cannot get there), the attitude never (the
    /// estimator bounds it). Each value alone on either side of both edges and of the mixer's [-1, 1], set between
    /// cycles that read no sample (so the loop itself changes none of them), in a loop that is disarmed or mixing (where
    /// the mixer's range test stands in for the command's screen).
    /// </summary>
    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void The_supervisor_hears_after_a_cycle_exactly_when_a_screened_value_leaves_the_screen(bool wideGyroLimit, bool mixing)
    {
        int[] values = [1 << 30, (1 << 30) - 1, -(1 << 30), -(1 << 30) - 1, int.MaxValue, int.MinValue, 0, One, One + 1, -One - 1];
        var config = new FlightLoopConfig();
        if (wideGyroLimit)
        {
            config.MaxGyroRadS = 1 << 30;
        }

        for (int field = 0; field < 9; field++)
        {
            bool screened = field >= 6 || (field >= 3 && wideGyroLimit);
            foreach (int v in values)
            {
                var loop = new FlightLoop(config, new PidController(new PidGains()));
                var supervisor = new CountingSupervisor();
                loop.Supervisor = supervisor;
                var sample = Level(0);
                loop.RunCycle(0, ref sample, true, false);
                if (mixing)
                {
                    loop.Arm();
                    loop.Pilot.Throttle = One / 2;
                    sample = Level(1000);
                    loop.RunCycle(1000, ref sample, true, false);
                    Assert.True(loop.Mixing, "the loop mixes");
                }

                Assert.Equal(0, supervisor.AfterCycles);
                SetCheckedValue(loop, field, v);

                loop.RunCycle(2000, ref sample, false, false);
                Assert.Equal(mixing, loop.Mixing);
                bool outside = v >= 1 << 30 || v < -(1 << 30);
                Assert.True((screened && outside ? 1 : 0) == supervisor.AfterCycles, $"field {field} = {v}: {supervisor.AfterCycles} calls");
            }
        }
    }

    /// <summary>
    /// What the screen leaves out cannot reach an int limit: over seeded garbage samples (any int on every axis,
    /// irregular, backwards and huge time steps), clamped by the loop or trusted within its limits, the attitude stays
    /// within +-pi (pitch +-pi/2) and the filtered rates within +-GyroLimit.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void The_unscreened_state_values_stay_within_their_bounds_for_any_sample(int seed)
    {
        var rng = new Random(seed);
        var loop = NewLoop();
        loop.Arm();
        loop.Pilot.Throttle = One / 2;
        int limit = loop.GyroLimit;
        int[] specials = { int.MinValue, int.MaxValue, 0, -1, 1, limit, -limit, limit + 1, -limit - 1 };
        int Pick(int bound) => rng.Next(3) switch
        {
            0 => specials[rng.Next(specials.Length)],
            1 => (int)rng.NextInt64(-(long)bound, bound + 1L),
            _ => rng.Next(int.MinValue, int.MaxValue),
        };
        long t = 0;
        for (int k = 0; k < 20_000; k++)
        {
            t += rng.Next(5) switch { 0 => -rng.Next(100_000), 1 => rng.Next(1_000_000), _ => rng.Next(100, 5000) };
            bool trusted = rng.Next(2) == 0;
            int g = trusted ? limit : int.MaxValue;
            var sample = new ImuSample
            {
                TimestampUs = t,
                GyroX = Pick(g), GyroY = Pick(g), GyroZ = Pick(g),
                AccelX = Pick(loop.AccelLimit), AccelY = Pick(loop.AccelLimit), AccelZ = Pick(loop.AccelLimit),
            };
            if (trusted)
            {
                sample.GyroX = Math.Clamp(sample.GyroX, -limit, limit);
                sample.GyroY = Math.Clamp(sample.GyroY, -limit, limit);
                sample.GyroZ = Math.Clamp(sample.GyroZ, -limit, limit);
                sample.AccelX = Math.Clamp(sample.AccelX, -loop.AccelLimit, loop.AccelLimit);
                sample.AccelY = Math.Clamp(sample.AccelY, -loop.AccelLimit, loop.AccelLimit);
                sample.AccelZ = Math.Clamp(sample.AccelZ, -loop.AccelLimit, loop.AccelLimit);
            }

            loop.RunCycle(t, ref sample, true, trusted);
            loop.UpdateHeading();
            var s = loop.State;
            Assert.InRange(s.Roll, -Trig.Pi, Trig.Pi);
            Assert.InRange(s.Pitch, -Trig.HalfPi, Trig.HalfPi);
            Assert.InRange(s.Yaw, -Trig.Pi - 2, Trig.Pi + 2);
            Assert.InRange(s.RollRate, -limit, limit);
            Assert.InRange(s.PitchRate, -limit, limit);
            Assert.InRange(s.YawRate, -limit, limit);
        }
    }

    [Fact]
    public void A_saturated_rate_raises_the_numeric_fault_through_the_loop()
    {
        // A gyro limit at the int's end lets samples drive the filtered rate there: the screen lets the supervisor see
        // it, which latches the fault in the cycle the rate reaches int.MaxValue and not before.
        var config = new FlightLoopConfig { MaxGyroRadS = int.MaxValue };
        var loop = new FlightLoop(config, new PidController(new PidGains()));
        var safety = new LiquidFlight.Core.Safety.SafetySupervisor(new LiquidFlight.Core.Safety.SafetyLimits());
        loop.Supervisor = safety;
        var sample = Level(0);
        loop.RunCycle(0, ref sample, true, false);
        int cycles = 0;
        while (!safety.NumericFault && cycles < 100)
        {
            cycles++;
            sample = Level(cycles * 2000L);
            sample.GyroZ = int.MaxValue;
            loop.RunCycle(sample.TimestampUs, ref sample, true, false);
            Assert.Equal(loop.State.YawRate == int.MaxValue, safety.NumericFault);
        }

        Assert.True(safety.NumericFault, $"no fault after {cycles} cycles, yaw rate {loop.State.YawRate}");
        Assert.True(cycles > 1, "the filter reached the limit in one step");
    }
}
