using System;

namespace LiquidFlight.Core.Sensors.Imu
{
    /// <summary>
    /// Everything a driver needs to know about one IMU model in one configuration: identity check, the setup
    /// write sequence, where the burst read starts and how its bytes are laid out, and the LSB sensitivities.
    /// Built once at boot by <see cref="Mpu6050"/> or <see cref="Icm42688P"/>; the driver stays device-agnostic.
    /// Data registers of both devices are big-endian signed 16-bit (two's complement).
    /// </summary>
    public sealed class ImuDeviceProfile
    {
        /// <summary>7-bit I2C address with the AD0 pin low (both devices); AD0 high adds 1.</summary>
        public const int DefaultI2cAddress = 0x68;

        /// <summary>Bytes of one accel + temperature + gyro burst read on both devices.</summary>
        public const int BurstLength = 14;

        public readonly ImuDeviceKind Kind;
        public readonly byte WhoAmIRegister;
        public readonly byte ExpectedWhoAmI;
        public readonly byte BurstStartRegister;

        /// <summary>Byte offsets inside the burst of accel X high byte, temperature high byte, gyro X high byte.</summary>
        public readonly int AccelOffset;
        public readonly int TemperatureOffset;
        public readonly int GyroOffset;

        public readonly GyroRange GyroRange;
        public readonly AccelRange AccelRange;

        /// <summary>Q16.16 rad/s per LSB, scaled by 65536 (so Q16 = raw * GyroScale >> 16): 2^32 * pi / (180 * LSB-per-dps).</summary>
        public readonly int GyroScale;

        /// <summary>Q16.16 m/s^2 per LSB, scaled by 65536: 2^32 * 9.80665 / LSB-per-g.</summary>
        public readonly int AccelScale;

        /// <summary>Whether the device reports -32768 on every axis when it has no valid data (ICM-42688-P does, e.g. while a sensor is off).</summary>
        public readonly bool HasInvalidDataMarker;

        /// <summary>SPI: register address OR this flag reads (both devices: bit 7 set = read, clear = write).</summary>
        public const byte SpiReadFlag = 0x80;

        public readonly RegisterWriteSequence Setup;

        /// <summary>Steps run before WHO_AM_I is read (the ICM-42688-P selects register bank 0; empty for the MPU-6050).</summary>
        public readonly RegisterWriteSequence BeforeIdentify;

        /// <summary>The bus this profile's setup was made for (it disables the sensor's other serial interface).</summary>
        public readonly ImuBusKind Bus;

        /// <summary>
        /// Highest SPI clock for every register this driver touches, Hz: 24 MHz for the ICM-42688-P (DS-000347
        /// SPI timing, as Betaflight's ICM426XX_MAX_SPI_CLK_HZ), 1 MHz for the MPU-6000 (its 20 MHz holds only for
        /// sensor and interrupt registers; the setup writes need 1 MHz and one SpiDevice has one clock).
        /// </summary>
        public readonly int MaxSpiClockHz;

        private ImuDeviceProfile(ImuDeviceKind kind, byte whoAmIRegister, byte expectedWhoAmI, byte burstStart,
            int accelOffset, int temperatureOffset, int gyroOffset, GyroRange gyroRange, AccelRange accelRange,
            bool hasInvalidDataMarker, RegisterWriteSequence setup, RegisterWriteSequence beforeIdentify, ImuBusKind bus,
            int maxSpiClockHz)
        {
            BeforeIdentify = beforeIdentify;
            Bus = bus;
            MaxSpiClockHz = maxSpiClockHz;
            Kind = kind;
            WhoAmIRegister = whoAmIRegister;
            ExpectedWhoAmI = expectedWhoAmI;
            BurstStartRegister = burstStart;
            AccelOffset = accelOffset;
            TemperatureOffset = temperatureOffset;
            GyroOffset = gyroOffset;
            GyroRange = gyroRange;
            AccelRange = accelRange;
            GyroScale = GyroScaleFor(gyroRange);
            AccelScale = AccelScaleFor(accelRange);
            HasInvalidDataMarker = hasInvalidDataMarker;
            Setup = setup;
        }

        /// <summary>
        /// MPU-6050: reset, wake on the X-gyro PLL, sample-rate divider, DLPF, ranges.
        /// Burst from ACCEL_XOUT_H (0x3B): accel X,Y,Z, temperature, gyro X,Y,Z (RM-MPU-6000A-00 §4.17-4.19).
        /// </summary>
        /// <param name="sampleRateDivider">SMPLRT_DIV, 0..255: 1 kHz / (1 + d) with the DLPF on (0 = 1 kHz).</param>
        public static ImuDeviceProfile Mpu6050(GyroRange gyroRange, AccelRange accelRange, Mpu6050LowPass lowPass, int sampleRateDivider)
        {
            return Mpu6050(gyroRange, accelRange, lowPass, sampleRateDivider, ImuBusKind.I2c);
        }

