namespace LiquidFlight.Core.Sensors.Imu
{
    /// <summary>
    /// ICM-42688-P user bank 0 register addresses (TDK InvenSense DS-000347 rev 1.x, "User Bank 0 Register Map"
    /// and its register descriptions). Every address here needs REG_BANK_SEL = 0, the value after reset.
    /// </summary>
    public enum Icm42688Register : byte
    {
        DeviceConfig = 0x11,           // DEVICE_CONFIG: SOFT_RESET_CONFIG[0]; wait 1 ms after setting it
        DriveConfig = 0x13,            // DRIVE_CONFIG: I2C/SPI slew rates
        InterruptConfig = 0x14,        // INT_CONFIG
        FifoConfig = 0x16,             // FIFO_CONFIG: FIFO_MODE[7:6]
        TempData1 = 0x1D,              // TEMP_DATA1: start of the 14-byte burst (temp, accel, gyro); degC = value / 132.48 + 25
        TempData0 = 0x1E,
        AccelDataX1 = 0x1F,            // ACCEL_DATA_X1 (high byte when SENSOR_DATA_ENDIAN = 1, big-endian, the reset value)
        AccelDataX0 = 0x20,
        AccelDataY1 = 0x21,
        AccelDataY0 = 0x22,
        AccelDataZ1 = 0x23,
        AccelDataZ0 = 0x24,
        GyroDataX1 = 0x25,             // GYRO_DATA_X1
        GyroDataX0 = 0x26,
        GyroDataY1 = 0x27,
        GyroDataY0 = 0x28,
        GyroDataZ1 = 0x29,
        GyroDataZ0 = 0x2A,
        TimestampFsyncH = 0x2B,        // TMST_FSYNCH
        TimestampFsyncL = 0x2C,
        InterruptStatus = 0x2D,        // INT_STATUS: DATA_RDY_INT[3], RESET_DONE_INT[4]
        FifoCountH = 0x2E,             // FIFO_COUNTH
        FifoCountL = 0x2F,
        FifoData = 0x30,               // FIFO_DATA
        InterruptStatus2 = 0x37,       // INT_STATUS2
        InterruptStatus3 = 0x38,       // INT_STATUS3
        SignalPathReset = 0x4B,        // SIGNAL_PATH_RESET: FIFO_FLUSH[1]
        InterfaceConfig0 = 0x4C,       // INTF_CONFIG0: FIFO_COUNT_ENDIAN[5], SENSOR_DATA_ENDIAN[4], UI_SIFS_CFG[1:0]; reset 0x30
        InterfaceConfig1 = 0x4D,       // INTF_CONFIG1: AFSR[7:6] (01 = off), RTC_MODE[2], CLKSEL[1:0] (01 = PLL); reset 0x91
        PowerManagement0 = 0x4E,       // PWR_MGMT0: TEMP_DIS[5], IDLE[4], GYRO_MODE[3:2], ACCEL_MODE[1:0]; 0 = all off after reset
        GyroConfig0 = 0x4F,            // GYRO_CONFIG0: GYRO_FS_SEL[7:5], GYRO_ODR[3:0]
        AccelConfig0 = 0x50,           // ACCEL_CONFIG0: ACCEL_FS_SEL[7:5], ACCEL_ODR[3:0]
        GyroConfig1 = 0x51,            // GYRO_CONFIG1: TEMP_FILT_BW[7:5], GYRO_UI_FILT_ORD[3:2], GYRO_DEC2_M2_ORD[1:0]
        GyroAccelConfig0 = 0x52,       // GYRO_ACCEL_CONFIG0: ACCEL_UI_FILT_BW[7:4], GYRO_UI_FILT_BW[3:0]
        AccelConfig1 = 0x53,           // ACCEL_CONFIG1: ACCEL_UI_FILT_ORD[4:3], ACCEL_DEC2_M2_ORD[2:1]
        TimestampConfig = 0x54,        // TMST_CONFIG
        FifoConfig1 = 0x5F,            // FIFO_CONFIG1
        InterruptConfig0 = 0x63,       // INT_CONFIG0
        InterruptConfig1 = 0x64,       // INT_CONFIG1
        InterruptSource0 = 0x65,       // INT_SOURCE0
        SelfTestConfig = 0x70,         // SELF_TEST_CONFIG
        WhoAmI = 0x75,                 // WHO_AM_I: 0x47
        RegisterBankSelect = 0x76,     // REG_BANK_SEL: BANK_SEL[2:0]; present in every bank
    }
}
