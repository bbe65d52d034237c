using System;
using System.Device.I2c;
using LiquidFlight.Core.Sensors.Imu;
using LiquidFlight.Firmware.Timing;

namespace LiquidFlight.Firmware.Drivers.Imu
{
    /// <summary>
    /// An IMU on I2C (MPU-6050 up to 400 kHz, ICM-42688-P up to 1 MHz). Owns and disposes its <see cref="I2cDevice"/>.
    /// The buffers are made once and reused; every transfer result is stored in a field (no struct local). The
    /// I2cDevice API takes SpanByte, a ref struct (it cannot be a field), so each transfer makes its two spans over
    /// the reused arrays in the call: the one struct allocation the firmware's nano gate allows, here and in
    /// <see cref="SpiImu"/>. What that and the native driver's I2cTransferResult cost the heap per cycle is in
    /// firmware/LiquidFlight.Firmware/README.md ("What allocates per cycle").
    /// </summary>
    public sealed class I2cImu : RegisterImu
    {
        private readonly I2cDevice device;
        private readonly byte[] burstRegister = new byte[1];
        private readonly byte[] burst = new byte[ImuDeviceProfile.BurstLength];
        private readonly byte[] singleRegister = new byte[1];
        private readonly byte[] singleValue = new byte[1];
        private readonly byte[] registerWrite = new byte[2];
        private I2cTransferResult result;

        public I2cImu(I2cDevice device, ImuDeviceProfile profile, HighResClock clock)
            : base(profile, clock)
        {
            if (device == null)
            {
                throw new ArgumentNullException();
            }

            this.device = device;
            burstRegister[0] = profile.BurstStartRegister;
        }

        public override bool TryWriteRegister(byte register, byte value)
        {
            registerWrite[0] = register;
            registerWrite[1] = value;
            try
            {
                result = device.Write(new SpanByte(registerWrite));
            }
            catch (Exception)
            {
                BusExceptions++;
                return false;
            }

            return Succeeded();
        }

        public override bool TryReadRegister(byte register, out byte value)
        {
            singleRegister[0] = register;
            value = 0;
            try
            {
                result = device.WriteRead(new SpanByte(singleRegister), new SpanByte(singleValue));
            }
            catch (Exception)
            {
                BusExceptions++;
                return false;
            }

            value = singleValue[0];
            return Succeeded();
        }

        protected override bool TryTransferBurst(byte[] destination)
        {
            try
            {
                result = device.WriteRead(new SpanByte(burstRegister), new SpanByte(burst));
            }
            catch (Exception)
            {
                BusExceptions++;
                return false;
            }

            if (!Succeeded())
            {
                return false;
            }

            Array.Copy(burst, destination, ImuDeviceProfile.BurstLength);
            return true;
        }

        public override void Dispose()
        {
            device.Dispose();
        }

        private bool Succeeded()
        {
            if (result.Status == I2cTransferStatus.FullTransfer)
            {
                return true;
            }

            LastError = (int)result.Status;
            return false;
        }
    }
}
