using LiquidFlight.Core.Control;
using LiquidFlight.Core.Sensors;

namespace LiquidFlight.Core.Tests.Sensors;

/// <summary>
/// AttitudeEstimator's per-cycle step is written out into one method for the interpreter; its plain twin
/// (PlainAttitudeEstimator, the code as it was with its helper methods) must give the same bits on every output
/// over seeded sequences that cover every branch: first sample level or tilted or implausible, dt from negative to
/// beyond both caps, rates from still to past the clamp, accelerometer in and out of the trust band, gains from
/// negative to past their limit, bias at its clamp, degenerate quaternions, resets and SetAttitude. Even seeds run the
/// estimator on an attached VehicleState (as the flight loop's), which must then hold the twin's roll and pitch and
/// keep its other fields.
/// </summary>
public sealed class AttitudeEstimatorTwinTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Written_out_step_matches_the_plain_twin_bit_for_bit(int seed)
    {
        var rng = new Random(seed);
        var attached = new VehicleState { Yaw = 1_234, RollRate = -5_678, PitchRate = 9_012, YawRate = -3_456, TimestampUs = 7_890 };
        var fast = seed % 2 == 0 ? new AttitudeEstimator(65536, 3277, 13107, attached) : new AttitudeEstimator(65536, 3277, 13107);
        var plain = new PlainAttitudeEstimator(65536, 3277, 13107);
        long[] intervals = [-5, 0, 1, 125, 500, 2_000, 4_000, 19_999, 20_000, 24_000, 30_000, 1_000_000];
        int accelUsed = 0;
        for (int s = 0; s < 50_000; s++)
        {
            if (rng.Next(2_000) == 0)
            {
                fast.Reset();
                plain.Reset();
            }

            if (rng.Next(3_000) == 0)
            {
                int r = rng.Next(-205_887, 205_887), p = rng.Next(-102_943, 102_943), y = rng.Next(-205_887, 205_887);
                fast.SetAttitude(r, p, y);
                plain.SetAttitude(r, p, y);
            }

            if (rng.Next(1_000) == 0)
            {
                int kp = rng.Next(5) switch { 0 => -65_536, 1 => 0, 2 => 200 << 16, _ => rng.Next(0, 4 << 16) };
                int ki = rng.Next(5) switch { 0 => -1, 1 => 0, 2 => 100 << 16, _ => rng.Next(0, 1 << 16) };
                int band = rng.Next(4) switch { 0 => -5, 1 => 2 << 16, _ => rng.Next(0, 40_000) };
                long maxDt = rng.Next(3) == 0 ? 40_000 : rng.Next(1_000, 20_001);
                fast.Kp = plain.Kp = kp;
                fast.Ki = plain.Ki = ki;
                fast.AccelTrustBand = plain.AccelTrustBand = band;
                fast.MaxDtUs = plain.MaxDtUs = maxDt;
            }

            int g = rng.Next(6) switch { 0 => 0, 1 => 200 << 16, 2 => int.MaxValue, _ => 10 << 16 };
            int gx = g == int.MaxValue ? (rng.Next(2) == 0 ? int.MinValue : int.MaxValue) : rng.Next(-g, g + 1);
            int gy = rng.Next(-g / 2 - 1, g / 2 + 1);
            int gz = rng.Next(-g / 2 - 1, g / 2 + 1);
            (int ax, int ay, int az) = rng.Next(6) switch
            {
                0 => (0, 0, 0),
                1 => (int.MinValue, int.MinValue, int.MinValue),
                2 => (rng.Next(), -rng.Next(), rng.Next()),
                _ => Gravity(rng),
            };
            long dt = rng.Next(3) == 0 ? intervals[rng.Next(intervals.Length)] : rng.Next(200, 5_000);
            fast.Update(gx, gy, gz, ax, ay, az, dt);
            plain.Update(gx, gy, gz, ax, ay, az, dt);
            accelUsed += plain.AccelUsed ? 1 : 0;
            Assert.True(Same(fast, plain), $"seed {seed} step {s}: fast ({Show(fast)}) vs plain ({Show(plain)})");
        }

        if (seed % 2 == 0)
        {
            Assert.Equal((plain.Roll, plain.Pitch), (attached.Roll, attached.Pitch));
            Assert.Equal((1_234, -5_678, 9_012, -3_456, 7_890L),
                (attached.Yaw, attached.RollRate, attached.PitchRate, attached.YawRate, attached.TimestampUs));
        }
        else
        {
            Assert.Equal(0, attached.Roll | attached.Pitch);
        }

        // The accelerometer path ran often (one integrated sample in DecimationPeriod is a correction sample, and
        // about half the readings are near 1 g) and not always.
        Assert.InRange(accelUsed, 2_000, 25_000);
    }

    // About 1 g in a random direction, sometimes just outside the trust band.
    private static (int, int, int) Gravity(Random rng)
    {
        double x = rng.NextDouble() - 0.5, y = rng.NextDouble() - 0.5, z = rng.NextDouble() + 0.5;
        double scale = 9.80665 * (0.7 + (0.6 * rng.NextDouble())) / Math.Sqrt((x * x) + (y * y) + (z * z)) * 65536;
        return ((int)(-x * scale), (int)(-y * scale), (int)(-z * scale));
    }

    private static bool Same(AttitudeEstimator a, PlainAttitudeEstimator b) =>
        a.Q0 == b.Q0 && a.Q1 == b.Q1 && a.Q2 == b.Q2 && a.Q3 == b.Q3 && a.Roll == b.Roll && a.Pitch == b.Pitch
        && a.Yaw == b.Yaw && a.BiasX == b.BiasX && a.BiasY == b.BiasY && a.BiasZ == b.BiasZ
        && a.AccelUsed == b.AccelUsed && a.Initialised == b.Initialised;

    private static string Show(AttitudeEstimator e) => $"q {e.Q0} {e.Q1} {e.Q2} {e.Q3} rpy {e.Roll} {e.Pitch} {e.Yaw} bias {e.BiasX} {e.BiasY} {e.BiasZ} {e.AccelUsed}";

    private static string Show(PlainAttitudeEstimator e) => $"q {e.Q0} {e.Q1} {e.Q2} {e.Q3} rpy {e.Roll} {e.Pitch} {e.Yaw} bias {e.BiasX} {e.BiasY} {e.BiasZ} {e.AccelUsed}";
}
