using System;
using System.IO.Ports;
using LiquidFlight.Core.Links;
using nanoFramework.Hardware.Esp32;

namespace LiquidFlight.Firmware.Drivers.Serial
{
    /// <summary>
    /// A board UART as Core's <see cref="IByteLink"/> (the CRSF receiver, telemetry): polled from a slot of the
    /// cyclic executive, never waiting. No DataReceived event (its dispatch allocates an event-args object and runs
    /// on another thread); Read is only called with bytes waiting and never asks for more than are there. UART
    /// errors are counted and reported as 0 bytes; Core's parsers resynchronise on the next frame.
    /// </summary>
    public sealed class UartLink : IByteLink, IDisposable
    {
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
            port.Open();
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
