using System;
using System.Device.I2c;
using LiquidFlight.Core.Control;
using LiquidFlight.Core.Esc;
using LiquidFlight.Core.FixedPoint;
using LiquidFlight.Core.Sensors.Imu;

namespace LiquidFlight.Firmware
{
    /// <summary>
    /// Everything that differs between one flight board and another, in one place: pins, buses, the IMU and how
    /// it is mounted, the ESC protocol and the loop rate. <see cref="EspDevKitC"/> is the reference build of
    /// hardware/boards/esp32-devkitc; another board is another factory method (or edited fields) with its own pin
    /// map, checked by <see cref="Validate"/> before anything is switched on.
    /// ESP32 pin rules kept here: GPIO 6-11 belong to the flash, 34-39 are input-only, 0/2/5/12/15 are strapping
    /// pins read at reset (an ESC or pull-up there can stop the board booting), 1/3 are the USB console (the
    /// nanoFramework debugger), and on WROVER modules 16/17 carry the PSRAM.
    /// </summary>
    public sealed class BoardConfig
    {
        public string Name;

        // IMU on I2C
        public ImuDeviceKind ImuKind;
        public int I2cBusId;
        public int I2cDataPin;
        public int I2cClockPin;
        /// <summary>400 kHz (FastMode) for both IMUs; 1 MHz (FastModePlus) only for the ICM-42688-P.</summary>
        public I2cBusSpeed I2cSpeed;
        /// <summary>7-bit address: 0x68 with AD0 low, 0x69 with AD0 high.</summary>
        public int ImuAddress;
        public BoardRotation ImuRotation;
        public GyroRange GyroRange;
        public AccelRange AccelRange;
        public Mpu6050LowPass Mpu6050LowPass;
        /// <summary>MPU-6050 SMPLRT_DIV: 1 kHz / (1 + d); 0 = 1 kHz, faster than the loop so every read is fresh.</summary>
        public int Mpu6050SampleRateDivider;
        public Icm42688OutputDataRate Icm42688Rate;
        public Icm42688UiFilter Icm42688GyroFilter;
        public Icm42688UiFilter Icm42688AccelFilter;

        /// <summary>Boot gyro calibration: sample time per batch (ms), motion and plausibility limits (rad/s Q16.16).</summary>
        public int GyroCalibrationMs;
        public int GyroCalibrationMaxDeviation;
        public int GyroCalibrationMaxBias;

        // ESC outputs, M1..M4 in Betaflight Quad-X order (rear-right, front-right, rear-left, front-left)
        public int[] MotorPins;
        public EscProtocol EscProtocol;
        public int EscFrequencyHz;

        // CRSF receiver on a UART
        /// <summary>nanoFramework port name; COM2 is UART1 on the ESP32, free of the console.</summary>
        public string CrsfPort;
        public int CrsfRxPin;
        public int CrsfTxPin;
        public int CrsfBaudRate;

        /// <summary>
        /// The stabiliser. Ltc flies the trained model compiled in from Core/Ltc/ShippedModel.g.cs. The reference
        /// preset flies Pid: measured by the il-count benchmark (tools/LiquidFlight.Benchmarks), a PID cycle executes
        /// about 4,000 IL instructions (fits 250 Hz on the interpreter's 1.5-3 M IL/s) and an LTC cycle of the
        /// shipped model (layered, 1 unfold) about 8,000 (2.7-5.3 ms: 200 Hz at best). Switch to Ltc (with
        /// LoopRateHz to match) only once the on-device CycleTimeTests show the cycle fits the period; overruns
        /// otherwise keep the loop from arming.
        /// </summary>
        public ControllerKind Stabiliser;

        /// <summary>PID gains: the frame's, as tuned in the simulator (Core/Control/FramePidGains.g.cs, generated from hardware/frames).</summary>
        public PidGains PidGains;

        /// <summary>
        /// Failsafe stage-1 throttle (stick, Q16.16): a little under the frame's hover stick so the craft sinks.
        /// The 250 frame hovers at about 20 % stick in the simulator (whose failsafe lands at 90 % of it).
        /// </summary>
        public int FailsafeLandingThrottle;

        // Cyclic executive
        public int LoopRateHz;
        /// <summary>Slow-job slots per round; a job owning k slots runs at LoopRateHz * k / SlotCount.</summary>
        public int SlotCount;
        /// <summary>The loop report is sent every this many ms, only while disarmed.</summary>
        public int ReportIntervalMs;

