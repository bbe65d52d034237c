using System;

namespace LiquidFlight.Core.Sensors.Imu
{
    /// <summary>Why an IMU is considered unhealthy; several may hold at once.</summary>
    [Flags]
    public enum ImuFaults
    {
        None = 0,

        /// <summary>Consecutive bus errors (NACK, short read, timeout) reached the limit.</summary>
        BusErrors = 1,

        /// <summary>The same raw bytes came back for too many reads in a row: the sensor or the bus is stuck.</summary>
        Frozen = 2,

        /// <summary>A gyro or accel axis sat at full scale for too many reads in a row.</summary>
        Saturated = 4,

        /// <summary>The device reported "no valid data" (ICM-42688-P: -32768 on all six axes).</summary>
        InvalidData = 8,

        /// <summary>No successful read yet.</summary>
        NoData = 16,
    }
}
