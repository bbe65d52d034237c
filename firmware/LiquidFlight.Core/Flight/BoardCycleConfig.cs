using System;
using LiquidFlight.Core.Esc;
using LiquidFlight.Core.Links;
using LiquidFlight.Core.Safety;
using LiquidFlight.Core.Sensors.Imu;

namespace LiquidFlight.Core.Flight
{
    /// <summary>
    /// Everything the one board cycle is configured with, except the hardware (which arrives as interfaces):
    /// loop rate and slow slots, the flight loop's settings, the ESC signal, the IMU's register layout and
    /// mounting, the safety limits (in time), the RC channel map and the boot gyro calibration. The firmware fills
    /// it from its BoardConfig, the simulator from the frame and the scenario; <see cref="Validate"/> refuses what
    /// cannot work, at start-up.
    /// </summary>
    public sealed class BoardCycleConfig
    {
        /// <summary>Cycles per second of the cyclic executive (the period is rounded to whole µs).</summary>
        public int LoopRateHz = 500;

        /// <summary>
        /// Slow-job slots per round, even and at least 4: even slots poll the RC receiver, the last slot reports
        /// status, the other odd slots run <see cref="BoardCycle.Telemetry"/>. With 4 slots at 500 Hz: RC at
        /// 250 Hz, telemetry and status at 125 Hz each.
        /// </summary>
        public int SlotCount = 4;

        public FlightLoopConfig Flight = new FlightLoopConfig();

        public EscTiming Esc = new EscTiming(EscProtocol.StandardPwm, 490);

        /// <summary>Register layout and sensitivities of the IMU (null for a source that delivers decoded samples only, e.g. HIL).</summary>
        public ImuDeviceProfile ImuProfile;

        /// <summary>How the IMU is mounted relative to the body frame.</summary>
        public AxisAlignment ImuAlignment = AxisAlignment.For(BoardRotation.Cw0);

        public SafetyLimits Safety = new SafetyLimits();

        public RcChannelMap ChannelMap = new RcChannelMap();

        /// <summary>Boot gyro calibration: sample time per batch (ms; 0 = none, the bias is taken as zero).</summary>
        public int GyroCalibrationMs = 1000;

        /// <summary>Motion limit of a calibration batch (per-axis standard deviation, rad/s Q16.16; 2287 = 2 deg/s).</summary>
        public int GyroCalibrationMaxDeviation = 2287;

        /// <summary>Plausibility limit of the bias (rad/s Q16.16; 34315 = 30 deg/s, above the MPU-6050's +-20 deg/s tolerance).</summary>
        public int GyroCalibrationMaxBias = 34315;

        /// <summary>Loop report interval while disarmed (ms; 0 = no loop report). Never sent while armed.</summary>
        public int ReportIntervalMs = 1000;

        /// <summary>Refuses a configuration that cannot work (start-up only), naming the field.</summary>
        public void Validate()
        {
            if (LoopRateHz < 50 || LoopRateHz > 8000)
            {
                throw new ArgumentException("BoardCycleConfig.LoopRateHz must be 50..8000, was " + LoopRateHz);
            }

            if (SlotCount < 4 || SlotCount > 64 || (SlotCount & 1) != 0)
            {
                throw new ArgumentException("BoardCycleConfig.SlotCount must be even and 4..64, was " + SlotCount);
            }

            if (Flight == null || Esc == null || ImuAlignment == null || Safety == null || ChannelMap == null)
            {
                throw new ArgumentException("BoardCycleConfig: Flight, Esc, ImuAlignment, Safety and ChannelMap are required");
            }

            if (GyroCalibrationMs < 0 || (GyroCalibrationMs > 0 && GyroCalibrationMs < 10) || GyroCalibrationMs > 60000)
            {
                throw new ArgumentException("BoardCycleConfig.GyroCalibrationMs must be 0 or 10..60000, was " + GyroCalibrationMs);
            }

            if (ReportIntervalMs < 0)
            {
                throw new ArgumentException("BoardCycleConfig.ReportIntervalMs must be 0 or more, was " + ReportIntervalMs);
            }

            Safety.Validate();
        }
    }
}
