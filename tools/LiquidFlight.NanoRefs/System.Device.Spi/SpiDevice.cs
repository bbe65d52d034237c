// Compile-only mirror of nanoFramework System.Device.Spi 1.3.x SpiDevice (System.Device.Spi/SpiDevice.cs): both
// TransferFullDuplex overloads, which hand their buffers straight to the native NativeTransfer. Never deployed.
namespace System.Device.Spi
{
    public class SpiDevice : IDisposable
    {
        public SpiDevice(SpiConnectionSettings settings) { throw new NotImplementedException(); }

        public static SpiDevice Create(SpiConnectionSettings settings) { throw new NotImplementedException(); }

        public void TransferFullDuplex(ushort[] writeBuffer, ushort[] readBuffer) { throw new NotImplementedException(); }

        public void TransferFullDuplex(SpanByte writeBuffer, SpanByte readBuffer) { throw new NotImplementedException(); }

        public void Dispose() { throw new NotImplementedException(); }
    }
}
