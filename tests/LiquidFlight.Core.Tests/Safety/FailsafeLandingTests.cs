using LiquidFlight.Core.Flight;
using LiquidFlight.Core.Safety;
using LiquidFlight.Core.Scheduler;
using LiquidFlight.Core.Sensors;

namespace LiquidFlight.Core.Tests.Safety;

/// <summary>
/// The failsafe landing against a vertical point-mass plant written here (independent of the simulator): thrust
/// = weight * (throttle / true hover)^1.3 through a 30 ms motor lag, linear vertical drag, a ground at height 0
/// that stops a sinking craft with a 10 ms damping and holds it, and a level accelerometer with a bias and
/// seeded noise, sampled at 1 kHz.
/// </summary>
public class FailsafeLandingTests
{
    private const double G = 9.80665;
    private const long SampleUs = 1000;

    private sealed class Plant
    {
        public double Height;
        public double SinkRate;      // m/s, down positive
        public double Thrust = 1;    // relative to the weight
        public double TrueHover = 0.3;
        public double AccelBias = 0.05;
        public double DragPerS = 0.2;
        public double NoiseMs2 = 0.05;
        public double ContactSpeed = double.NaN;
        public bool Held = true;     // at rest in the hand / on the launch point: does not move
        public Func<double, double>? Gust; // extra downward acceleration (m/s^2) over time (s)
        private readonly Random random = new Random(7);
        private double lastAccel;

        public bool OnGround => Height <= 0;

        public void Step(double throttle, double t)
        {
            const double dt = SampleUs * 1e-6;
            double commanded = Math.Pow(Math.Max(throttle, 0) / TrueHover, 1.3);
            Thrust += (commanded - Thrust) * (1 - Math.Exp(-dt / 0.03));
            if (Held)
            {
                lastAccel = 0;
                return;
            }

            double accel = G * (1 - Thrust) - (DragPerS * SinkRate) + (Gust?.Invoke(t) ?? 0);
            double v = SinkRate + (accel * dt);
            double h = Height - (0.5 * (SinkRate + v) * dt);
            if (h <= 0)
            {
                if (double.IsNaN(ContactSpeed))
                {
                    ContactSpeed = v;
                }

                h = 0;
                double sinking = Math.Max(SinkRate, 0) * Math.Exp(-dt / 0.01);
                v = Math.Min(v, sinking);
                accel = (v - SinkRate) / dt;
            }

            Height = h;
            SinkRate = v;
            lastAccel = accel;
        }

        /// <summary>What a level accelerometer reads: specific force on body z = downward acceleration - g.</summary>
        public ImuSample Sample(long t)
        {
            double noise = NoiseMs2 * ((random.NextDouble() * 2) - 1);
            double gyro = 0.002 * ((random.NextDouble() * 2) - 1);
            return new ImuSample
            {
                TimestampUs = t,
                AccelZ = (int)Math.Round((lastAccel - G + AccelBias + noise) * 65536),
                GyroX = (int)Math.Round(gyro * 65536),
            };
        }
    }

