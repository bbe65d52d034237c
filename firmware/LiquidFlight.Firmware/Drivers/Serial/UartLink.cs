using System;
using System.IO.Ports;
using LiquidFlight.Core.Links;
using nanoFramework.Hardware.Esp32;

namespace LiquidFlight.Firmware.Drivers.Serial
{
    /// <summary>
    /// A board UART as Core's <see cref="IByteLink"/> (the CRSF receiver, the status text line, telemetry): polled
    /// from a slot of the cyclic executive, never waiting, never posting a managed event. UART errors are counted
    /// and reported as 0 bytes; Core's parsers resynchronise on the next frame.
    /// Settings, read against nanoFramework System.IO.Ports 1.1.x (SerialPort.cs) and the ESP32 native driver
    /// (nf-interpreter targets/ESP32/_nanoCLR/System.IO.Ports/sys_io_ser_native_System_IO_Ports_SerialPort.cpp):
    /// - ReceivedBytesThreshold above ReadBufferSize: the driver posts a managed serial event, which allocates a
    ///   SerialDataEvent on the heap and is dispatched on another thread, whenever the threshold (default 1) is
    ///   reached; a threshold the receive buffer can never hold means no event is ever posted. No DataReceived
    ///   handler is attached either.
    /// - ReadTimeout 0: Read(buffer, offset, count) waits until count bytes are buffered or the timeout passes,
    ///   and the default timeout is infinite. This class only asks for bytes BytesToRead says are there, so Read
    ///   returns at once; with 0 a miscount ends in an immediate TimeoutException (caught, counted) instead of a
    ///   control loop blocked forever.
    /// - WriteTimeout 0 as well: the native Write copies into the UART's hardware FIFO (128 bytes, no transmit
    ///   buffer) and only waits when the write would take longer than the interpreter's 20 ms quantum; callers
    ///   keep each write short (a frame or a text line per slot) so it never waits.
    /// </summary>
    public sealed class UartLink : IByteLink, IDisposable
    {
        /// <summary>The driver's one work buffer (receive and transmit share it in nanoFramework), bytes.</summary>
        public const int ReadBufferBytes = 256;

        /// <summary>Bytes moved and calls that failed (counted, never thrown out of the loop).</summary>
        public long BytesRead;
        public long BytesWritten;
        public long ReadErrors;
        public long WriteErrors;

        private readonly SerialPort port;

        /// <param name="portName">nanoFramework port name: COM2 is UART1 on the ESP32, COM3 UART2 (COM1 is the debugger's USB link).</param>
        public UartLink(string portName, int baudRate, int rxPin, int txPin)
        {
            Configuration.SetPinFunction(rxPin, RxFunction(portName));
            Configuration.SetPinFunction(txPin, TxFunction(portName));
            port = new SerialPort(portName, baudRate, Parity.None, 8, StopBits.One);
            // Before Open: the native driver allocates the buffer when the port opens.
            port.ReadBufferSize = ReadBufferBytes;
            port.ReadTimeout = 0;
            port.WriteTimeout = 0;
            port.Open();
            // After Open: the setter hands the value to the native driver of the opened UART.
            port.ReceivedBytesThreshold = ReadBufferBytes + 1;
        }

        public int Read(byte[] buffer, int offset, int count)
        {
            try
            {
                int waiting = port.BytesToRead;
                if (waiting <= 0)
                {
                    return 0;
                }

                int read = port.Read(buffer, offset, waiting < count ? waiting : count);
                BytesRead += read;
                return read;
            }
            catch (Exception)
            {
                ReadErrors++;
                return 0;
            }
        }

        public int Write(byte[] buffer, int offset, int count)
        {
            try
            {
                port.Write(buffer, offset, count);
                BytesWritten += count;
                return count;
            }
            catch (Exception)
            {
                WriteErrors++;
                return 0;
            }
        }

        public void Dispose()
        {
            port.Dispose();
        }

        private static DeviceFunction RxFunction(string portName)
        {
            switch (portName)
            {
                case "COM1":
                    return DeviceFunction.COM1_RX;
                case "COM3":
                    return DeviceFunction.COM3_RX;
                default:
                    return DeviceFunction.COM2_RX;
            }
        }

        private static DeviceFunction TxFunction(string portName)
        {
            switch (portName)
            {
                case "COM1":
                    return DeviceFunction.COM1_TX;
                case "COM3":
                    return DeviceFunction.COM3_TX;
                default:
                    return DeviceFunction.COM2_TX;
            }
        }
    }
}
