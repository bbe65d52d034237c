// Compile-only mirror of nanoFramework System.Device.I2c I2cConnectionSettings (both constructors). Never deployed.
namespace System.Device.I2c
{
    public sealed class I2cConnectionSettings
    {
        public I2cConnectionSettings(int busId, int deviceAddress) { throw new NotImplementedException(); }

        public I2cConnectionSettings(int busId, int deviceAddress, I2cBusSpeed busSpeed) { throw new NotImplementedException(); }
    }
}
