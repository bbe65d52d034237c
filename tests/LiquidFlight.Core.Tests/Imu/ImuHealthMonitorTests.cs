using LiquidFlight.Core.Sensors.Imu;

namespace LiquidFlight.Core.Tests.Imu;

public class ImuHealthMonitorTests
{
    private static readonly ImuDeviceProfile Mpu = ImuDeviceProfile.Mpu6050(GyroRange.Dps2000, AccelRange.G8, Mpu6050LowPass.Hz42, 1);
    private static readonly ImuDeviceProfile Icm = ImuDeviceProfile.Icm42688P(GyroRange.Dps2000, AccelRange.G16,
        Icm42688OutputDataRate.Hz1000, Icm42688UiFilter.OdrOver4, Icm42688UiFilter.OdrOver4);

    private static byte[] Burst(int seed)
    {
        // MPU layout, accel Z = 1 g, a varying low byte on gyro X like sensor noise
        return new byte[] { 0, 0, 0, 0, 0x10, 0, 0, 0, 0, (byte)seed, 0, 0, 0, 0 };
    }

    // Limits in µs: bus errors 20 ms, frozen 100 ms, saturated 50 ms.
    private static ImuHealthMonitor New(ImuDeviceProfile profile) => new(profile, 20_000, 100_000, 50_000);

    [Fact]
    public void No_read_yet_is_unhealthy()
    {
        var m = New(Mpu);
        Assert.Equal(ImuFaults.NoData, m.Faults(0));
        m.ReportRead(Burst(1), 0, 0);
        Assert.True(m.IsHealthy(0));
    }

    [Theory]
    [InlineData(125)]     // 8 kHz reads
    [InlineData(2000)]    // 500 Hz
    [InlineData(20000)]   // 50 Hz
    public void Identical_bytes_for_the_frozen_time_mean_frozen_at_any_read_rate(int periodUs)
    {
        var m = New(Mpu);
        byte[] b = Burst(3);
        long t = 1_000_000;
        m.ReportRead(b, 0, t);
        long last = t;
        for (long now = t + periodUs; now < t + 100_000; now += periodUs)
        {
            m.ReportRead(b, 0, now);
            Assert.True(m.IsHealthy(now), $"frozen after {now - t} us");
            last = now;
        }

        // The limit is reached 100 ms after the bytes last changed, whatever the read rate.
        Assert.True(m.IsHealthy(t + 99_999));
        Assert.Equal(ImuFaults.Frozen, m.Faults(t + 100_000));
        m.ReportRead(Burst(4), 0, t + 100_000);
        Assert.True(m.IsHealthy(t + 100_000));
        Assert.True(last > t);
    }

    [Fact]
    public void Changing_noise_never_looks_frozen()
    {
        var m = New(Mpu);
        for (int i = 0; i < 2000; i++)
        {
            m.ReportRead(Burst(i & 0xFF), 0, i * 125L);
            Assert.True(m.IsHealthy(i * 125L));
        }
    }

    [Fact]
    public void Bus_errors_for_the_limit_time_fail_and_a_good_read_clears_them()
    {
        var m = New(Mpu);
        m.ReportRead(Burst(1), 0, 0);
        for (int i = 1; i <= 10; i++)
        {
            m.ReportBusError(i * 2000L);
        }

        // Failing since 2 ms: 20 ms later the bus counts as failed, not before.
        Assert.True(m.IsHealthy(21_999));
        Assert.Equal(ImuFaults.BusErrors, m.Faults(22_000));
        m.ReportRead(Burst(2), 0, 24_000);
        Assert.True(m.IsHealthy(24_000));
        Assert.Equal(10, m.TotalBusErrors);
    }

    [Fact]
    public void Axis_at_full_scale_for_the_limit_time_is_saturated()
    {
        var m = New(Mpu);
        for (int i = 0; i <= 30; i++)
        {
            // gyro Z at +32767 (i even) or -32768 (i odd): alternating extremes; other bytes vary so it is not frozen
            byte hi = (byte)((i & 1) == 0 ? 0x7F : 0x80);
            byte lo = (byte)((i & 1) == 0 ? 0xFF : 0x00);
            var b = new byte[] { 0, (byte)i, 0, 0, 0x10, 0, 0, 0, 0, 0, 0, 0, hi, lo };
            m.ReportRead(b, 0, i * 2000L);
            Assert.Equal(i * 2000L < 50_000, m.IsHealthy(i * 2000L));
        }

        Assert.Equal(ImuFaults.Saturated, m.Faults(60_000));
        m.ReportRead(Burst(9), 0, 62_000);
        Assert.True(m.IsHealthy(62_000));
    }

    [Fact]
    public void Icm42688_invalid_marker_on_all_axes_is_reported_at_once()
    {
        var m = New(Icm);
        // temperature, then six axes at 0x8000
        var b = new byte[] { 0x05, 0x2D, 0x80, 0, 0x80, 0, 0x80, 0, 0x80, 0, 0x80, 0, 0x80, 0 };
        m.ReportRead(b, 0, 0);
        Assert.Equal(ImuFaults.InvalidData, m.Faults(0));
    }

    [Fact]
    public void Mpu6050_has_no_invalid_marker_so_all_minus_full_scale_is_saturation()
    {
        var m = New(Mpu);
        var b = new byte[] { 0x80, 0, 0x80, 0, 0x80, 0, 0, 0, 0x80, 0, 0x80, 0, 0x80, 0 };
        m.ReportRead(b, 0, 0);
        Assert.Equal(ImuFaults.None, m.Faults(0));
        b[7] = 1; // temperature noise: not frozen
        m.ReportRead(b, 0, 50_000);
        Assert.Equal(ImuFaults.Saturated, m.Faults(50_000));
    }
}
