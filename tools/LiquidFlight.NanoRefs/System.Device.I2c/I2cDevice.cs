// Compile-only mirror of nanoFramework System.Device.I2c 1.1.x I2cDevice (the SpanByte API; the members LiquidFlight
// uses, every overload of each). Never deployed: bodies throw.
namespace System.Device.I2c
{
    public class I2cDevice : IDisposable
    {
        // No public constructor the firmware uses (the mirror holds only members the device code calls).
        private I2cDevice() { }

        public static I2cDevice Create(I2cConnectionSettings settings) { throw new NotImplementedException(); }

        public I2cTransferResult Write(SpanByte buffer) { throw new NotImplementedException(); }

        public I2cTransferResult WriteRead(SpanByte writeBuffer, SpanByte readBuffer) { throw new NotImplementedException(); }

        public void Dispose() { throw new NotImplementedException(); }
    }
}
