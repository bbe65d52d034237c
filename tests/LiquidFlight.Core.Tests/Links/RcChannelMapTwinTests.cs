using LiquidFlight.Core.Links;

namespace LiquidFlight.Core.Tests.Links;

/// <summary>
/// RcChannelMap.Apply (stick scaling hand-inlined, 32-bit) against its plain twin ApplyPlain (the version it replaced:
/// one Stick call per stick, 64-bit Q16.MulDiv and Q16.Clamp), over seeded random settings and pulse widths,
/// realistic and extreme.
/// </summary>
public class RcChannelMapTwinTests
{
    private static readonly int[] Extremes = [int.MinValue, int.MinValue + 1, -40000, -32768, -1, 0, 1, 32767, 32768, 40000, int.MaxValue - 1, int.MaxValue];

    private static int Pick(Random rng, int low, int high) => rng.Next(8) == 0 ? Extremes[rng.Next(Extremes.Length)] : rng.Next(low, high);

    [Fact]
    public void Apply_matches_the_plain_mapping_for_seeded_random_settings_and_pulses()
    {
        var fast = new RcCommand();
        var plain = new RcCommand();
        var ch = new int[16];
        int fastPath = 0;
        for (int s = 0; s < 2000; s++)
        {
            var rng = new Random(9000 + s);
            var m = new RcChannelMap();
            if (s > 0)
            {
                // Settings around the defaults, sometimes far outside (spans of 0, negative, beyond 2^15).
                m.StickCentreUs = Pick(rng, 1400, 1600);
                m.StickDeadbandUs = rng.Next(4) == 0 ? Pick(rng, -10, 50) : rng.Next(0, 30);
                m.StickHalfTravelUs = rng.Next(4) == 0 ? Pick(rng, -100, 60000) : rng.Next(20, 700);
                m.ThrottleMinUs = Pick(rng, 900, 1200);
                m.ThrottleMaxUs = rng.Next(4) == 0 ? Pick(rng, 0, 60000) : rng.Next(1800, 2100);
                m.ArmOnAboveUs = rng.Next(1000, 2000);
                m.ModeLowBelowUs = rng.Next(1000, 1600);
                m.ModeHighAboveUs = rng.Next(1400, 2000);
                m.PitchStickForwardIsNoseUp = rng.Next(2) == 0;
                if (s < 3)
                {
                    // The fast path's edges: both spans at its limit (2^15), or the stick's one beyond it (the three
                    // values the fast path tests as one then OR to 2^15 exactly).
                    m.StickDeadbandUs = s == 1 ? 7 : 0;
                    m.StickHalfTravelUs = RcChannelMap.FastSpanLimitUs + m.StickDeadbandUs + (s == 2 ? 1 : 0);
                    m.ThrottleMaxUs = m.ThrottleMinUs + (s == 1 ? RcChannelMap.FastSpanLimitUs : 1);
                }
                m.RollChannel = rng.Next(16);
                m.PitchChannel = rng.Next(16);
                m.ThrottleChannel = rng.Next(16);
                m.YawChannel = rng.Next(16);
                m.ArmChannel = rng.Next(16);
                m.ModeChannel = rng.Next(16);
            }

            int span = m.StickHalfTravelUs - m.StickDeadbandUs;
            int throttleSpan = m.ThrottleMaxUs - m.ThrottleMinUs;
            bool fastSettings = m.StickDeadbandUs is >= 0 and < RcChannelMap.FastSpanLimitUs
                && span is > 0 and <= RcChannelMap.FastSpanLimitUs && throttleSpan is > 0 and <= RcChannelMap.FastSpanLimitUs;
            fastPath += fastSettings ? 1 : 0;
            for (int k = 0; k < 200; k++)
            {
                for (int i = 0; i < ch.Length; i++)
                {
                    // Mostly the receiver's range, centre and deadband edges included; now and then anything.
                    ch[i] = rng.Next(7) switch
                    {
                        0 => Pick(rng, int.MinValue, int.MaxValue),
                        // Next to full deflection, either way (where a span beyond the fast path's limit would overflow).
                        6 => m.StickCentreUs + ((rng.Next(2) * 2) - 1) * (m.StickDeadbandUs + span - rng.Next(3)),
                        1 => m.StickCentreUs + rng.Next(-40, 41),
                        2 => m.ThrottleMinUs + rng.Next(-3, 4),
                        _ => rng.Next(900, 2100),
                    };
                }

                m.Apply(ch, fast);
                m.ApplyPlain(ch, plain);
                Assert.Equal(
                    (plain.Roll, plain.Pitch, plain.Yaw, plain.Throttle, plain.ThrottleUs, plain.ArmSwitch, plain.ModePosition),
                    (fast.Roll, fast.Pitch, fast.Yaw, fast.Throttle, fast.ThrottleUs, fast.ArmSwitch, fast.ModePosition));
            }
        }

        // Both paths were compared: most settings take the 32-bit path, some the general one.
        Assert.InRange(fastPath, 1000, 1990);
    }
}
