namespace LiquidFlight.Core.Sensors.Imu
{
    /// <summary>
    /// Single-register access to an IMU, as a <see cref="RegisterWriteSequence"/> needs it: the board's I2C or SPI
    /// driver, or a desktop test's recorded register file. Boot-time only (sleeps are allowed). Failures are
    /// returned, never thrown.
    /// </summary>
    public interface IRegisterBus
    {
        bool TryWriteRegister(byte register, byte value);

        bool TryReadRegister(byte register, out byte value);

        void SleepMs(int milliseconds);
    }
}
