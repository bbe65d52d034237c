// Compile-only mirror of nanoFramework System.Device.I2c. Never deployed.
namespace System.Device.I2c
{
    public struct I2cTransferResult
    {
        public uint BytesTransferred { get { throw new NotImplementedException(); } }

        public I2cTransferStatus Status { get { throw new NotImplementedException(); } }
    }
}
