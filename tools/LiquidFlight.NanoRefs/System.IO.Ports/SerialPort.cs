// Compile-only mirror of nanoFramework System.IO.Ports 1.1.x (SerialPort.cs of nanoframework/System.IO.Ports: a sealed
// class; ReadTimeout/WriteTimeout accept 0 and Timeout.Infinite; ReadBufferSize must be set before Open). Only the
// members LiquidFlight uses, with the real signatures. Never deployed: bodies throw.
namespace System.IO.Ports
{
    public sealed class SerialPort : IDisposable
    {
        public SerialPort(string portName, int baudRate = 9600, Parity parity = Parity.None, int dataBits = 8, StopBits stopBits = StopBits.One)
        {
            throw new NotImplementedException();
        }

        /// <summary>Bytes waiting in the driver's receive buffer.</summary>
        public int BytesToRead { get { throw new NotImplementedException(); } }

        /// <summary>Read waits until count bytes are buffered or this many ms pass (default Timeout.Infinite), then throws TimeoutException.</summary>
        public int ReadTimeout
        {
            get { throw new NotImplementedException(); }
            set { throw new NotImplementedException(); }
        }

        public int WriteTimeout
        {
            get { throw new NotImplementedException(); }
            set { throw new NotImplementedException(); }
        }

        /// <summary>Bytes buffered before the driver posts a DataReceived event (default 1).</summary>
        public int ReceivedBytesThreshold
        {
            get { throw new NotImplementedException(); }
            set { throw new NotImplementedException(); }
        }

        /// <summary>The driver's work buffer (default 256); set before Open.</summary>
        public int ReadBufferSize
        {
            get { throw new NotImplementedException(); }
            set { throw new NotImplementedException(); }
        }

        public void Open() { throw new NotImplementedException(); }

        public int Read(byte[] buffer, int offset, int count) { throw new NotImplementedException(); }

        public void Write(byte[] buffer, int offset, int count) { throw new NotImplementedException(); }

        public void Dispose() { throw new NotImplementedException(); }
    }
}