        /// <summary>
        /// The same register map over <paramref name="bus"/>: on SPI the part is the MPU-6000 (the MPU-6050 has no
        /// SPI), and the setup also sets USER_CTRL.I2C_IF_DIS so the I2C interface cannot misread SPI traffic
        /// (RM-MPU-6000A §4.27; Betaflight's MPU-6000 driver does the same right after the reset).
        /// </summary>
        public static ImuDeviceProfile Mpu6050(GyroRange gyroRange, AccelRange accelRange, Mpu6050LowPass lowPass,
            int sampleRateDivider, ImuBusKind bus)
        {
            if (sampleRateDivider < 0 || sampleRateDivider > 255)
            {
                throw new ArgumentException("sampleRateDivider must be 0..255");
            }

            var s = new RegisterWriteSequence(9);
            // §4.28: DEVICE_RESET self-clears; the register map's reset note asks for 100 ms before further access,
            // then a signal path reset of gyro, accel and temperature (another 100 ms; over SPI both resets are
            // required).
            s.Add((byte)Mpu6050Register.PowerManagement1, 0x80, 100);
            s.Add((byte)Mpu6050Register.SignalPathReset, 0x07, 100);
            if (bus == ImuBusKind.Spi)
            {
                s.Add((byte)Mpu6050Register.UserControl, 0x10, 0);
            }

            // CLKSEL = 1 (PLL on the X gyro, recommended over the internal 8 MHz oscillator), SLEEP = 0.
            s.Add((byte)Mpu6050Register.PowerManagement1, 0x01, 10);
            s.Add((byte)Mpu6050Register.SampleRateDivider, (byte)sampleRateDivider, 0);
            s.Add((byte)Mpu6050Register.Config, (byte)lowPass, 0);
            s.Add((byte)Mpu6050Register.GyroConfig, (byte)(Mpu6050RangeCode(gyroRange) << 3), 0);
            s.Add((byte)Mpu6050Register.AccelConfig, (byte)(Mpu6050AccelCode(accelRange) << 3), 0);
            return new ImuDeviceProfile(ImuDeviceKind.Mpu6050, (byte)Mpu6050Register.WhoAmI, 0x68,
                (byte)Mpu6050Register.AccelXoutH, 0, 6, 8, gyroRange, accelRange, false, s, new RegisterWriteSequence(0),
                bus, 1000000);
        }

        /// <summary>ICM-42688-P on I2C (see the overload with the bus).</summary>
        public static ImuDeviceProfile Icm42688P(GyroRange gyroRange, AccelRange accelRange, Icm42688OutputDataRate rate,
            Icm42688UiFilter gyroFilter, Icm42688UiFilter accelFilter)
        {
            return Icm42688P(gyroRange, accelRange, rate, gyroFilter, accelFilter, ImuBusKind.I2c);
        }

