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
        /// Slow-job slots per round, even and at least 4: the RC receiver is polled in every
        /// <see cref="RcPollStride"/>-th slot from slot 0, the last slot reports status, the other odd slots run
        /// <see cref="BoardCycle.Telemetry"/>, and the even slots between RC polls are left free. With 4 slots at
        /// 500 Hz: RC at 125 Hz (slot 0), telemetry (1) and status (3) at 125 Hz each, slot 2 free.
        /// </summary>
        public int SlotCount = 4;

        /// <summary>
        /// The rate the RC receiver is polled at, at least, where the slot plan allows (Hz; default 125, a poll every
        /// 8 ms at every loop rate). Each poll takes every frame received since the last one (a 250 Hz link sends two
        /// meanwhile, a 500 Hz link four) and the loop acts on the newest from the next cycle, so the sticks reach the
        /// loop at most one poll interval after their frame arrived (8 ms; 4 ms on average). Half the loop rate or
        /// more polls in every even slot. See <see cref="RcPollStride"/>.
        /// </summary>
        public int RcPollRateHz = 125;

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

        /// <summary>
        /// Cycles from one RC poll to the next: the largest power of two k from 2 on that divides
        /// <see cref="SlotCount"/> and keeps LoopRateHz / k at or above <see cref="RcPollRateHz"/> (whole Hz). At the
        /// default 125 Hz with 4 slots: 2 at 250 Hz (125 Hz), 4 at 500 Hz (125 Hz), 4 at 1000 Hz (250 Hz; 8 slots
        /// give 8, 125 Hz), 2 at 200 Hz (100 Hz: never fewer than every other cycle).
        /// </summary>
        public int RcPollStride()
        {
            int k = 2;
            while (SlotCount % (2 * k) == 0 && LoopRateHz / (2 * k) >= RcPollRateHz)
            {
                k *= 2;
            }

            return k;
        }

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

            if (RcPollRateHz < 1 || RcPollRateHz > LoopRateHz)
            {
                throw new ArgumentException("BoardCycleConfig.RcPollRateHz must be 1..LoopRateHz (" + LoopRateHz + "), was " + RcPollRateHz);
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
