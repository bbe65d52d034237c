namespace LiquidFlight.Core.Sensors.Imu
{
    /// <summary>
    /// MPU-6050 register addresses (InvenSense RM-MPU-6000A-00 rev 4.2, "Register Map and Descriptions",
    /// section 3 table and section 4 per-register descriptions; decimal addresses in brackets).
    /// </summary>
    public enum Mpu6050Register : byte
    {
        SelfTestX = 0x0D,          // [13] §4.1
        SelfTestY = 0x0E,          // [14]
        SelfTestZ = 0x0F,          // [15]
        SelfTestA = 0x10,          // [16]
        SampleRateDivider = 0x19,  // [25] §4.2 SMPLRT_DIV: sample rate = gyro output rate / (1 + value)
        Config = 0x1A,             // [26] §4.3 CONFIG: EXT_SYNC_SET[5:3], DLPF_CFG[2:0]
        GyroConfig = 0x1B,         // [27] §4.4 GYRO_CONFIG: FS_SEL[4:3]
        AccelConfig = 0x1C,        // [28] §4.5 ACCEL_CONFIG: AFS_SEL[4:3]
        FifoEnable = 0x23,         // [35] FIFO_EN
        InterruptPinConfig = 0x37, // [55] INT_PIN_CFG
        InterruptEnable = 0x38,    // [56] INT_ENABLE
        InterruptStatus = 0x3A,    // [58] INT_STATUS
        AccelXoutH = 0x3B,         // [59] §4.17 ACCEL_XOUT_H: start of the 14-byte burst (accel, temp, gyro)
        AccelXoutL = 0x3C,
        AccelYoutH = 0x3D,
        AccelYoutL = 0x3E,
        AccelZoutH = 0x3F,
        AccelZoutL = 0x40,
        TempOutH = 0x41,           // [65] §4.18 TEMP_OUT: degC = value / 340 + 36.53
        TempOutL = 0x42,
        GyroXoutH = 0x43,          // [67] §4.19 GYRO_XOUT_H
        GyroXoutL = 0x44,
        GyroYoutH = 0x45,
        GyroYoutL = 0x46,
        GyroZoutH = 0x47,
        GyroZoutL = 0x48,
        SignalPathReset = 0x68,    // [104] §4.26 SIGNAL_PATH_RESET: GYRO_RESET[2], ACCEL_RESET[1], TEMP_RESET[0]
        UserControl = 0x6A,        // [106] §4.27 USER_CTRL
        PowerManagement1 = 0x6B,   // [107] §4.28 PWR_MGMT_1: DEVICE_RESET[7], SLEEP[6], CLKSEL[2:0]; resets to 0x40 (asleep)
        PowerManagement2 = 0x6C,   // [108] §4.29 PWR_MGMT_2
        FifoCountH = 0x72,         // [114] FIFO_COUNT
        FifoCountL = 0x73,
        FifoReadWrite = 0x74,      // [116] FIFO_R_W
        WhoAmI = 0x75,             // [117] §4.32 WHO_AM_I: 0x68 (bits [6:1] of the I2C address, AD0 pin ignored)
    }
}
