using System;
using System.Device.Spi;
using LiquidFlight.Core.Sensors.Imu;
using LiquidFlight.Firmware.Timing;

namespace LiquidFlight.Firmware.Drivers.Imu
{
    /// <summary>
    /// An IMU on SPI (ICM-42688-P up to 24 MHz, MPU-6000 at 1 MHz), full duplex: the first byte out is the register
    /// address (bit 7 set to read, <see cref="ImuDeviceProfile.SpiReadFlag"/>), the bytes back after it are the
    /// registers from that address on. Owns and disposes its <see cref="SpiDevice"/>.
    /// Transfers use SpiDevice.TransferFullDuplex(SpanByte, SpanByte), which in System.Device.Spi 1.3.x hands both
    /// spans straight to the native NativeTransfer (read in the 1.3 SpiDevice source): no managed buffer is made.
    /// The older 1.0 wrapper's overloads copied through SpanByte.ToArray() and a new read array on every call, and
    /// the 1.3 ReadByte/WriteByte toggle chip select per byte, so neither is used. SpanByte is a ref struct (it
    /// cannot be a field), so each transfer makes its two spans over the reused arrays in the call, the one struct
    /// allocation the firmware's nano gate allows (here and in <see cref="I2cImu"/>); what it costs the heap per
    /// cycle is in firmware/LiquidFlight.Firmware/README.md ("What allocates per cycle").
    /// </summary>
    public sealed class SpiImu : RegisterImu
    {
        private readonly SpiDevice device;
        private readonly byte[] burstOut = new byte[1 + ImuDeviceProfile.BurstLength];
        private readonly byte[] burstIn = new byte[1 + ImuDeviceProfile.BurstLength];
        private readonly byte[] pairOut = new byte[2];
        private readonly byte[] pairIn = new byte[2];

        public SpiImu(SpiDevice device, ImuDeviceProfile profile, HighResClock clock)
            : base(profile, clock)
        {
            if (device == null)
            {
                throw new ArgumentNullException();
            }

            this.device = device;
            burstOut[0] = (byte)(profile.BurstStartRegister | ImuDeviceProfile.SpiReadFlag);
        }

        public override bool TryWriteRegister(byte register, byte value)
        {
            pairOut[0] = (byte)(register & 0x7F);
            pairOut[1] = value;
            return TransferPair();
        }

        public override bool TryReadRegister(byte register, out byte value)
        {
            pairOut[0] = (byte)(register | ImuDeviceProfile.SpiReadFlag);
            pairOut[1] = 0;
            bool ok = TransferPair();
            value = pairIn[1];
            return ok;
        }

        protected override bool TryTransferBurst(byte[] destination)
        {
            try
            {
                device.TransferFullDuplex(new SpanByte(burstOut), new SpanByte(burstIn));
            }
            catch (Exception)
            {
                // SPI has no acknowledge: only an exception from the native driver is a bus error.
                BusExceptions++;
                return false;
            }

            Array.Copy(burstIn, 1, destination, 0, ImuDeviceProfile.BurstLength);
            return true;
        }

        public override void Dispose()
        {
            device.Dispose();
        }

        private bool TransferPair()
        {
            try
            {
                device.TransferFullDuplex(new SpanByte(pairOut), new SpanByte(pairIn));
                return true;
            }
            catch (Exception)
            {
                BusExceptions++;
                return false;
            }
        }
    }
}
