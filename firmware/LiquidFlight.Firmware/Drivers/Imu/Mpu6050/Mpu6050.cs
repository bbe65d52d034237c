using System.Device.I2c;
using LiquidFlight.Core.Sensors.Imu;
using LiquidFlight.Firmware.Timing;

namespace LiquidFlight.Firmware.Drivers.Imu.Mpu6050
{
    /// <summary>
    /// InvenSense MPU-6050 over I2C (up to 400 kHz). Register map, setup bytes (device reset, signal path reset,
    /// PLL clock, SMPLRT_DIV, DLPF, FS_SEL, AFS_SEL) and burst layout come from Core's
    /// <see cref="ImuDeviceProfile.Mpu6050"/>; WHO_AM_I reads 0x68 whatever the AD0 pin.
    /// </summary>
    public sealed class Mpu6050 : I2cImu
    {
        public Mpu6050(I2cDevice device, ImuDeviceProfile profile, HighResClock clock)
            : base(device, profile, clock)
        {
        }

        /// <summary>Opens the board's IMU address and builds the profile from the board's range and filter choice.</summary>
        public static Mpu6050 Create(BoardConfig board, HighResClock clock)
        {
            ImuDeviceProfile profile = ImuDeviceProfile.Mpu6050(
                board.GyroRange, board.AccelRange, board.Mpu6050LowPass, board.Mpu6050SampleRateDivider);
            return new Mpu6050(OpenDevice(board), profile, clock);
        }
    }
}