    /// <summary>
    /// Piloted, the landing estimate's 16 ms update runs in the first slot without the RC read once due when it knows
    /// the board's executive (the board reads the RC link where (slot &amp; RcSlotMask) == 0), and when due otherwise.
    /// </summary>
    [Theory]
    [InlineData(true, 1)]
    [InlineData(true, 3)]
    [InlineData(false, 1)]
    public void With_the_boards_executive_the_16_ms_update_waits_for_a_slot_without_the_rc_read(bool withExecutive, int rcSlotMask)
    {
        var landing = new FailsafeLanding(new SafetyLimits());
        var loop = new FlightLoop(new FlightLoopConfig(), null!);
        loop.Estimator.SetAttitude(0, 0, 0);
        var executive = new CyclicExecutive(1000, 4);
        executive.Start(0);
        if (withExecutive)
        {
            landing.Executive = executive;
            landing.RcSlotMask = rcSlotMask;
        }

        var random = new Random(3);
        var rcSlot = 0;
        var other = 0;
        var freeEven = 0;
        long lastUpdate = 0;
        long longestGap = 0;
        for (long k = 0; k < 3000; k++)
        {
            long now = k * 1000;
            executive.BeginCycle(now);
            if (k == 500)
            {
                loop.Arm();
                loop.Pilot.Throttle = 30000;
            }

            var sample = new ImuSample { TimestampUs = now, AccelZ = (int)Math.Round((-G + (0.3 * random.NextDouble())) * 65536) };
            (int hover, int speed) = (landing.HoverThrottle, landing.VerticalSpeed);
            landing.Observe(ref sample, loop);
            if (k > 600 && (landing.HoverThrottle != hover || landing.VerticalSpeed != speed))
            {
                if ((executive.Slot & rcSlotMask) == 0) { rcSlot++; } else { other++; }
                freeEven += executive.Slot == 2 ? 1 : 0;
                longestGap = lastUpdate == 0 ? 0 : Math.Max(longestGap, now - lastUpdate);
                lastUpdate = now;
            }

            executive.EndCycle(now + 100);
        }

        // 2.4 s of piloted samples at 1 kHz: an update per 16.4-17 ms, about 140.
        Assert.InRange(rcSlot + other, 130, 150);
        if (withExecutive)
        {
            Assert.Equal(0, rcSlot);
            // Slot 2 reads the RC link only at a stride of 2 (mask 1); at a stride of 4 the update may use it.
            Assert.True(rcSlotMask == 1 ? freeEven == 0 : freeEven > 20, $"{freeEven} updates in slot 2");
        }
        else
        {
            Assert.True(rcSlot > 30, $"without the executive the updates fall on both: {rcSlot} even, {other} odd");
        }

        Assert.InRange(longestGap, 16_000, withExecutive ? 18_000 : 17_000);
    }

    private sealed class Run
    {
        public readonly Plant Plant = new Plant();
        public readonly FailsafeLanding Landing;
        public readonly FlightLoop Loop = new FlightLoop(new FlightLoopConfig(), null!);
        public long Now;
        public double LandedHeight = double.NaN;
        public bool LandedInTheAir;

        public Run(SafetyLimits? limits = null)
        {
            Landing = new FailsafeLanding(limits ?? new SafetyLimits());
            Loop.Estimator.SetAttitude(0, 0, 0); // level: the loop itself is never run
        }

        private void Step(bool armed, int pilotThrottle, double throttle)
        {
            Plant.Step(throttle, Now * 1e-6);
            var s = Plant.Sample(Now);
            if (armed)
            {
                Loop.Arm();
            }

            Loop.Pilot.Throttle = pilotThrottle;
            Landing.Observe(ref s, Loop);
            Now += SampleUs;
        }

        /// <summary>1 s disarmed at rest (held), then armed, released at <paramref name="height"/> and flown at a fixed stick for 2 s.</summary>
        public void Preflight(double height, double pilotStick)
        {
            Plant.Height = height;
            for (int i = 0; i < 1000; i++)
            {
                Step(false, 0, 0);
            }

            Plant.Held = false;
            for (int i = 0; i < 2000; i++)
            {
                Step(true, (int)(pilotStick * 65536), pilotStick);
            }
        }

        /// <summary>Runs the landing until it reports Landed (true) or <paramref name="seconds"/> pass (false).</summary>
        public bool Land(double seconds, int fallbackThrottle = 19661)
        {
            Landing.Begin(fallbackThrottle);
            long end = Now + (long)(seconds * 1e6);
            while (Now < end)
            {
                Step(true, 0, Landing.Throttle / 65536.0);
                if (Landing.Stage == LandingStage.Landed)
                {
                    LandedHeight = Plant.Height;
                    LandedInTheAir = !Plant.OnGround;
                    return true;
                }
            }

            return false;
        }
    }

