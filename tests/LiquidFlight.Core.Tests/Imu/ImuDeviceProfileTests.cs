using LiquidFlight.Core.Sensors.Imu;

namespace LiquidFlight.Core.Tests.Imu;

public class ImuDeviceProfileTests
{
    private static (int Reg, int Val, int Delay)[] Writes(RegisterWriteSequence s)
    {
        var list = new List<(int, int, int)>();
        for (int i = 0; i < s.Count; i++)
        {
            if (s.Kinds[i] != RegisterWriteSequence.Write)
            {
                continue; // read-modify-writes and waits are checked through a recorded register file
            }

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
        Assert.Equal(expected.Length, p.Setup.Count);
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
    public void Icm42688_setup_on_i2c_writes_these_register_bytes()
    {
        var p = ImuDeviceProfile.Icm42688P(GyroRange.Dps1000, AccelRange.G8, Icm42688OutputDataRate.Hz1000,
            Icm42688UiFilter.OdrOver10, Icm42688UiFilter.OdrOver2);
        // The sensor as it is after power-up (DS-000347 reset values): INTF_CONFIG0 0x30, INTF_CONFIG1 0x91; the
        // soft reset raises INT_STATUS.RESET_DONE (bit 4).
        var bus = new RecordingRegisterBus();
        bus.Registers[0x4C] = 0x30;
        bus.Registers[0x4D] = 0x91;
        bus.OnWrite = (reg, val) => { if (reg == 0x11 && (val & 1) != 0) bus.Registers[0x2D] = 0x10; };

        Assert.True(p.Setup.RunOn(bus));

        // REG_BANK_SEL (0x76) = 0; DEVICE_CONFIG (0x11) SOFT_RESET then 2 ms; INT_STATUS (0x2D) read until RESET_DONE;
        // INTF_CONFIG0 (0x4C) read, written 0x32 (big-endian, UI_SIFS_CFG = 10 "SPI disabled");
        // INTF_CONFIG1 (0x4D) read, written 0x51 (AFSR 10 -> 01, the rest kept);
        // GYRO_CONFIG0 (0x4F) FS_SEL=1 (1000 dps) ODR=6 (1 kHz) -> 0x26; ACCEL_CONFIG0 (0x50) FS_SEL=1 (8 g) -> 0x26;
        // GYRO_ACCEL_CONFIG0 (0x52) accel BW 0 << 4 | gyro BW 4 -> 0x04; PWR_MGMT0 (0x4E) gyro LN | accel LN = 0x0F,
        // then the 60 ms gyro start-up.
        Assert.Equal(
            [
                "W 76 00", "W 11 01", "S 2", "R 2D 10", "R 4C 30", "W 4C 32", "R 4D 91", "W 4D 51",
                "W 4F 26", "W 50 26", "W 52 04", "W 4E 0F", "S 60",
            ],
            bus.Log);
    }

    [Fact]
    public void Icm42688_setup_on_spi_disables_the_i2c_interface()
    {
        var p = ImuDeviceProfile.Icm42688P(GyroRange.Dps2000, AccelRange.G16, Icm42688OutputDataRate.Hz1000,
            Icm42688UiFilter.OdrOver4, Icm42688UiFilter.OdrOver4, ImuBusKind.Spi);
        var bus = new RecordingRegisterBus();
        bus.Registers[0x4C] = 0x30;
        bus.Registers[0x4D] = 0x91;
        bus.Registers[0x2D] = 0x10;

        Assert.True(p.Setup.RunOn(bus));

        // UI_SIFS_CFG = 11 "I2C disabled" on SPI; 24 MHz is the datasheet's SPI limit.
        Assert.Contains("W 4C 33", bus.Log);
        Assert.Equal(0x33, bus.Registers[0x4C]);
        Assert.Equal(24000000, p.MaxSpiClockHz);
        Assert.Equal(ImuBusKind.Spi, p.Bus);
    }

    [Fact]
    public void Icm42688_read_modify_writes_keep_the_bits_outside_their_masks()
    {
        var p = ImuDeviceProfile.Icm42688P(GyroRange.Dps2000, AccelRange.G16, Icm42688OutputDataRate.Hz1000,
            Icm42688UiFilter.OdrOver4, Icm42688UiFilter.OdrOver4);
        var bus = new RecordingRegisterBus();
        bus.Registers[0x2D] = 0x10;
        // FIFO_HOLD_LAST_DATA and FIFO_COUNT_REC set in INTF_CONFIG0; AFSR 11, RTC_MODE, CLKSEL 10 in INTF_CONFIG1.
        bus.Registers[0x4C] = 0xC1;
        bus.Registers[0x4D] = 0xC6;

        Assert.True(p.Setup.RunOn(bus));

        Assert.Equal(0xF2, bus.Registers[0x4C]); // bits 7:6 kept, endianness and SIFS set
        Assert.Equal(0x46, bus.Registers[0x4D]); // AFSR 01, bits 5:0 kept
    }

    [Fact]
    public void Icm42688_without_reset_done_fails_at_the_wait_after_polling_its_timeout()
    {
        var p = ImuDeviceProfile.Icm42688P(GyroRange.Dps2000, AccelRange.G16, Icm42688OutputDataRate.Hz1000,
            Icm42688UiFilter.OdrOver4, Icm42688UiFilter.OdrOver4);
        var bus = new RecordingRegisterBus();

        Assert.False(p.Setup.RunOn(bus));

        Assert.Equal(2, p.Setup.FailedStep);
        // One read at 0 ms and one after each of the 10 one-millisecond sleeps, nothing written after it.
        Assert.Equal(11, bus.Log.Count(e => e == "R 2D 00"));
        Assert.Equal("R 2D 00", bus.Log[^1]);
        Assert.DoesNotContain("W 4E 0F", bus.Log);
    }

    [Fact]
    public void Icm42688_selects_bank_0_before_identifying()
    {
        var p = ImuDeviceProfile.Icm42688P(GyroRange.Dps2000, AccelRange.G16, Icm42688OutputDataRate.Hz1000,
            Icm42688UiFilter.OdrOver4, Icm42688UiFilter.OdrOver4);
        var bus = new RecordingRegisterBus();

        Assert.True(p.BeforeIdentify.RunOn(bus));

        Assert.Equal(["W 76 00"], bus.Log);
    }

    [Fact]
    public void Mpu6000_on_spi_disables_the_i2c_interface_after_the_resets()
    {
        var p = ImuDeviceProfile.Mpu6050(GyroRange.Dps2000, AccelRange.G8, Mpu6050LowPass.Hz42, 1, ImuBusKind.Spi);
        var bus = new RecordingRegisterBus();

        Assert.True(p.Setup.RunOn(bus));

        // USER_CTRL (0x6A) I2C_IF_DIS (bit 4) right after PWR_MGMT_1 reset and SIGNAL_PATH_RESET.
        Assert.Equal(["W 6B 80", "S 100", "W 68 07", "S 100", "W 6A 10"], bus.Log.Take(5));
        Assert.Equal(1000000, p.MaxSpiClockHz);
        Assert.Equal(0, p.BeforeIdentify.Count);
    }

    [Fact]
    public void A_failed_bus_write_stops_the_sequence_at_that_step()
    {
        var p = ImuDeviceProfile.Mpu6050(GyroRange.Dps2000, AccelRange.G8, Mpu6050LowPass.Hz42, 1);
        var bus = new RecordingRegisterBus { FailWritesTo = 0x19 };

        Assert.False(p.Setup.RunOn(bus));

        Assert.Equal(3, p.Setup.FailedStep);
        Assert.DoesNotContain(bus.Log, e => e.StartsWith("W 1A"));
    }

    /// <summary>A register file that records every access as "W rr vv", "R rr vv" or "S ms" (hex bytes).</summary>
    private sealed class RecordingRegisterBus : IRegisterBus
    {
        public readonly byte[] Registers = new byte[256];
        public readonly List<string> Log = [];
        public Action<byte, byte>? OnWrite;
        public int FailWritesTo = -1;

        public bool TryWriteRegister(byte register, byte value)
        {
            if (register == FailWritesTo)
            {
                return false;
            }

            Log.Add($"W {register:X2} {value:X2}");
            Registers[register] = value;
            OnWrite?.Invoke(register, value);
            return true;
        }

        public bool TryReadRegister(byte register, out byte value)
        {
            value = Registers[register];
            Log.Add($"R {register:X2} {value:X2}");
            return true;
        }

        public void SleepMs(int milliseconds) => Log.Add($"S {milliseconds}");
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
