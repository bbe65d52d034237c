// Compile-only mirror of nanoFramework System.Device.I2c. Member order (= values) as in the real enum.
namespace System.Device.I2c
{
    public enum I2cTransferStatus
    {
        UnknownError,
        FullTransfer,
        ClockStretchTimeout,
        PartialTransfer,
        SlaveAddressNotAcknowledged
    }
}
