using System;

namespace LiquidFlight.Core.Safety
{
    /// <summary>Reasons arming is refused, Betaflight-style: every flag set is one thing the pilot must fix.</summary>
    [Flags]
    public enum ArmingDisableFlags
    {
        None = 0,

        /// <summary>No IMU detected, or no sample read yet.</summary>
        NoImu = 1 << 0,

        /// <summary>IMU bus errors, frozen, saturated or invalid data.</summary>
        ImuUnhealthy = 1 << 1,

        /// <summary>Gyro bias calibration has not completed (the craft must stand still after power-up).</summary>
        NotCalibrated = 1 << 2,

        /// <summary>Roll or pitch estimate beyond the arming limit (default 25 degrees).</summary>
        NotLevel = 1 << 3,

        /// <summary>Throttle above the arming limit.</summary>
        ThrottleHigh = 1 << 4,

        /// <summary>No valid RC frame within the link timeout.</summary>
        NoRcLink = 1 << 5,

        /// <summary>The control loop overran recently.</summary>
        LoopUnhealthy = 1 << 6,

        /// <summary>A failsafe is active; it ends when the link is back and the arm switch is off.</summary>
        FailsafeActive = 1 << 7,

        /// <summary>The arm switch has not been seen off since boot (or since a refusal): flip it off first.</summary>
        ArmSwitchNotCycled = 1 << 8,

        /// <summary>The flight computation produced a saturated (overflowed) value.</summary>
        NumericFault = 1 << 9,
    }
}
