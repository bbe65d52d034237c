// Compile-only mirror of nanoFramework System.Device.I2c I2cTransferResult (I2cTransferResult.cs: a struct; its
// Status property). Never deployed.
namespace System.Device.I2c
{
    public struct I2cTransferResult
    {
        public I2cTransferStatus Status { get { throw new NotImplementedException(); } }
    }
}
