using LiquidFlight.Core.Control;
using LiquidFlight.Core.FixedPoint;

namespace LiquidFlight.Core.Tests.Control;

/// <summary>QuadXMixer.Mix (written out) against PlainQuadXMixer over seeded random commands and idle settings, and
/// Mix's report of commands within [-1, 1].</summary>
public class QuadXMixerTwinTests
{
    private const int One = Q16.One;

    private static int Pick(Random rng)
    {
        switch (rng.Next(8))
        {
            case 0: return rng.Next(-One / 20, One / 20);               // hover-sized
            case 1: return rng.Next(-One, One + 1);                     // anywhere in range
            case 2: return new[] { -One, One, 0, -One - 1, One + 1 }[rng.Next(5)]; // edges
            case 3: return rng.Next(-4 * One, 4 * One);                 // out of range
            case 4: return rng.Next(2) == 0 ? int.MinValue + rng.Next(70_000) : int.MaxValue - rng.Next(70_000);
            default: return rng.Next(-One / 2, One / 2);
        }
    }

    [Fact]
    public void Written_out_mixer_matches_its_plain_twin_on_seeded_random_commands()
    {
        int[] idles = { 0, 1, Q16.FromRatio(5, 100), One / 2, 65535, One, -5, One + 7 };
        var fastOut = new int[4];
        var plainOut = new int[4];
        var command = new AxisCommand();
        int scaled = 0, shiftedUp = 0, shiftedDown = 0, plainRuns = 0, inRangeRuns = 0;
        for (int s = 0; s < 200; s++)
        {
            var rng = new Random(4100 + s);
            int idle = s < idles.Length ? idles[s] : rng.Next(0, One + 1);
            var fast = new QuadXMixer(idle);
            var plain = new PlainQuadXMixer(idle);
            for (int k = 0; k < 2000; k++)
            {
                command.Roll = Pick(rng);
                command.Pitch = Pick(rng);
                command.Yaw = Pick(rng);
                int throttle = rng.Next(4) == 0 ? Pick(rng) : rng.Next(0, One + 1);
                bool inRange = fast.Mix(throttle, command, fastOut);
                plain.Mix(throttle, command, plainOut);
                Assert.Equal(plainOut, fastOut);
                // Mix reports whether no axis command needed its clamp (the flight loop's numeric screen relies on it).
                bool expected = Math.Abs((long)command.Roll) <= One && Math.Abs((long)command.Pitch) <= One
                    && Math.Abs((long)command.Yaw) <= One;
                Assert.Equal(expected, inRange);
                inRangeRuns += inRange ? 1 : 0;
                Assert.Equal(plain.DifferentialScaled, fast.DifferentialScaled);
                Assert.Equal(plain.ThrottleShifted, fast.ThrottleShifted);
                scaled += plain.DifferentialScaled ? 1 : 0;
                if (plain.ThrottleShifted)
                {
                    if (Q16.Clamp(throttle, 0, One) > One / 2) { shiftedDown++; } else { shiftedUp++; }
                }

                plainRuns++;
            }
        }

        // The draw reached every branch: torque scaling and throttle shifted both ways.
        Assert.True(scaled > 1000, $"scaled {scaled}");
        Assert.True(shiftedUp > 1000, $"shifted up {shiftedUp}");
        Assert.True(shiftedDown > 1000, $"shifted down {shiftedDown}");
        Assert.Equal(400_000, plainRuns);
        Assert.InRange(inRangeRuns, 50_000, 350_000);
    }
}
