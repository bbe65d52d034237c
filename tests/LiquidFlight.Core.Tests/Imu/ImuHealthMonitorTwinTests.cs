using LiquidFlight.Core.Sensors.Imu;

namespace LiquidFlight.Core.Tests.Imu;

/// <summary>
/// ImuHealthMonitor (read path hand-inlined: words read once, packed comparison, full-scale screen) against its plain
/// twin PlainImuHealthMonitor, over seeded random sequences of noisy, repeated, saturated and invalid bursts and bus
/// errors on both devices: the same state and the same verdict at any later time.
/// </summary>
public class ImuHealthMonitorTwinTests
{
    private static readonly ImuDeviceProfile[] Profiles =
    [
        ImuDeviceProfile.Mpu6050(GyroRange.Dps2000, AccelRange.G8, Mpu6050LowPass.Hz42, 1),
        ImuDeviceProfile.Icm42688P(GyroRange.Dps2000, AccelRange.G16, Icm42688OutputDataRate.Hz1000, Icm42688UiFilter.OdrOver4, Icm42688UiFilter.OdrOver4),
    ];

    [Fact]
    public void Fast_monitor_matches_its_plain_twin_on_seeded_random_reads()
    {
        var buffer = new byte[40];
        var previous = new byte[ImuDeviceProfile.BurstLength];
        int saturatedVerdicts = 0;
        int frozenVerdicts = 0;
        int invalidVerdicts = 0;
        for (int s = 0; s < 3000; s++)
        {
            var rng = new Random(77_000 + s);
            ImuDeviceProfile profile = Profiles[s & 1];
            long busUs = rng.Next(1, 30_000);
            long frozenUs = rng.Next(1, 30_000);
            long saturatedUs = rng.Next(1, 30_000);
            var fast = new ImuHealthMonitor(profile, busUs, frozenUs, saturatedUs);
            var plain = new PlainImuHealthMonitor(profile, busUs, frozenUs, saturatedUs);
            long now = rng.Next(0, 1_000_000);
            for (int k = 0; k < 300; k++)
            {
                now += rng.Next(5) == 0 ? rng.Next(0, 20_000) : rng.Next(0, 2500);
                int kind = rng.Next(12);
                if (kind == 0)
                {
                    fast.ReportBusError(now);
                    plain.ReportBusError(now);
                }
                else
                {
                    int offset = rng.Next(0, buffer.Length - ImuDeviceProfile.BurstLength + 1);
                    FillBurst(rng, kind, buffer, offset, previous);
                    bool verdict = fast.ReportRead(buffer, offset, now);
                    plain.ReportRead(buffer, offset, now);
                    // The verdict a report returns is the plain monitor's IsHealthy right after it.
                    Assert.Equal(plain.IsHealthy(now), verdict);
                    Array.Copy(buffer, offset, previous, 0, previous.Length);
                }

                Assert.Equal(
                    (plain.TotalBusErrors, plain.HasData, plain.InvalidData, plain.BusErrorSinceUs, plain.UnchangedSinceUs, plain.SaturatedSinceUs),
                    (fast.TotalBusErrors, fast.HasData, fast.InvalidData, fast.BusErrorSinceUs, fast.UnchangedSinceUs, fast.SaturatedSinceUs));
                foreach (long later in new[] { now, now + 1, now + rng.Next(0, 40_000), now + busUs, now + frozenUs, now + saturatedUs })
                {
                    ImuFaults f = plain.Faults(later);
                    Assert.Equal(f, fast.Faults(later));
                    Assert.Equal(plain.IsHealthy(later), fast.IsHealthy(later));
                    Assert.Equal(f == ImuFaults.None, fast.IsHealthy(later));
                    saturatedVerdicts += (f & ImuFaults.Saturated) != 0 ? 1 : 0;
                    frozenVerdicts += (f & ImuFaults.Frozen) != 0 ? 1 : 0;
                    invalidVerdicts += (f & ImuFaults.InvalidData) != 0 ? 1 : 0;
                }
            }
        }

        // Every verdict was reached many times, so each path was compared.
        Assert.True(saturatedVerdicts > 1000, $"{saturatedVerdicts} saturated verdicts");
        Assert.True(frozenVerdicts > 1000, $"{frozenVerdicts} frozen verdicts");
        Assert.True(invalidVerdicts > 1000, $"{invalidVerdicts} invalid-data verdicts");
    }

    // Noise, a repeat of the previous burst, or full-scale words (0x7FFF / 0x8000) at random word positions, all
    // six axes at 0x8000, or a repeat with one byte changed.
    private static void FillBurst(Random rng, int kind, byte[] buffer, int offset, byte[] previous)
    {
        int n = ImuDeviceProfile.BurstLength;
        if (kind <= 3)
        {
            Array.Copy(previous, 0, buffer, offset, n);
            if (kind == 3)
            {
                buffer[offset + rng.Next(n)] ^= (byte)(1 << rng.Next(8));
            }

            return;
        }

        for (int i = 0; i < n; i++)
        {
            buffer[offset + i] = (byte)rng.Next(256);
        }

        if (kind >= 6 && kind <= 9)
        {
            int words = rng.Next(1, 4);
            for (int w = 0; w < words; w++)
            {
                int at = offset + (2 * rng.Next(7));
                bool positive = rng.Next(2) == 0;
                buffer[at] = (byte)(positive ? 0x7F : 0x80);
                buffer[at + 1] = (byte)(positive ? 0xFF : 0x00);
            }
        }
        else if (kind == 10)
        {
            // Every word at 0x8000 but (sometimes) one: the invalid marker, or one axis short of it.
            int keep = rng.Next(3) == 0 ? 2 * rng.Next(7) : -1;
            for (int i = 0; i < n; i += 2)
            {
                if (i != keep)
                {
                    buffer[offset + i] = 0x80;
                    buffer[offset + i + 1] = 0x00;
                }
            }
        }
    }
}
