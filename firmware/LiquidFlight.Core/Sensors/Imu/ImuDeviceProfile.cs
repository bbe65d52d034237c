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

        public readonly RegisterWriteSequence Setup;

        private ImuDeviceProfile(ImuDeviceKind kind, byte whoAmIRegister, byte expectedWhoAmI, byte burstStart,
            int accelOffset, int temperatureOffset, int gyroOffset, GyroRange gyroRange, AccelRange accelRange,
            bool hasInvalidDataMarker, RegisterWriteSequence setup)
        {
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
            if (sampleRateDivider < 0 || sampleRateDivider > 255)
            {
                throw new ArgumentException("sampleRateDivider must be 0..255");
            }

            var s = new RegisterWriteSequence(8);
            // §4.28: DEVICE_RESET self-clears; the register map's reset note asks for 100 ms before further access,
            // then a signal path reset of gyro, accel and temperature (another 100 ms).
            s.Add((byte)Mpu6050Register.PowerManagement1, 0x80, 100);
            s.Add((byte)Mpu6050Register.SignalPathReset, 0x07, 100);
            // CLKSEL = 1 (PLL on the X gyro, recommended over the internal 8 MHz oscillator), SLEEP = 0.
            s.Add((byte)Mpu6050Register.PowerManagement1, 0x01, 10);
            s.Add((byte)Mpu6050Register.SampleRateDivider, (byte)sampleRateDivider, 0);
            s.Add((byte)Mpu6050Register.Config, (byte)lowPass, 0);
            s.Add((byte)Mpu6050Register.GyroConfig, (byte)(Mpu6050RangeCode(gyroRange) << 3), 0);
            s.Add((byte)Mpu6050Register.AccelConfig, (byte)(Mpu6050AccelCode(accelRange) << 3), 0);
            return new ImuDeviceProfile(ImuDeviceKind.Mpu6050, (byte)Mpu6050Register.WhoAmI, 0x68,
                (byte)Mpu6050Register.AccelXoutH, 0, 6, 8, gyroRange, accelRange, false, s);
        }

        /// <summary>
        /// ICM-42688-P: soft reset, big-endian data, ranges and output data rates, UI filter bandwidths, then gyro
        /// and accel in low-noise mode. Burst from TEMP_DATA1 (0x1D): temperature, accel X,Y,Z, gyro X,Y,Z.
        /// </summary>
        public static ImuDeviceProfile Icm42688P(GyroRange gyroRange, AccelRange accelRange, Icm42688OutputDataRate rate,
            Icm42688UiFilter gyroFilter, Icm42688UiFilter accelFilter)
        {
            var s = new RegisterWriteSequence(8);
            s.Add((byte)Icm42688Register.RegisterBankSelect, 0x00, 0);
            // SOFT_RESET_CONFIG: the datasheet asks for 1 ms before the next access; 2 ms leaves a margin.
            s.Add((byte)Icm42688Register.DeviceConfig, 0x01, 2);
            // SENSOR_DATA_ENDIAN = 1 and FIFO_COUNT_ENDIAN = 1 (big-endian): the reset value, written because the
            // conversion depends on it.
            s.Add((byte)Icm42688Register.InterfaceConfig0, 0x30, 0);
            s.Add((byte)Icm42688Register.GyroConfig0, (byte)((Icm42688GyroCode(gyroRange) << 5) | (int)rate), 0);
            s.Add((byte)Icm42688Register.AccelConfig0, (byte)((Icm42688AccelCode(accelRange) << 5) | (int)rate), 0);
            s.Add((byte)Icm42688Register.GyroAccelConfig0, (byte)(((int)accelFilter << 4) | (int)gyroFilter), 0);
            // GYRO_MODE = 11 and ACCEL_MODE = 11 (low noise). No register write for 200 µs after leaving OFF, and
            // the gyro needs tens of ms to start: 50 ms before the first read.
            s.Add((byte)Icm42688Register.PowerManagement0, 0x0F, 50);
            return new ImuDeviceProfile(ImuDeviceKind.Icm42688P, (byte)Icm42688Register.WhoAmI, 0x47,
                (byte)Icm42688Register.TempData1, 2, 0, 8, gyroRange, accelRange, true, s);
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