        /// <summary>
        /// The reference build: ESP32 DevKitC (WROOM-32 or WROVER), IMU on I2C1 (GPIO21/22), ESCs on
        /// GPIO25/26/27/33, CRSF receiver on COM2 (RX GPIO18, TX GPIO19), PID at 250 Hz, 490 Hz standard PWM.
        /// </summary>
        public static BoardConfig EspDevKitC()
        {
            return new BoardConfig
            {
                Name = "ESP32 DevKitC reference",
                ImuKind = ImuDeviceKind.Mpu6050,
                I2cBusId = 1,
                I2cDataPin = 21,
                I2cClockPin = 22,
                I2cSpeed = I2cBusSpeed.FastMode,
                ImuAddress = ImuDeviceProfile.DefaultI2cAddress,
                ImuRotation = BoardRotation.Cw0,
                GyroRange = GyroRange.Dps2000,
                AccelRange = AccelRange.G16,
                Mpu6050LowPass = Mpu6050LowPass.Hz98,
                Mpu6050SampleRateDivider = 0,
                Icm42688Rate = Icm42688OutputDataRate.Hz1000,
                Icm42688GyroFilter = Icm42688UiFilter.OdrOver4,
                Icm42688AccelFilter = Icm42688UiFilter.OdrOver4,
                // 1 s batches; motion limit about 2 deg/s and bias limit 30 deg/s, both in rad/s Q16.16.
                GyroCalibrationMs = 1000,
                GyroCalibrationMaxDeviation = 2287,
                GyroCalibrationMaxBias = 34315,
                MotorPins = new int[] { 25, 26, 27, 33 },
                EscProtocol = EscProtocol.StandardPwm,
                EscFrequencyHz = 490,
                CrsfPort = "COM2",
                CrsfRxPin = 18,
                CrsfTxPin = 19,
                CrsfBaudRate = 420000,
                Stabiliser = ControllerKind.Pid,
                PidGains = FramePidGains.Quad250Brushless(),
                FailsafeLandingThrottle = Q16.FromRatio(18, 100),
                LoopRateHz = 250,
                SlotCount = 4,
                ReportIntervalMs = 1000,
            };
        }

        /// <summary>The same board with an ICM-42688-P on a 1 MHz bus and OneShot125 ESCs at 2 kHz.</summary>
        public static BoardConfig EspDevKitCIcm42688OneShot()
        {
            BoardConfig c = EspDevKitC();
            c.Name = "ESP32 DevKitC, ICM-42688-P, OneShot125";
            c.ImuKind = ImuDeviceKind.Icm42688P;
            c.I2cSpeed = I2cBusSpeed.FastModePlus;
            c.EscProtocol = EscProtocol.OneShot125;
            c.EscFrequencyHz = 2000;
            return c;
        }

        /// <summary>
        /// Refuses a configuration that would be unsafe or cannot work, before any output is switched on.
        /// Throws with the offending field named: boot stops there, with the motors never driven.
        /// </summary>
        public void Validate()
        {
            if (MotorPins == null || MotorPins.Length != 4)
            {
                throw new ArgumentException("BoardConfig.MotorPins: exactly 4 pins, M1..M4");
            }

            for (int i = 0; i < MotorPins.Length; i++)
            {
                CheckOutputPin("BoardConfig.MotorPins[" + i + "]", MotorPins[i]);
                for (int j = 0; j < i; j++)
                {
                    if (MotorPins[j] == MotorPins[i])
                    {
                        throw new ArgumentException("BoardConfig.MotorPins: pin " + MotorPins[i] + " used twice");
                    }
                }
            }

            CheckOutputPin("BoardConfig.I2cDataPin", I2cDataPin);
            CheckOutputPin("BoardConfig.I2cClockPin", I2cClockPin);
            CheckOutputPin("BoardConfig.CrsfTxPin", CrsfTxPin);
            CheckUsablePin("BoardConfig.CrsfRxPin", CrsfRxPin);
            if (ImuKind == ImuDeviceKind.Mpu6050 && I2cSpeed == I2cBusSpeed.FastModePlus)
            {
                throw new ArgumentException("BoardConfig.I2cSpeed: the MPU-6050 is specified to 400 kHz; use FastMode");
            }

            if (!EscTiming.IsValid(EscProtocol, EscFrequencyHz))
            {
                throw new ArgumentException("BoardConfig.EscFrequencyHz: " + EscFrequencyHz + " Hz is outside 50.."
                    + EscTiming.MaxFrequencyFor(EscProtocol) + " Hz for this ESC protocol");
            }

            if (LoopRateHz < 100 || LoopRateHz > 2000)
            {
                throw new ArgumentException("BoardConfig.LoopRateHz: 100..2000 Hz");
            }

            if (SlotCount < 4 || SlotCount > 64 || (SlotCount & 1) != 0)
            {
                throw new ArgumentException("BoardConfig.SlotCount: even, 4..64 (even slots poll the RC receiver)");
            }

            if (PidGains == null)
            {
                throw new ArgumentException("BoardConfig.PidGains: required (FramePidGains for the frame)");
            }
        }

        private static void CheckUsablePin(string field, int pin)
        {
            if (pin < 0 || pin > 39 || (pin >= 6 && pin <= 11) || pin == 1 || pin == 3 || pin == 20 || (pin >= 28 && pin <= 31) || pin == 24)
            {
                throw new ArgumentException(field + ": GPIO" + pin + " is not available (flash, console or not bonded)");
            }
        }

        private static void CheckOutputPin(string field, int pin)
        {
            CheckUsablePin(field, pin);
            if (pin >= 34)
            {
                throw new ArgumentException(field + ": GPIO" + pin + " is input-only");
            }

            if (pin == 0 || pin == 2 || pin == 5 || pin == 12 || pin == 15)
            {
                throw new ArgumentException(field + ": GPIO" + pin + " is a strapping pin (read at reset)");
            }
        }
    }
}
