// Compile-only mirror of nanoFramework System.IO.Ports (only the members LiquidFlight uses). Never deployed.
namespace System.IO.Ports
{
    public sealed class SerialPort : IDisposable
    {
        public const int InfiniteTimeout = -1;

        public SerialPort(string portName, int baudRate = 9600, Parity parity = Parity.None, int dataBits = 8, StopBits stopBits = StopBits.One)
        {
            throw new NotImplementedException();
        }

        public bool IsOpen { get { throw new NotImplementedException(); } }

        /// <summary>Bytes waiting in the driver's receive buffer. Read throws TimeoutException when there are none.</summary>
        public int BytesToRead { get { throw new NotImplementedException(); } }

        public int ReadTimeout
        {
            get { throw new NotImplementedException(); }
            set { throw new NotImplementedException(); }
        }

        public void Open() { throw new NotImplementedException(); }

        public void Close() { throw new NotImplementedException(); }

        public int Read(byte[] buffer, int offset, int count) { throw new NotImplementedException(); }

        public void Write(byte[] buffer, int offset, int count) { throw new NotImplementedException(); }

        public void Dispose() { throw new NotImplementedException(); }
    }
}
