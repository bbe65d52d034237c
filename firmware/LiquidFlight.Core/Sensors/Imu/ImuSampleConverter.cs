namespace LiquidFlight.Core.Sensors.Imu
{
    /// <summary>
    /// Turns one raw burst read (big-endian signed 16-bit words, device layout from <see cref="ImuDeviceProfile"/>)
    /// into an <see cref="ImuSample"/>: board alignment to FRD, LSB to SI units in Q16.16, gyro bias removed.
    /// Integer-only and allocation-free; called once per cycle by the driver with its reused burst buffer.
    /// </summary>
    public sealed class ImuSampleConverter
    {
        public readonly ImuDeviceProfile Profile;
        public readonly AxisAlignment Alignment;

        /// <summary>Raw temperature word of the last burst (see <see cref="TemperatureCentiC"/>).</summary>
        public int RawTemperature;

        /// <summary>Gyro bias in the body frame, rad/s Q16.16, subtracted from every converted sample.</summary>
        public int GyroBiasX;
        public int GyroBiasY;
        public int GyroBiasZ;

        // Alignment and sign are folded into per-body-axis byte offsets and signed scales at construction, so a
        // conversion is six "read word, multiply, shift" steps with no look-ups or calls (about 220 IL
        // instructions instead of about 440 through AxisAlignment.Apply).
        private readonly int accelXOffset;
        private readonly int accelYOffset;
        private readonly int accelZOffset;
        private readonly int gyroXOffset;
        private readonly int gyroYOffset;
        private readonly int gyroZOffset;
        private readonly int temperatureOffset;
        private readonly long accelXScale;
        private readonly long accelYScale;
        private readonly long accelZScale;
        private readonly long gyroXScale;
        private readonly long gyroYScale;
        private readonly long gyroZScale;

        public ImuSampleConverter(ImuDeviceProfile profile, AxisAlignment alignment)
        {
            Profile = profile;
            Alignment = alignment;
            accelXOffset = profile.AccelOffset + 2 * alignment.SourceX;
            accelYOffset = profile.AccelOffset + 2 * alignment.SourceY;
            accelZOffset = profile.AccelOffset + 2 * alignment.SourceZ;
            gyroXOffset = profile.GyroOffset + 2 * alignment.SourceX;
            gyroYOffset = profile.GyroOffset + 2 * alignment.SourceY;
            gyroZOffset = profile.GyroOffset + 2 * alignment.SourceZ;
            temperatureOffset = profile.TemperatureOffset;
            accelXScale = (long)alignment.SignX * profile.AccelScale;
            accelYScale = (long)alignment.SignY * profile.AccelScale;
            accelZScale = (long)alignment.SignZ * profile.AccelScale;
            gyroXScale = (long)alignment.SignX * profile.GyroScale;
            gyroYScale = (long)alignment.SignY * profile.GyroScale;
            gyroZScale = (long)alignment.SignZ * profile.GyroScale;
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

            // Products stay within 41 bits (|word| <= 32768, |scale| < 2^25); + 2^15 >> 16 rounds to nearest.
            int i = offset + accelXOffset;
            sample.AccelX = (int)(((short)((burst[i] << 8) | burst[i + 1]) * accelXScale + 32768) >> 16);
            i = offset + accelYOffset;
            sample.AccelY = (int)(((short)((burst[i] << 8) | burst[i + 1]) * accelYScale + 32768) >> 16);
            i = offset + accelZOffset;
            sample.AccelZ = (int)(((short)((burst[i] << 8) | burst[i + 1]) * accelZScale + 32768) >> 16);
            i = offset + gyroXOffset;
            sample.GyroX = (int)(((short)((burst[i] << 8) | burst[i + 1]) * gyroXScale + 32768) >> 16) - GyroBiasX;
            i = offset + gyroYOffset;
            sample.GyroY = (int)(((short)((burst[i] << 8) | burst[i + 1]) * gyroYScale + 32768) >> 16) - GyroBiasY;
            i = offset + gyroZOffset;
            sample.GyroZ = (int)(((short)((burst[i] << 8) | burst[i + 1]) * gyroZScale + 32768) >> 16) - GyroBiasZ;
            i = offset + temperatureOffset;
            RawTemperature = (short)((burst[i] << 8) | burst[i + 1]);
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
    }
}
