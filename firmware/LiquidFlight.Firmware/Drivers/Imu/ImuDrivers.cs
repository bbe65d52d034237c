using System.Device.I2c;
using System.Device.Spi;
using LiquidFlight.Core.Sensors.Imu;
using LiquidFlight.Firmware.Timing;
using nanoFramework.Hardware.Esp32;

namespace LiquidFlight.Firmware.Drivers.Imu
{
    /// <summary>
    /// Builds the board's IMU driver from <see cref="BoardConfig"/>: routes the bus pins through the ESP32 GPIO
    /// matrix, opens the SPI or I2C device and picks Core's register profile for the part and the bus. Returns
    /// the driver unidentified and unconfigured (the boot calls TryIdentify, then TryConfigure).
    /// </summary>
    public static class ImuDrivers
    {
        public static RegisterImu Create(BoardConfig board, HighResClock clock)
        {
            ImuDeviceProfile profile = board.ImuKind == ImuDeviceKind.Icm42688P
                ? ImuDeviceProfile.Icm42688P(board.GyroRange, board.AccelRange, board.Icm42688Rate,
                    board.Icm42688GyroFilter, board.Icm42688AccelFilter, board.ImuBus)
                : ImuDeviceProfile.Mpu6050(board.GyroRange, board.AccelRange, board.Mpu6050LowPass,
                    board.Mpu6050SampleRateDivider, board.ImuBus);
            return board.ImuBus == ImuBusKind.Spi ? (RegisterImu)OpenSpi(board, profile, clock) : OpenI2c(board, profile, clock);
        }

        private static SpiImu OpenSpi(BoardConfig board, ImuDeviceProfile profile, HighResClock clock)
        {
            bool second = board.SpiBusId == 2;
            Configuration.SetPinFunction(board.SpiMosiPin, second ? DeviceFunction.SPI2_MOSI : DeviceFunction.SPI1_MOSI);
            Configuration.SetPinFunction(board.SpiMisoPin, second ? DeviceFunction.SPI2_MISO : DeviceFunction.SPI1_MISO);
            Configuration.SetPinFunction(board.SpiClockPin, second ? DeviceFunction.SPI2_CLOCK : DeviceFunction.SPI1_CLOCK);
            // Full duplex (the settings' default Configuration, which TransferFullDuplex requires), 8-bit words, MSB first.
            var settings = new SpiConnectionSettings(board.SpiBusId, board.ImuChipSelectPin);
            settings.Mode = board.ImuSpiMode;
            settings.ClockFrequency = board.ImuSpiClockHz;
            settings.DataBitLength = 8;
            return new SpiImu(SpiDevice.Create(settings), profile, clock);
        }

        private static I2cImu OpenI2c(BoardConfig board, ImuDeviceProfile profile, HighResClock clock)
        {
            bool second = board.I2cBusId == 2;
            Configuration.SetPinFunction(board.I2cDataPin, second ? DeviceFunction.I2C2_DATA : DeviceFunction.I2C1_DATA);
            Configuration.SetPinFunction(board.I2cClockPin, second ? DeviceFunction.I2C2_CLOCK : DeviceFunction.I2C1_CLOCK);
            var device = I2cDevice.Create(new I2cConnectionSettings(board.I2cBusId, board.ImuAddress, board.I2cSpeed));
            return new I2cImu(device, profile, clock);
        }
    }
}
