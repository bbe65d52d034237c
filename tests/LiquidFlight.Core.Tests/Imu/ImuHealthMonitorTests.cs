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

    [Fact]
    public void No_read_yet_is_unhealthy()
    {
        var m = new ImuHealthMonitor(Mpu, 5, 50, 50);
        Assert.Equal(ImuFaults.NoData, m.Faults());
        m.ReportRead(Burst(1), 0);
        Assert.True(m.IsHealthy());
    }

    [Fact]
    public void Identical_bytes_read_after_read_mean_frozen()
    {
        var m = new ImuHealthMonitor(Mpu, 5, 50, 50);
        byte[] b = Burst(3);
        m.ReportRead(b, 0);
        for (int i = 0; i < 49; i++)
        {
            m.ReportRead(b, 0);
        }

        Assert.True(m.IsHealthy()); // 49 repeats of the first read
        m.ReportRead(b, 0);
        Assert.Equal(ImuFaults.Frozen, m.Faults()); // the 50th repeat
        m.ReportRead(Burst(4), 0);
        Assert.True(m.IsHealthy());
    }

    [Fact]
    public void Changing_noise_never_looks_frozen()
    {
        var m = new ImuHealthMonitor(Mpu, 5, 2, 50);
        for (int i = 0; i < 200; i++)
        {
            m.ReportRead(Burst(i & 0xFF), 0);
            Assert.True(m.IsHealthy());
        }
    }

    [Fact]
    public void Consecutive_bus_errors_reach_the_limit_and_a_good_read_clears_them()
    {
        var m = new ImuHealthMonitor(Mpu, 5, 50, 50);
        m.ReportRead(Burst(1), 0);
        for (int i = 0; i < 4; i++)
        {
            m.ReportBusError();
        }

        Assert.True(m.IsHealthy());
        m.ReportBusError();
        Assert.Equal(ImuFaults.BusErrors, m.Faults());
        m.ReportRead(Burst(2), 0);
        Assert.True(m.IsHealthy());
        Assert.Equal(5, m.TotalBusErrors);
    }

    [Fact]
    public void Axis_at_full_scale_for_the_limit_is_saturated()
    {
        var m = new ImuHealthMonitor(Mpu, 5, 50, 3);
        for (int i = 0; i < 3; i++)
        {
            // gyro Z at +32767, other bytes vary so it is not frozen
            var b = new byte[] { 0, (byte)i, 0, 0, 0x10, 0, 0, 0, 0, 0, 0, 0, 0x7F, 0xFF };
            m.ReportRead(b, 0);
            Assert.Equal(i < 2, m.IsHealthy());
        }

        Assert.Equal(ImuFaults.Saturated, m.Faults());
        m.ReportRead(Burst(9), 0);
        Assert.True(m.IsHealthy());
    }

    [Fact]
    public void Icm42688_invalid_marker_on_all_axes_is_reported_at_once()
    {
        var m = new ImuHealthMonitor(Icm, 5, 50, 50);
        // temperature, then six axes at 0x8000
        var b = new byte[] { 0x05, 0x2D, 0x80, 0, 0x80, 0, 0x80, 0, 0x80, 0, 0x80, 0, 0x80, 0 };
        m.ReportRead(b, 0);
        Assert.Equal(ImuFaults.InvalidData, m.Faults());
    }

    [Fact]
    public void Mpu6050_has_no_invalid_marker_so_all_minus_full_scale_is_saturation()
    {
        var m = new ImuHealthMonitor(Mpu, 5, 50, 1);
        var b = new byte[] { 0x80, 0, 0x80, 0, 0x80, 0, 0, 0, 0x80, 0, 0x80, 0, 0x80, 0 };
        m.ReportRead(b, 0);
        Assert.Equal(ImuFaults.Saturated, m.Faults());
    }
}
