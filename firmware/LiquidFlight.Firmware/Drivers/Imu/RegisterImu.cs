using System;
using System.Threading;
using LiquidFlight.Core.Sensors.Imu;
using LiquidFlight.Firmware.Timing;

namespace LiquidFlight.Firmware.Drivers.Imu
{
    /// <summary>
    /// An IMU reached by register reads and writes (I2C or SPI): identity check, the setup sequence, and the one
    /// burst read per cycle. Which registers and bytes is decided by Core's <see cref="ImuDeviceProfile"/> and run
    /// by Core's <see cref="RegisterWriteSequence"/> (both tested on the desktop); the bus subclasses only move
    /// bytes, and this class stamps the burst with the microsecond clock. The board cycle's
    /// <see cref="IImuSource"/>: <see cref="Read"/> never throws (a bus exception is a <see cref="ImuReadStatus.BusError"/>).
    /// </summary>
    public abstract class RegisterImu : IImuSource, IRegisterBus, IDisposable
    {
        public readonly ImuDeviceProfile Profile;

        /// <summary>The last burst of <see cref="TryReadBurst"/>, <see cref="ImuDeviceProfile.BurstLength"/> bytes.</summary>
        public readonly byte[] Burst = new byte[ImuDeviceProfile.BurstLength];

        /// <summary>Bus status of the last failed transfer (I2cTransferStatus on I2C; 0 unknown), for the boot log.</summary>
        public int LastError;

        /// <summary>Transfers that threw inside the native driver (counted, never thrown out of a cycle).</summary>
        public int BusExceptions;

        /// <summary>WHO_AM_I value read by the last <see cref="TryIdentify"/>.</summary>
        public byte LastWhoAmI;

        private readonly HighResClock clock;

        protected RegisterImu(ImuDeviceProfile profile, HighResClock clock)
        {
            if (profile == null || clock == null)
            {
                throw new ArgumentNullException();
            }

            Profile = profile;
            this.clock = clock;
        }

        /// <summary>The part's name for the boot log.</summary>
        public string PartName
        {
            get
            {
                if (Profile.Kind == ImuDeviceKind.Icm42688P)
                {
                    return "ICM-42688-P";
                }

                return Profile.Bus == ImuBusKind.Spi ? "MPU-6000" : "MPU-6050";
            }
        }

        /// <summary>Runs the profile's pre-identify steps, reads WHO_AM_I and compares it. False on a bus error or a mismatch.</summary>
        public bool TryIdentify()
        {
            byte value;
            if (!Profile.BeforeIdentify.RunOn(this) || !TryReadRegister(Profile.WhoAmIRegister, out value))
            {
                return false;
            }

            LastWhoAmI = value;
            return value == Profile.ExpectedWhoAmI;
        }

        /// <summary>Runs the profile's setup sequence (reset, interface, ranges, filters, power). Boot only. False at the first failed step.</summary>
        public bool TryConfigure()
        {
            return Profile.Setup.RunOn(this);
        }

        /// <summary>One burst into <see cref="Burst"/>, stamped at the start of the transfer.</summary>
        public bool TryReadBurst(out long timestampUs)
        {
            timestampUs = clock.NowUs();
            return TryTransferBurst(Burst);
        }

        /// <summary>The board cycle's read: one burst straight into <paramref name="readout"/>, stamped at its start.</summary>
        public ImuReadStatus Read(long nowUs, ImuReadout readout)
        {
            readout.TimestampUs = clock.NowUs();
            return TryTransferBurst(readout.Burst) ? ImuReadStatus.Burst : ImuReadStatus.BusError;
        }

        public void SleepMs(int milliseconds)
        {
            Thread.Sleep(milliseconds);
        }

        public abstract bool TryWriteRegister(byte register, byte value);

        public abstract bool TryReadRegister(byte register, out byte value);

        /// <summary>Reads the <see cref="ImuDeviceProfile.BurstLength"/> bytes from the profile's burst register into <paramref name="destination"/>.</summary>
        protected abstract bool TryTransferBurst(byte[] destination);

        public abstract void Dispose();
    }
}
