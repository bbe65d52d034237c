using LiquidFlight.Core.Sensors.Imu;

namespace LiquidFlight.Core.Tests.Imu;

public class ImuDeviceProfileTests
{
    private static (int Reg, int Val, int Delay)[] Writes(RegisterWriteSequence s)
    {
        var list = new List<(int, int, int)>();
        for (int i = 0; i < s.Count; i++)
        {
            list.Add((s.Registers[i], s.Values[i], s.DelayAfterMs[i]));
        }

        return list.ToArray();
    }

    [Fact]
    public void Mpu6050_identity_and_burst_layout()
    {
        var p = ImuDeviceProfile.Mpu6050(GyroRange.Dps2000, AccelRange.G8, Mpu6050LowPass.Hz42, 1);
        Assert.Equal(0x75, p.WhoAmIRegister);
        Assert.Equal(0x68, p.ExpectedWhoAmI);
        Assert.Equal(0x3B, p.BurstStartRegister);
        Assert.Equal((0, 6, 8), (p.AccelOffset, p.TemperatureOffset, p.GyroOffset));
        Assert.False(p.HasInvalidDataMarker);
    }

    [Fact]
    public void Mpu6050_setup_sequence_is_reset_wake_rate_filter_ranges()
    {
        var p = ImuDeviceProfile.Mpu6050(GyroRange.Dps2000, AccelRange.G8, Mpu6050LowPass.Hz42, 1);
        // PWR_MGMT_1 (0x6B) DEVICE_RESET; SIGNAL_PATH_RESET (0x68) all three; PWR_MGMT_1 CLKSEL=1;
        // SMPLRT_DIV (0x19) = 1 -> 500 Hz; CONFIG (0x1A) DLPF_CFG=3 (42 Hz); GYRO_CONFIG (0x1B) FS_SEL=3 -> 0x18;
        // ACCEL_CONFIG (0x1C) AFS_SEL=2 -> 0x10.
        var expected = new[]
        {
            (0x6B, 0x80, 100), (0x68, 0x07, 100), (0x6B, 0x01, 10), (0x19, 0x01, 0),
            (0x1A, 0x03, 0), (0x1B, 0x18, 0), (0x1C, 0x10, 0),
        };
        Assert.Equal(expected, Writes(p.Setup));
        Assert.Equal(210, p.Setup.TotalDelayMs());
    }

    [Theory]
    [InlineData(GyroRange.Dps250, AccelRange.G2, 0x00, 0x00)]
    [InlineData(GyroRange.Dps500, AccelRange.G4, 0x08, 0x08)]
    [InlineData(GyroRange.Dps1000, AccelRange.G16, 0x10, 0x18)]
    public void Mpu6050_range_bits(GyroRange g, AccelRange a, int gyroConfig, int accelConfig)
    {
        var w = Writes(ImuDeviceProfile.Mpu6050(g, a, Mpu6050LowPass.Hz98, 0).Setup);
        Assert.Contains((0x1B, gyroConfig, 0), w);
        Assert.Contains((0x1C, accelConfig, 0), w);
        Assert.Contains((0x1A, 0x02, 0), w);
    }

    [Fact]
    public void Icm42688_identity_and_burst_layout()
    {
        var p = ImuDeviceProfile.Icm42688P(GyroRange.Dps2000, AccelRange.G16, Icm42688OutputDataRate.Hz1000,
            Icm42688UiFilter.OdrOver4, Icm42688UiFilter.OdrOver4);
        Assert.Equal(0x75, p.WhoAmIRegister);
        Assert.Equal(0x47, p.ExpectedWhoAmI);
        Assert.Equal(0x1D, p.BurstStartRegister);
        Assert.Equal((2, 0, 8), (p.AccelOffset, p.TemperatureOffset, p.GyroOffset));
        Assert.True(p.HasInvalidDataMarker);
    }

    [Fact]
    public void Icm42688_setup_sequence_is_reset_endianness_ranges_filters_power()
    {
        var p = ImuDeviceProfile.Icm42688P(GyroRange.Dps1000, AccelRange.G8, Icm42688OutputDataRate.Hz1000,
            Icm42688UiFilter.OdrOver10, Icm42688UiFilter.OdrOver2);
        // REG_BANK_SEL (0x76) = 0; DEVICE_CONFIG (0x11) SOFT_RESET; INTF_CONFIG0 (0x4C) big-endian = 0x30;
        // GYRO_CONFIG0 (0x4F) FS_SEL=1 (1000 dps) ODR=6 (1 kHz) -> 0x26; ACCEL_CONFIG0 (0x50) FS_SEL=1 (8 g) -> 0x26;
        // GYRO_ACCEL_CONFIG0 (0x52) accel BW 0 << 4 | gyro BW 4 -> 0x04; PWR_MGMT0 (0x4E) gyro LN | accel LN = 0x0F.
        var expected = new[]
        {
            (0x76, 0x00, 0), (0x11, 0x01, 2), (0x4C, 0x30, 0), (0x4F, 0x26, 0), (0x50, 0x26, 0),
            (0x52, 0x04, 0), (0x4E, 0x0F, 50),
        };
        Assert.Equal(expected, Writes(p.Setup));
    }

    [Theory]
    [InlineData(GyroRange.Dps2000, AccelRange.G16, Icm42688OutputDataRate.Hz8000, 0x03, 0x03)]
    [InlineData(GyroRange.Dps250, AccelRange.G2, Icm42688OutputDataRate.Hz500, 0x6F, 0x6F)]
    [InlineData(GyroRange.Dps500, AccelRange.G4, Icm42688OutputDataRate.Hz2000, 0x45, 0x45)]
    public void Icm42688_range_and_rate_codes(GyroRange g, AccelRange a, Icm42688OutputDataRate odr, int gyroConfig0, int accelConfig0)
    {
        var w = Writes(ImuDeviceProfile.Icm42688P(g, a, odr, Icm42688UiFilter.OdrOver4, Icm42688UiFilter.OdrOver4).Setup);
        Assert.Contains((0x4F, gyroConfig0, 0), w);
        Assert.Contains((0x50, accelConfig0, 0), w);
    }

    [Fact]
    public void Sample_rate_divider_out_of_range_is_refused()
    {
        Assert.Throws<ArgumentException>(() => ImuDeviceProfile.Mpu6050(GyroRange.Dps2000, AccelRange.G8, Mpu6050LowPass.Hz42, 256));
    }
}
