using System;
using System.Device.I2c;
using System.Threading;
using LiquidFlight.Core.Sensors.Imu;
using LiquidFlight.Firmware.Timing;

namespace LiquidFlight.Firmware.Drivers.Imu
{
    /// <summary>
    /// The I2C side of an IMU: identity check, the setup write sequence, and the one burst read per cycle.
    /// Which registers and bytes is decided by Core's <see cref="ImuDeviceProfile"/> (tested on the desktop);
    /// this class only moves bytes and stamps them with the microsecond clock. It owns and disposes its
    /// <see cref="I2cDevice"/>. Per-cycle methods allocate nothing: the write and read buffers are created once
    /// and wrapped in SpanByte values (structs) over the same arrays.
    /// </summary>
    public abstract class I2cImu : IImuSource, IDisposable
    {
        public readonly ImuDeviceProfile Profile;

        /// <summary>The last burst, <see cref="ImuDeviceProfile.BurstLength"/> bytes, as read from the device.</summary>
        public readonly byte[] Burst = new byte[ImuDeviceProfile.BurstLength];

        /// <summary>Status of the last failed transfer (for the boot log and telemetry).</summary>
        public I2cTransferStatus LastError;

        /// <summary>WHO_AM_I value read by the last <see cref="TryIdentify"/>.</summary>
        public byte LastWhoAmI;

        private readonly I2cDevice device;
        private readonly HighResClock clock;
        private readonly byte[] burstRegister = new byte[1];
        private readonly byte[] singleRegister = new byte[1];
        private readonly byte[] singleValue = new byte[1];
        private readonly byte[] registerWrite = new byte[2];

        protected I2cImu(I2cDevice device, ImuDeviceProfile profile, HighResClock clock)
        {
            if (device == null || profile == null || clock == null)
            {
                throw new ArgumentNullException();
            }

            this.device = device;
            this.clock = clock;
            Profile = profile;
            burstRegister[0] = profile.BurstStartRegister;
        }

        /// <summary>Reads WHO_AM_I and compares it with the profile's identity. False on a bus error or a mismatch.</summary>
        public virtual bool TryIdentify()
        {
            byte value;
            if (!TryReadRegister(Profile.WhoAmIRegister, out value))
            {
                return false;
            }

            LastWhoAmI = value;
            return value == Profile.ExpectedWhoAmI;
        }

        /// <summary>
        /// Runs the profile's setup sequence (reset, clock, ranges, low-pass, power) with its waits. Boot only:
        /// the waits use Thread.Sleep. False at the first write that fails.
        /// </summary>
        public bool TryConfigure()
        {
            RegisterWriteSequence setup = Profile.Setup;
            for (int i = 0; i < setup.Count; i++)
            {
                if (!TryWriteRegister(setup.Registers[i], setup.Values[i]))
                {
                    return false;
                }

                if (setup.DelayAfterMs[i] > 0)
                {
                    Thread.Sleep(setup.DelayAfterMs[i]);
                }
            }

            return true;
        }

        /// <summary>
        /// One burst read of accel, temperature and gyro into <see cref="Burst"/>, stamped at the start of the
        /// transfer (the sample is latched when the register address is acknowledged). Allocation-free.
        /// </summary>
        public bool TryReadBurst(out long timestampUs)
        {
            timestampUs = clock.NowUs();
            I2cTransferResult result = device.WriteRead(new SpanByte(burstRegister), new SpanByte(Burst));
            if (result.Status != I2cTransferStatus.FullTransfer)
            {
                LastError = result.Status;
                return false;
            }

            return true;
        }

        /// <summary>The board cycle's read: one burst into <paramref name="readout"/>, or a bus error.</summary>
        public ImuReadStatus Read(long nowUs, ImuReadout readout)
        {
            long stampUs;
            if (!TryReadBurst(out stampUs))
            {
                return ImuReadStatus.BusError;
            }

            Array.Copy(Burst, readout.Burst, ImuDeviceProfile.BurstLength);
            readout.TimestampUs = stampUs;
            return ImuReadStatus.Burst;
        }

        protected bool TryWriteRegister(byte register, byte value)
        {
            registerWrite[0] = register;
            registerWrite[1] = value;
            I2cTransferResult result = device.Write(new SpanByte(registerWrite));
            if (result.Status != I2cTransferStatus.FullTransfer)
            {
                LastError = result.Status;
                return false;
            }

            return true;
        }

        protected bool TryReadRegister(byte register, out byte value)
        {
            singleRegister[0] = register;
            I2cTransferResult result = device.WriteRead(new SpanByte(singleRegister), new SpanByte(singleValue));
            value = singleValue[0];
            if (result.Status != I2cTransferStatus.FullTransfer)
            {
                LastError = result.Status;
                return false;
            }

            return true;
        }

        public void Dispose()
        {
            device.Dispose();
        }

        /// <summary>Connection settings for an IMU at <paramref name="address"/> on the board's bus.</summary>
        protected static I2cDevice OpenDevice(BoardConfig board)
        {
            return I2cDevice.Create(new I2cConnectionSettings(board.I2cBusId, board.ImuAddress, board.I2cSpeed));
        }
    }
}
