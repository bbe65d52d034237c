namespace LiquidFlight.Core.Sensors.Imu
{
    /// <summary>
    /// Turns one raw burst read (big-endian signed 16-bit words, device layout from <see cref="ImuDeviceProfile"/>)
    /// into an <see cref="ImuSample"/>: board alignment to FRD, LSB to SI units in Q16.16, gyro bias removed.
    /// Integer-only and allocation-free; called once per cycle by the driver with its reused burst buffer.
    /// The raw (unaligned, unscaled) words of the last conversion stay in public fields for health checks and logs.
    /// </summary>
    public sealed class ImuSampleConverter
    {
        public readonly ImuDeviceProfile Profile;
        public readonly AxisAlignment Alignment;

        /// <summary>Raw words of the last burst, in the sensor's own axes.</summary>
        public int RawAccelX;
        public int RawAccelY;
        public int RawAccelZ;
        public int RawGyroX;
        public int RawGyroY;
        public int RawGyroZ;
        public int RawTemperature;

        /// <summary>Gyro bias in the body frame, rad/s Q16.16, subtracted from every converted sample.</summary>
        public int GyroBiasX;
        public int GyroBiasY;
        public int GyroBiasZ;

        private readonly int gyroScale;
        private readonly int accelScale;
        private readonly int accelOffset;
        private readonly int gyroOffset;
        private readonly int temperatureOffset;

        public ImuSampleConverter(ImuDeviceProfile profile, AxisAlignment alignment)
        {
            Profile = profile;
            Alignment = alignment;
            gyroScale = profile.GyroScale;
            accelScale = profile.AccelScale;
            accelOffset = profile.AccelOffset;
            gyroOffset = profile.GyroOffset;
            temperatureOffset = profile.TemperatureOffset;
        }

        public void SetGyroBias(int biasX, int biasY, int biasZ)
        {
            GyroBiasX = biasX;
            GyroBiasY = biasY;
            GyroBiasZ = biasZ;
        }

        public void ClearGyroBias()
        {
            SetGyroBias(0, 0, 0);
        }

        /// <summary>
        /// Converts <see cref="ImuDeviceProfile.BurstLength"/> bytes at <paramref name="offset"/> of
        /// <paramref name="burst"/> into <paramref name="sample"/>, stamped <paramref name="timestampUs"/>.
        /// Returns false (sample untouched) if the buffer is too short.
        /// </summary>
        public bool Convert(byte[] burst, int offset, long timestampUs, ref ImuSample sample)
        {
            if (burst == null || offset < 0 || offset + ImuDeviceProfile.BurstLength > burst.Length)
            {
                return false;
            }

            int a = offset + accelOffset;
            RawAccelX = Word(burst, a);
            RawAccelY = Word(burst, a + 2);
            RawAccelZ = Word(burst, a + 4);
            int g = offset + gyroOffset;
            RawGyroX = Word(burst, g);
            RawGyroY = Word(burst, g + 2);
            RawGyroZ = Word(burst, g + 4);
            RawTemperature = Word(burst, offset + temperatureOffset);

            int x;
            int y;
            int z;
            Alignment.Apply(RawAccelX, RawAccelY, RawAccelZ, out x, out y, out z);
            sample.AccelX = Scale(x, accelScale);
            sample.AccelY = Scale(y, accelScale);
            sample.AccelZ = Scale(z, accelScale);

            Alignment.Apply(RawGyroX, RawGyroY, RawGyroZ, out x, out y, out z);
            sample.GyroX = Scale(x, gyroScale) - GyroBiasX;
            sample.GyroY = Scale(y, gyroScale) - GyroBiasY;
            sample.GyroZ = Scale(z, gyroScale) - GyroBiasZ;
            sample.TimestampUs = timestampUs;
            return true;
        }

        /// <summary>Die temperature of the last burst in hundredths of a degree Celsius (datasheet formulas).</summary>
        public int TemperatureCentiC()
        {
            if (Profile.Kind == ImuDeviceKind.Mpu6050)
            {
                // degC = raw / 340 + 36.53
                return RawTemperature * 100 / 340 + 3653;
            }

            // degC = raw / 132.48 + 25
            return RawTemperature * 10000 / 13248 + 2500;
        }

        /// <summary>Big-endian two's-complement 16-bit word.</summary>
        public static int Word(byte[] bytes, int index)
        {
            return (short)((bytes[index] << 8) | bytes[index + 1]);
        }

        private static int Scale(int raw, int scale)
        {
            // |raw| <= 32768 and scale < 2^25, so the product fits in 41 bits; the result fits an int easily.
            return (int)(((long)raw * scale + 32768) >> 16);
        }
    }
}
