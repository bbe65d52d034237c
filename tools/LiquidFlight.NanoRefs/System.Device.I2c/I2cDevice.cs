// Compile-only mirror of nanoFramework System.Device.I2c (1.1.x, SpanByte API). Never deployed: bodies throw.
namespace System.Device.I2c
{
    public class I2cDevice : IDisposable
    {
        public I2cDevice(I2cConnectionSettings settings) { throw new NotImplementedException(); }

        public I2cConnectionSettings ConnectionSettings { get { throw new NotImplementedException(); } }

        public static I2cDevice Create(I2cConnectionSettings settings) { throw new NotImplementedException(); }

        public byte ReadByte() { throw new NotImplementedException(); }

        public I2cTransferResult Read(SpanByte buffer) { throw new NotImplementedException(); }

        public I2cTransferResult WriteByte(byte value) { throw new NotImplementedException(); }

        public I2cTransferResult Write(SpanByte buffer) { throw new NotImplementedException(); }

        public I2cTransferResult WriteRead(SpanByte writeBuffer, SpanByte readBuffer) { throw new NotImplementedException(); }

        public void Dispose() { throw new NotImplementedException(); }
    }
}