    [Fact]
    public void Lands_from_ten_metres_and_reports_the_touchdown_soon_after_contact()
    {
        var r = new Run();
        r.Preflight(10, r.Plant.TrueHover);
        Assert.True(r.Land(40), $"no touchdown; height {r.Plant.Height:F2} m, stage {r.Landing.Stage}");
        Assert.False(r.LandedInTheAir);
        Assert.Equal(0, r.LandedHeight);
        // The wanted rate starts at 0.8 m/s and grows slowly; the plant's truth at contact is near it.
        Assert.InRange(r.Plant.ContactSpeed, 0.5, 1.2);
        Assert.True(r.Landing.TouchdownUs <= r.Now);
        Assert.Equal(0, r.Landing.GroundChecksAborted);
    }

    [Fact]
    public void The_learnt_hover_throttle_corrects_the_pilots_stick_by_the_thrust_axis_reading()
    {
        // A pilot holding 10 % under the true hover: the craft sinks, the thrust axis reads 0.87 g, so the
        // learnt hover lands near the truth, not at the stick.
        var r = new Run();
        r.Preflight(10, 0.9 * r.Plant.TrueHover);
        double thrustRatio = Math.Pow(0.9, 1.3);
        Assert.InRange(r.Landing.HoverThrottle / 65536.0, 0.3 * 0.9 * (1 + ((1 - thrustRatio) / 1.5)) - 0.005, 0.3);
    }

    [Fact]
    public void A_heavy_craft_with_a_hover_stick_learnt_too_low_still_lands_below_two_metres_per_second()
    {
        var r = new Run();
        r.Preflight(15, r.Plant.TrueHover);
        // Payload picked up after the hover was learnt: 30 % more throttle needed.
        r.Plant.TrueHover *= 1.3;
        Assert.True(r.Land(60));
        Assert.False(r.LandedInTheAir);
        Assert.InRange(r.Plant.ContactSpeed, 0, 2.0);
    }

    [Fact]
    public void Gusts_and_knocks_in_the_air_never_end_the_landing_above_the_ground()
    {
        var r = new Run();
        r.Preflight(25, r.Plant.TrueHover);
        // 1-cos gusts peaking at +-2 m/s^2 over 0.8 s every 2.1 s, and an upward 2 g knock for 20 ms every 3.7 s.
        r.Plant.Gust = t =>
        {
            double phase = t % 2.1;
            double gust = phase < 0.8 ? (1 - Math.Cos(2 * Math.PI * phase / 0.8)) * (((int)(t / 2.1) % 2 == 0) ? 1 : -1) : 0;
            double knock = t % 3.7 < 0.02 ? -2 * G : 0;
            return gust + knock;
        };
        Assert.True(r.Land(60), $"no touchdown; height {r.Plant.Height:F2} m");
        Assert.False(r.LandedInTheAir, $"called a touchdown at {r.LandedHeight:F2} m");
        Assert.InRange(r.Plant.ContactSpeed, 0, 2.0);
        // The knocks look like impacts: they start ground checks, which the craft's sinking ends.
        Assert.True(r.Landing.GroundChecksAborted > 0);
    }

    [Fact]
    public void Sitting_on_the_ground_when_the_landing_starts_is_found_by_the_held_down_throttle()
    {
        var r = new Run();
        r.Preflight(0, r.Plant.TrueHover);
        long start = r.Now;
        Assert.True(r.Land(10));
        Assert.False(r.LandedInTheAir);
        Assert.InRange((r.Now - start) / 1e6, 1, 8);
    }

    [Fact]
    public void Without_the_ground_the_landing_never_reports_a_touchdown()
    {
        // 200 m up: a minute of descent finds no ground; the supervisor's maximum landing time is the last resort.
        var r = new Run();
        r.Preflight(200, r.Plant.TrueHover);
        Assert.False(r.Land(60));
        Assert.Equal(LandingStage.Descending, r.Landing.Stage);
        Assert.True(r.Plant.Height > 100);
    }
}
