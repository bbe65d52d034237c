using LiquidFlight.Core.Safety;
using LiquidFlight.Core.Sensors;

namespace LiquidFlight.Core.Tests.Safety;

/// <summary>
/// ImuSampleWatch (values tracked only when judged, IsFailing inlined) against its plain twin PlainImuSampleWatch over
/// seeded random sample sequences (noise, repeats, full-scale and extreme values, stuck and backwards clocks, gaps):
/// the same verdicts at any later time, for both settings of JudgeFrozenValues and of JudgeSaturation.
/// </summary>
public class ImuSampleWatchTwinTests
{
    private static readonly int[] Extremes = [int.MinValue, int.MinValue + 1, -(35 * 65536), 35 * 65536, 156 * 65536, -(156 * 65536) - 1, int.MaxValue];

    [Fact]
    public void Fast_watch_matches_its_plain_twin_on_seeded_random_samples()
    {
        int failing = 0;
        int healthy = 0;
        for (int s = 0; s < 4000; s++)
        {
            var rng = new Random(31_000 + s);
            long stale = rng.Next(1, 30_000), frozen = rng.Next(1, 30_000), saturated = rng.Next(1, 30_000), stuck = rng.Next(1, 30_000);
            var fast = new ImuSampleWatch(stale, frozen, saturated, stuck);
            var plain = new PlainImuSampleWatch(stale, frozen, saturated, stuck);
            bool judge = (s & 1) == 0;
            fast.JudgeFrozenValues = judge;
            plain.JudgeFrozenValues = judge;
            fast.JudgeSaturation = plain.JudgeSaturation = (s & 2) == 0;
            if (rng.Next(4) == 0)
            {
                // Other full scales, zero and negative ones included (everything is saturated then).
                fast.GyroFullScale = plain.GyroFullScale = rng.Next(-2, 3) * rng.Next(1, 40 * 65536);
                fast.AccelFullScale = plain.AccelFullScale = rng.Next(-2, 3) * rng.Next(1, 160 * 65536);
            }

            var sample = default(ImuSample);
            long now = rng.Next(0, 1_000_000);
            for (int k = 0; k < 200; k++)
            {
                now += rng.Next(6) == 0 ? rng.Next(0, 40_000) : rng.Next(0, 3000);
                int kind = rng.Next(8);
                if (kind >= 3)
                {
                    // A new value on one or more axes (noise), sometimes extreme.
                    int axes = rng.Next(1, 7);
                    for (int a = 0; a < axes; a++)
                    {
                        int v = rng.Next(5) == 0 ? Extremes[rng.Next(Extremes.Length)] : rng.Next(-40 * 65536, 40 * 65536);
                        switch (rng.Next(6))
                        {
                            case 0: sample.GyroX = v; break;
                            case 1: sample.GyroY = v; break;
                            case 2: sample.GyroZ = v; break;
                            case 3: sample.AccelX = v; break;
                            case 4: sample.AccelY = v; break;
                            default: sample.AccelZ = v; break;
                        }
                    }
                }

                // The sample clock: mostly advancing, sometimes stuck or going back.
                int clock = rng.Next(6);
                sample.TimestampUs = clock == 0 ? sample.TimestampUs : (clock == 1 ? sample.TimestampUs - rng.Next(0, 5000) : now);
                bool isNew = rng.Next(5) != 0;
                fast.Observe(now, ref sample, isNew);
                plain.Observe(now, ref sample, isNew);
                Assert.Equal(
                    (plain.HasSample, plain.LastNewSampleUs, plain.LastTimestampUs, plain.SaturatedSinceUs, plain.ClockStuckSinceUs),
                    (fast.HasSample, fast.LastNewSampleUs, fast.LastTimestampUs, fast.SaturatedSinceUs, fast.ClockStuckSinceUs));
                if (judge)
                {
                    Assert.Equal(plain.UnchangedSinceUs, fast.UnchangedSinceUs);
                }

                foreach (long later in new[] { now, now + 1, now + rng.Next(0, 40_000), now + stale, now + frozen, now + saturated, now + stuck })
                {
                    Assert.Equal(plain.IsStale(later), fast.IsStale(later));
                    Assert.Equal(plain.IsFrozen(later), fast.IsFrozen(later));
                    Assert.Equal(plain.IsSaturated(later), fast.IsSaturated(later));
                    Assert.Equal(plain.IsClockStuck(later), fast.IsClockStuck(later));
                    bool f = plain.IsFailing(later);
                    Assert.Equal(f, fast.IsFailing(later));
                    failing += f ? 1 : 0;
                    healthy += f ? 0 : 1;
                }
            }
        }

        Assert.True(failing > 10_000 && healthy > 10_000, $"{failing} failing, {healthy} healthy verdicts");
    }
}
