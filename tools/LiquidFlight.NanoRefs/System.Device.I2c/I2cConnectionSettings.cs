// Compile-only mirror of nanoFramework System.Device.I2c. Never deployed: bodies throw.
namespace System.Device.I2c
{
    public sealed class I2cConnectionSettings
    {
        public I2cConnectionSettings(int busId, int deviceAddress) { throw new NotImplementedException(); }

        public I2cConnectionSettings(int busId, int deviceAddress, I2cBusSpeed busSpeed) { throw new NotImplementedException(); }

        public int BusId { get { throw new NotImplementedException(); } }

        public int DeviceAddress { get { throw new NotImplementedException(); } }

        public I2cBusSpeed BusSpeed { get { throw new NotImplementedException(); } }
    }
}