        /// <summary>
        /// ICM-42688-P, set up as TDK's datasheet (DS-000347) and the established drivers do: bank 0, soft reset,
        /// wait for RESET_DONE, the interface select of the bus in use with big-endian data, anti-alias
        /// "AFSR" switching off, ranges and output data rates, UI filter bandwidths, then gyro and accel in
        /// low-noise mode with the gyro's start-up time. Burst from TEMP_DATA1 (0x1D): temperature, accel X,Y,Z,
        /// gyro X,Y,Z.
        /// </summary>
        public static ImuDeviceProfile Icm42688P(GyroRange gyroRange, AccelRange accelRange, Icm42688OutputDataRate rate,
            Icm42688UiFilter gyroFilter, Icm42688UiFilter accelFilter, ImuBusKind bus)
        {
            var s = new RegisterWriteSequence(10);
            s.Add((byte)Icm42688Register.RegisterBankSelect, 0x00, 0);
            // SOFT_RESET_CONFIG: the datasheet asks for 1 ms before the next access (Linux inv_icm42600 waits
            // INV_ICM42600_RESET_TIME_MS = 1); 2 ms leaves a margin.
            s.Add((byte)Icm42688Register.DeviceConfig, 0x01, 2);
            // INT_STATUS.RESET_DONE_INT (bit 4) reports that the reset finished; Linux refuses a device that does
            // not show it. Polled for up to 10 ms (the read also clears it).
            s.AddWaitForBits((byte)Icm42688Register.InterruptStatus, 0x10, 0x10, 10);
            // INTF_CONFIG0: FIFO_COUNT_ENDIAN[5] = SENSOR_DATA_ENDIAN[4] = 1 (big-endian, the reset value, set because
            // the conversion depends on it) and UI_SIFS_CFG[1:0] = 10 "SPI disabled" on I2C, 11 "I2C disabled" on
            // SPI (Linux inv_icm42600_i2c/_spi bus setup, ArduPilot UI_SIFS_CFG_SPI_DIS/I2C_DIS). Read-modify-write:
            // bits 7:6 keep their values.
            s.AddUpdate((byte)Icm42688Register.InterfaceConfig0, 0x33, (byte)(bus == ImuBusKind.Spi ? 0x33 : 0x32), 0);
            // INTF_CONFIG1: AFSR[7:6] = 01 turns the adaptive full-scale range switching off; with it on the gyro
            // output stalls briefly (Betaflight ICM426XX_INTF_CONFIG1_AFSR_DISABLE, ArduPilot and PX4 do the same).
            // Read-modify-write: the other bits (RTC_MODE, CLKSEL = PLL) keep their reset values (0x91 -> 0x51).
            s.AddUpdate((byte)Icm42688Register.InterfaceConfig1, 0xC0, 0x40, 0);
            s.Add((byte)Icm42688Register.GyroConfig0, (byte)((Icm42688GyroCode(gyroRange) << 5) | (int)rate), 0);
            s.Add((byte)Icm42688Register.AccelConfig0, (byte)((Icm42688AccelCode(accelRange) << 5) | (int)rate), 0);
            s.Add((byte)Icm42688Register.GyroAccelConfig0, (byte)(((int)accelFilter << 4) | (int)gyroFilter), 0);
            // GYRO_MODE = 11 and ACCEL_MODE = 11 (low noise). No register write for 200 µs after leaving OFF, and the
            // gyro needs its start-up time before the data is valid: 60 ms (Linux INV_ICM42600_GYRO_STARTUP_TIME_MS).
            s.Add((byte)Icm42688Register.PowerManagement0, 0x0F, 60);

            // WHO_AM_I lives in bank 0; after a warm reboot of the ESP32 the sensor may still have another bank selected.
            var identify = new RegisterWriteSequence(1);
            identify.Add((byte)Icm42688Register.RegisterBankSelect, 0x00, 0);
            return new ImuDeviceProfile(ImuDeviceKind.Icm42688P, (byte)Icm42688Register.WhoAmI, 0x47,
                (byte)Icm42688Register.TempData1, 2, 0, 8, gyroRange, accelRange, true, s, identify, bus, 24000000);
        }

        /// <summary>2^32 * pi / (180 * LSB-per-dps), LSB-per-dps = 131, 65.5, 32.8, 16.4 (both datasheets).</summary>
        public static int GyroScaleFor(GyroRange range)
        {
            switch (range)
            {
                case GyroRange.Dps250: return 572224;
                case GyroRange.Dps500: return 1144448;
                case GyroRange.Dps1000: return 2285406;
                default: return 4570812;
            }
        }

        /// <summary>2^32 * 9.80665 / LSB-per-g, LSB-per-g = 16384, 8192, 4096, 2048 (both datasheets).</summary>
        public static int AccelScaleFor(AccelRange range)
        {
            switch (range)
            {
                case AccelRange.G2: return 2570754;
                case AccelRange.G4: return 5141509;
                case AccelRange.G8: return 10283018;
                default: return 20566036;
            }
        }

        // FS_SEL / AFS_SEL count up with the range on the MPU-6050 ...
        private static int Mpu6050RangeCode(GyroRange range)
        {
            switch (range)
            {
                case GyroRange.Dps250: return 0;
                case GyroRange.Dps500: return 1;
                case GyroRange.Dps1000: return 2;
                default: return 3;
            }
        }

        private static int Mpu6050AccelCode(AccelRange range)
        {
            switch (range)
            {
                case AccelRange.G2: return 0;
                case AccelRange.G4: return 1;
                case AccelRange.G8: return 2;
                default: return 3;
            }
        }

        // ... and count down from the largest range on the ICM-42688-P (GYRO_FS_SEL 0 = 2000 dps, ACCEL_FS_SEL 0 = 16 g).
        private static int Icm42688GyroCode(GyroRange range)
        {
            return 3 - Mpu6050RangeCode(range);
        }

        private static int Icm42688AccelCode(AccelRange range)
        {
            return 3 - Mpu6050AccelCode(range);
        }
    }
}
