using LiquidFlight.Core.Sensors;
using LiquidFlight.Core.Sensors.Imu;

namespace LiquidFlight.Core.Tests.Imu;

/// <summary>
/// The board cycle's one-pass read, ImuSampleConverter.Convert(burst, stamp, ref sample, health, now), against the
/// plain path: PlainImuHealthMonitor.ReportRead and a conversion through AxisAlignment.Apply (words at the profile's
/// offsets, 64-bit products, bias subtracted after rounding). Every one of the 24 rotations, both devices and
/// several ranges, seeded random bursts with repeats, single flipped bits, full-scale and invalid-marker words, runs
/// of failed reads between them and gyro biases set along the way: the same sample, temperature and health state and verdicts.
/// </summary>
public class ImuOnePassTwinTests
{
    private static readonly ImuDeviceProfile[] Profiles =
    [
        ImuDeviceProfile.Mpu6050(GyroRange.Dps2000, AccelRange.G16, Mpu6050LowPass.Hz98, 0),
        ImuDeviceProfile.Mpu6050(GyroRange.Dps250, AccelRange.G2, Mpu6050LowPass.Hz42, 1),
        ImuDeviceProfile.Icm42688P(GyroRange.Dps2000, AccelRange.G16, Icm42688OutputDataRate.Hz1000, Icm42688UiFilter.OdrOver4, Icm42688UiFilter.OdrOver4),
        ImuDeviceProfile.Icm42688P(GyroRange.Dps500, AccelRange.G4, Icm42688OutputDataRate.Hz1000, Icm42688UiFilter.OdrOver4, Icm42688UiFilter.OdrOver4),
    ];

    /// <summary>All 24 rotations by multiples of 90 degrees: signed permutation matrices of determinant +1.</summary>
    private static List<AxisAlignment> EveryRotation()
    {
        var all = new List<AxisAlignment>();
        int[][] perms = [[0, 1, 2], [1, 0, 2], [0, 2, 1], [2, 1, 0], [1, 2, 0], [2, 0, 1]];
        foreach (int[] perm in perms)
        {
            for (int signs = 0; signs < 8; signs++)
            {
                var m = new int[9];
                for (int row = 0; row < 3; row++)
                {
                    m[(row * 3) + perm[row]] = ((signs >> row) & 1) == 0 ? 1 : -1;
                }

                int det = (m[0] * ((m[4] * m[8]) - (m[5] * m[7]))) - (m[1] * ((m[3] * m[8]) - (m[5] * m[6]))) + (m[2] * ((m[3] * m[7]) - (m[4] * m[6])));
                if (det == 1)
                {
                    all.Add(AxisAlignment.FromMatrix(m));
                }
            }
        }

        foreach (BoardRotation r in Enum.GetValues<BoardRotation>())
        {
            all.Add(AxisAlignment.For(r));
        }

        return all;
    }

    private static int Word(byte[] b, int i) => (short)((b[i] << 8) | b[i + 1]);

    private static int Scale(int word, int scale) => (int)((((long)word * scale) + 32768) >> 16);

    private static ImuSample PlainConvert(ImuDeviceProfile p, AxisAlignment al, byte[] b, long stamp, int[] bias)
    {
        al.Apply(Word(b, p.AccelOffset), Word(b, p.AccelOffset + 2), Word(b, p.AccelOffset + 4), out int ax, out int ay, out int az);
        al.Apply(Word(b, p.GyroOffset), Word(b, p.GyroOffset + 2), Word(b, p.GyroOffset + 4), out int gx, out int gy, out int gz);
        return new ImuSample
        {
            TimestampUs = stamp,
            AccelX = Scale(ax, p.AccelScale),
            AccelY = Scale(ay, p.AccelScale),
            AccelZ = Scale(az, p.AccelScale),
            GyroX = Scale(gx, p.GyroScale) - bias[0],
            GyroY = Scale(gy, p.GyroScale) - bias[1],
            GyroZ = Scale(gz, p.GyroScale) - bias[2],
        };
    }

