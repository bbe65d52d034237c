using System;
using System.IO.Ports;
using LiquidFlight.Core.Links.Crsf;
using nanoFramework.Hardware.Esp32;

namespace LiquidFlight.Firmware.Drivers.Crsf
{
    /// <summary>
    /// CRSF bytes from an ExpressLRS/Crossfire receiver on a UART, handed to Core's <see cref="CrsfParser"/>.
    /// Polled from a slot of the cyclic executive: no DataReceived event (its dispatch allocates an event-args
    /// object and runs on another thread), one reused buffer, and Read is only called with bytes waiting
    /// (the nanoFramework SerialPort throws TimeoutException when asked to read from an empty buffer).
    /// </summary>
    public sealed class CrsfUartReceiver : IDisposable
    {
        /// <summary>
        /// Enough for about 8 ms of a 420 kbaud stream at the receiver's real frame rate (ExpressLRS 500 Hz sends
        /// a 26-byte channel frame every 2 ms, 13 kB/s), so a link slot at 125 Hz or faster never lags.
        /// </summary>
        public const int ChunkBytes = 128;

        public readonly CrsfParser Parser;

        /// <summary>Bytes read and read calls since boot, and reads that failed (counted, never thrown out of the loop).</summary>
        public long BytesRead;
        public long ReadErrors;

        private readonly SerialPort port;
        private readonly byte[] chunk = new byte[ChunkBytes];

        public CrsfUartReceiver(BoardConfig board, CrsfParser parser)
        {
            if (parser == null)
            {
                throw new ArgumentNullException();
            }

            Parser = parser;
            Configuration.SetPinFunction(board.CrsfRxPin, RxFunction(board.CrsfPort));
            Configuration.SetPinFunction(board.CrsfTxPin, TxFunction(board.CrsfPort));
            port = new SerialPort(board.CrsfPort, board.CrsfBaudRate, Parity.None, 8, StopBits.One);
            port.Open();
        }

        /// <summary>
        /// Moves whatever has arrived (up to <see cref="ChunkBytes"/>) into the parser, stamped <paramref name="nowUs"/>.
        /// Returns the number of RC channel frames completed.
        /// </summary>
        public int Poll(long nowUs)
        {
            int waiting;
            int read;
            try
            {
                waiting = port.BytesToRead;
                if (waiting <= 0)
                {
                    return 0;
                }

                read = port.Read(chunk, 0, waiting < ChunkBytes ? waiting : ChunkBytes);
            }
            catch (Exception)
            {
                // A UART error mid-frame: drop the partial frame; the parser resynchronises on the next sync byte.
                ReadErrors++;
                Parser.ResetStream();
                return 0;
            }

            BytesRead += read;
            return Parser.Feed(chunk, 0, read, nowUs);
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
