using System.Device.I2c;
using LiquidFlight.Core.Sensors.Imu;
using LiquidFlight.Firmware.Timing;

namespace LiquidFlight.Firmware.Drivers.Imu.Icm42688
{
    /// <summary>
    /// TDK InvenSense ICM-42688-P over I2C (up to 1 MHz). Setup bytes (bank 0, soft reset, big-endian data,
    /// ranges, output data rate, UI filter, low-noise power mode) and burst layout come from Core's
    /// <see cref="ImuDeviceProfile.Icm42688P"/>; WHO_AM_I reads 0x47.
    /// </summary>
    public sealed class Icm42688 : I2cImu
    {
        public Icm42688(I2cDevice device, ImuDeviceProfile profile, HighResClock clock)
            : base(device, profile, clock)
        {
        }

        public static Icm42688 Create(BoardConfig board, HighResClock clock)
        {
            ImuDeviceProfile profile = ImuDeviceProfile.Icm42688P(
                board.GyroRange, board.AccelRange, board.Icm42688Rate, board.Icm42688GyroFilter, board.Icm42688AccelFilter);
            return new Icm42688(OpenDevice(board), profile, clock);
        }

        /// <summary>
        /// WHO_AM_I lives in register bank 0; after a warm reboot of the ESP32 the sensor may still have another
        /// bank selected, so bank 0 is selected first (the first entry of the setup sequence does it too).
        /// </summary>
        public override bool TryIdentify()
        {
            if (!TryWriteRegister((byte)Icm42688Register.RegisterBankSelect, 0x00))
            {
                return false;
            }

            return base.TryIdentify();
        }
    }
}