    [Fact]
    public void One_pass_read_matches_the_plain_conversion_and_health_for_every_alignment()
    {
        List<AxisAlignment> rotations = EveryRotation();
        Assert.Equal(32, rotations.Count);
        var burst = new byte[ImuDeviceProfile.BurstLength];
        var previous = new byte[ImuDeviceProfile.BurstLength];
        var bias = new int[3];
        int saturated = 0, frozen = 0, invalid = 0, extremes = 0, verdicts = 0, busErrors = 0;
        for (int s = 0; s < rotations.Count * Profiles.Length * 6; s++)
        {
            var rng = new Random(52_000 + s);
            AxisAlignment al = rotations[s % rotations.Count];
            ImuDeviceProfile p = Profiles[(s / rotations.Count) % Profiles.Length];
            var conv = new ImuSampleConverter(p, al);
            var health = new ImuHealthMonitor(p, 3000, 5000, 4000);
            var plainHealth = new PlainImuHealthMonitor(p, 3000, 5000, 4000);
            Array.Clear(bias);
            long now = rng.Next(0, 1_000_000);
            var fastSample = default(ImuSample);
            for (int k = 0; k < 200; k++)
            {
                now += rng.Next(0, 2500);
                if (rng.Next(40) == 0)
                {
                    for (int a = 0; a < 3; a++)
                    {
                        bias[a] = rng.Next(3) == 0 ? rng.Next(int.MinValue, int.MaxValue) : rng.Next(-40_000, 40_000);
                    }

                    conv.SetGyroBias(bias[0], bias[1], bias[2]);
                }

                if (rng.Next(12) == 0)
                {
                    // Failed reads between bursts (the board cycle reports them to the monitor itself): the next good
                    // burst on the one-pass path must end their run as the plain report does.
                    for (int e = rng.Next(1, 4); e > 0; e--)
                    {
                        health.ReportBusError(now);
                        plainHealth.ReportBusError(now);
                        now += rng.Next(0, 2500);
                    }

                    busErrors++;
                }

                FillBurst(rng, burst, previous);
                Array.Copy(burst, previous, burst.Length);
                long stamp = now - rng.Next(0, 300);
                Assert.True(conv.Convert(burst, stamp, ref fastSample, health, now));
                plainHealth.ReportRead(burst, 0, now);
                // The verdict the board cycle takes from the read is the plain monitor's, judged at the read's time.
                Assert.Equal(plainHealth.Faults(now) == ImuFaults.None, conv.ReadHealthy);
                verdicts += conv.ReadHealthy ? 0 : 1;
                ImuSample plain = PlainConvert(p, al, burst, stamp, bias);
                Assert.Equal(plain, fastSample);
                Assert.Equal(Word(burst, p.TemperatureOffset), conv.RawTemperature);

                // The general (offset) conversion agrees too.
                var general = default(ImuSample);
                Assert.True(conv.Convert(burst, 0, stamp, ref general));
                Assert.Equal(plain, general);

                Assert.Equal(
                    (plainHealth.HasData, plainHealth.InvalidData, plainHealth.UnchangedSinceUs, plainHealth.SaturatedSinceUs),
                    (health.HasData, health.InvalidData, health.UnchangedSinceUs, health.SaturatedSinceUs));
                foreach (long later in new[] { now, now + 3000, now + 4000, now + 5000, now + rng.Next(0, 10_000) })
                {
                    ImuFaults f = plainHealth.Faults(later);
                    Assert.Equal(f, health.Faults(later));
                    Assert.Equal(f == ImuFaults.None, health.IsHealthy(later));
                    saturated += (f & ImuFaults.Saturated) != 0 ? 1 : 0;
                    frozen += (f & ImuFaults.Frozen) != 0 ? 1 : 0;
                    invalid += (f & ImuFaults.InvalidData) != 0 ? 1 : 0;
                }

                extremes += Word(burst, p.AccelOffset) is -32768 or 32767 ? 1 : 0;
            }
        }

        Assert.True(saturated > 1000, $"{saturated} saturated verdicts");
        Assert.True(frozen > 1000, $"{frozen} frozen verdicts");
        Assert.True(invalid > 500, $"{invalid} invalid-data verdicts");
        Assert.True(extremes > 500, $"{extremes} bursts with accel x at full scale");
        Assert.True(verdicts > 500, $"{verdicts} unhealthy verdicts at the read");
        Assert.True(busErrors > 1000, $"{busErrors} runs of failed reads");
    }

    [Fact]
    public void A_short_buffer_converts_and_reports_nothing()
    {
        ImuDeviceProfile p = Profiles[0];
        var conv = new ImuSampleConverter(p, AxisAlignment.For(BoardRotation.Cw90));
        var health = new ImuHealthMonitor(p, 3000, 5000, 4000);
        var sample = new ImuSample { AccelX = 7 };
        Assert.False(conv.Convert(new byte[ImuDeviceProfile.BurstLength - 1], 5, ref sample, health, 10));
        Assert.Equal(7, sample.AccelX);
        Assert.False(health.HasData);
        Assert.Equal(0, health.UnchangedSinceUs);
    }

    // Noise; a repeat of the previous burst (sometimes with one bit flipped); full-scale words at random positions;
    // every word at 0x8000 (the invalid marker) or all but one.
    private static void FillBurst(Random rng, byte[] b, byte[] previous)
    {
        int kind = rng.Next(10);
        if (kind <= 2)
        {
            Array.Copy(previous, b, b.Length);
            if (kind == 2)
            {
                b[rng.Next(b.Length)] ^= (byte)(1 << rng.Next(8));
            }

            return;
        }

        rng.NextBytes(b);
        if (kind <= 6)
        {
            for (int w = rng.Next(0, 4); w > 0; w--)
            {
                int at = 2 * rng.Next(7);
                bool positive = rng.Next(2) == 0;
                b[at] = (byte)(positive ? 0x7F : 0x80);
                b[at + 1] = (byte)(positive ? 0xFF : 0x00);
            }
        }
        else if (kind == 7)
        {
            int keep = rng.Next(3) == 0 ? 2 * rng.Next(7) : -1;
            for (int i = 0; i < b.Length; i += 2)
            {
                if (i != keep)
                {
                    b[i] = 0x80;
                    b[i + 1] = 0x00;
                }
            }
        }
    }
}
