using System;
using System.Device.I2c;
using System.Device.Spi;
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

        // IMU: which part, on which bus (Drivers/Imu/ImuDrivers builds the driver from these fields)
        public ImuDeviceKind ImuKind;
        public ImuBusKind ImuBus;

        // IMU on SPI (the reference): pins through the ESP32 GPIO matrix, the sensor's chip select, mode and clock.
        /// <summary>nanoFramework SPI bus: 1 or 2 (pins set with SPIn_MOSI/MISO/CLOCK).</summary>
        public int SpiBusId;
        public int SpiMosiPin;
        public int SpiMisoPin;
        public int SpiClockPin;
        public int ImuChipSelectPin;
        /// <summary>Mode 3 (clock idles high, sample on the rising edge) or 0; both IMUs accept either.</summary>
        public SpiMode ImuSpiMode;
        /// <summary>Up to the profile's limit: 24 MHz for the ICM-42688-P, 1 MHz for the MPU-6000.</summary>
        public int ImuSpiClockHz;

        // IMU on I2C
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

        // Status text lines (boot messages, IMU identity, calibration, halt reasons, arming refusals, loop report)
        // on a UART, so a Release build (Debug.WriteLine is compiled out) still tells its user what happens.
        public string StatusPort;
        public int StatusRxPin;
        public int StatusTxPin;
        public int StatusBaudRate;

        /// <summary>
        /// Hardware-in-the-loop (hardware/hil/README.md): the board cycle's IMU source is HIL_SENSOR frames and its
        /// motor output HIL_ACTUATOR_CONTROLS, both MAVLink v2 on <see cref="StatusPort"/> (which then carries the
        /// status lines as STATUSTEXT, and HEARTBEAT with MAV_MODE_FLAG_HIL_ENABLED). The IMU is not started and the
        /// ESC outputs are never created: the motor pins stay the high-impedance inputs they are from reset, so no
        /// ESC sees a pulse. Estimator, controller, supervisor and arming are the normal firmware's.
        /// </summary>
        public bool Hil;

        /// <summary>
        /// In HIL: the CRSF receiver on <see cref="CrsfPort"/> is the RC source (sticks and arm switch from the
        /// radio). False: the simulator is the receiver (HIL_RC_INPUTS_RAW channels, COMMAND_LONG arm/disarm), and
        /// when it stops the supervisor's RC-loss failsafe runs.
        /// </summary>
        public bool HilRcFromReceiver;

        /// <summary>
        /// The stabiliser. Ltc (the reference preset) flies the trained model compiled in from
        /// Core/Ltc/ShippedModel.g.cs through its generated straight-line step (ShippedModelStep); Pid the frame's
        /// cascaded PID. The predicted cost of both and the loop rate it affords are in the firmware README (from the
        /// il-count benchmark, tools/LiquidFlight.Benchmarks); the on-device CycleTimeTests measure them. A cycle
        /// that overruns its period keeps the loop from arming (loop-health check), so a board too slow for the rate
        /// refuses to fly rather than flying late.
        /// </summary>
        public ControllerKind Stabiliser;

        /// <summary>PID gains: the frame's, as tuned in the simulator (Core/Control/FramePidGains.g.cs, generated from hardware/frames).</summary>
        public PidGains PidGains;

        /// <summary>
        /// Failsafe landing: the hover stick (Q16.16) assumed only if none was learnt in flight (the landing learns
        /// it while the pilot flies). The 250 frame hovers at about 20 % stick in the simulator.
        /// </summary>
        public int FailsafeLandingThrottle;

        // Cyclic executive
        public int LoopRateHz;
        /// <summary>Slow-job slots per round; a job owning k slots runs at LoopRateHz * k / SlotCount.</summary>
        public int SlotCount;
        /// <summary>
        /// The RC receiver is polled at least this often where the slot plan allows (Hz; BoardCycleConfig.RcPollRateHz:
        /// at 250 Hz with 4 slots, every other cycle). The sticks reach the loop at most one poll interval late.
        /// </summary>
        public int RcPollRateHz;
        /// <summary>The loop report is sent every this many ms, only while disarmed.</summary>
        public int ReportIntervalMs;

        /// <summary>
        /// The reference build: ESP32 DevKitC (WROOM-32 or WROVER), ICM-42688-P on SPI (SCLK GPIO18, MISO GPIO19,
        /// MOSI GPIO23, chip select GPIO4, mode 3, 10 MHz), ESCs on GPIO25/26/27/33, CRSF receiver on COM2 (RX GPIO34,
        /// TX GPIO32), status text on COM3 (TX GPIO14, RX GPIO35, 115200 baud), PID at 250 Hz, 490 Hz standard PWM.
        /// 18/19/23 are the VSPI pins of the ESP32's IO_MUX (the fastest path; 10 MHz would pass the GPIO matrix too);
        /// chip select is GPIO4 because VSPI's own GPIO5 is a strapping pin. Wiring: hardware/boards/esp32-devkitc.
        /// </summary>
        public static BoardConfig EspDevKitC()
        {
            return new BoardConfig
            {
                Name = "ESP32 DevKitC reference",
                ImuKind = ImuDeviceKind.Icm42688P,
                ImuBus = ImuBusKind.Spi,
                SpiBusId = 1,
                SpiMosiPin = 23,
                SpiMisoPin = 19,
                SpiClockPin = 18,
                ImuChipSelectPin = 4,
                ImuSpiMode = SpiMode.Mode3,
                ImuSpiClockHz = 10000000,
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
                CrsfRxPin = 34,
                CrsfTxPin = 32,
                CrsfBaudRate = 420000,
                StatusPort = "COM3",
                StatusRxPin = 35,
                StatusTxPin = 14,
                StatusBaudRate = 115200,
                Stabiliser = ControllerKind.Ltc,
                PidGains = FramePidGains.Quad250Brushless(),
                FailsafeLandingThrottle = Q16.FromRatio(18, 100),
                LoopRateHz = 250,
                SlotCount = 4,
                RcPollRateHz = 125,
                ReportIntervalMs = 1000,
            };
        }

        /// <summary>
        /// The reference board in hardware-in-the-loop mode: MAVLink on COM3 (TX GPIO14, RX GPIO35) at 921600 baud
        /// through the USB-UART adapter of hardware/hil/README.md, the simulator as the receiver, no IMU, no ESC
        /// output. Select it in Program.Main instead of <see cref="EspDevKitC"/>.
        /// </summary>
        public static BoardConfig EspDevKitCHil()
        {
            BoardConfig c = EspDevKitC();
            c.Name = "ESP32 DevKitC reference, hardware-in-the-loop";
            c.Hil = true;
            c.HilRcFromReceiver = false;
            c.StatusBaudRate = HilBaudRate;
            return c;
        }

        /// <summary>Line rate of the HIL link (hardware/hil/README.md: 8N1, no flow control).</summary>
        public const int HilBaudRate = 921600;

        /// <summary>The same board with an MPU-6050 breakout on I2C1 (SDA GPIO21, SCL GPIO22, 400 kHz) instead of the SPI IMU.</summary>
        public static BoardConfig EspDevKitCMpu6050I2c()
        {
            BoardConfig c = EspDevKitC();
            c.Name = "ESP32 DevKitC, MPU-6050 on I2C";
            c.ImuKind = ImuDeviceKind.Mpu6050;
            c.ImuBus = ImuBusKind.I2c;
            return c;
        }

        /// <summary>The reference board with OneShot125 ESCs at 2 kHz.</summary>
        public static BoardConfig EspDevKitCOneShot()
        {
            BoardConfig c = EspDevKitC();
            c.Name = "ESP32 DevKitC, ICM-42688-P, OneShot125";
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

            if (ImuBus == ImuBusKind.Spi)
            {
                CheckOutputPin("BoardConfig.SpiMosiPin", SpiMosiPin);
                CheckUsablePin("BoardConfig.SpiMisoPin", SpiMisoPin);
                CheckOutputPin("BoardConfig.SpiClockPin", SpiClockPin);
                CheckOutputPin("BoardConfig.ImuChipSelectPin", ImuChipSelectPin);
                if (SpiBusId != 1 && SpiBusId != 2)
                {
                    throw new ArgumentException("BoardConfig.SpiBusId: " + SpiBusId + "; the ESP32 has SPI1 and SPI2 for devices");
                }

                if (ImuSpiMode != SpiMode.Mode0 && ImuSpiMode != SpiMode.Mode3)
                {
                    throw new ArgumentException("BoardConfig.ImuSpiMode: both IMUs need SPI mode 0 or 3");
                }

                int limit = ImuKind == ImuDeviceKind.Icm42688P ? 24000000 : 1000000;
                if (ImuSpiClockHz < 100000 || ImuSpiClockHz > limit)
                {
                    throw new ArgumentException("BoardConfig.ImuSpiClockHz: " + ImuSpiClockHz + " Hz is outside 100000.."
                        + limit + " Hz for this IMU");
                }
            }
            else
            {
                CheckOutputPin("BoardConfig.I2cDataPin", I2cDataPin);
                CheckOutputPin("BoardConfig.I2cClockPin", I2cClockPin);
                if (ImuKind == ImuDeviceKind.Mpu6050 && I2cSpeed == I2cBusSpeed.FastModePlus)
                {
                    throw new ArgumentException("BoardConfig.I2cSpeed: the MPU-6050 is specified to 400 kHz; use FastMode");
                }
            }

            CheckOutputPin("BoardConfig.CrsfTxPin", CrsfTxPin);
            CheckUsablePin("BoardConfig.CrsfRxPin", CrsfRxPin);
            if (StatusPort != null)
            {
                CheckOutputPin("BoardConfig.StatusTxPin", StatusTxPin);
                CheckUsablePin("BoardConfig.StatusRxPin", StatusRxPin);
                if (StatusPort == CrsfPort || StatusPort == "COM1")
                {
                    throw new ArgumentException("BoardConfig.StatusPort: " + StatusPort
                        + " is taken (COM1 is the debugger's USB link, " + CrsfPort + " the CRSF receiver)");
                }
            }

            if (Hil && StatusPort == null)
            {
                throw new ArgumentException("BoardConfig.StatusPort: HIL needs a UART for its MAVLink link (COM3 in the reference wiring)");
            }

            CheckDistinct();

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
                throw new ArgumentException("BoardConfig.SlotCount: even, 4..64 (the RC receiver is polled in even slots)");
            }

            if (RcPollRateHz < 1 || RcPollRateHz > LoopRateHz)
            {
                throw new ArgumentException("BoardConfig.RcPollRateHz: " + RcPollRateHz + " Hz is outside 1..LoopRateHz (" + LoopRateHz + ")");
            }

            if (PidGains == null)
            {
                throw new ArgumentException("BoardConfig.PidGains: required (FramePidGains for the frame)");
            }
        }

        /// <summary>No GPIO serves two functions (the motors, the IMU bus in use, the UARTs).</summary>
        private void CheckDistinct()
        {
            int[] pins = new int[12];
            string[] names = new string[12];
            int n = 0;
            for (int i = 0; i < MotorPins.Length; i++)
            {
                pins[n] = MotorPins[i];
                names[n++] = "MotorPins[" + i + "]";
            }

            if (ImuBus == ImuBusKind.Spi)
            {
                pins[n] = SpiMosiPin; names[n++] = "SpiMosiPin";
                pins[n] = SpiMisoPin; names[n++] = "SpiMisoPin";
                pins[n] = SpiClockPin; names[n++] = "SpiClockPin";
                pins[n] = ImuChipSelectPin; names[n++] = "ImuChipSelectPin";
            }
            else
            {
                pins[n] = I2cDataPin; names[n++] = "I2cDataPin";
                pins[n] = I2cClockPin; names[n++] = "I2cClockPin";
            }

            pins[n] = CrsfRxPin; names[n++] = "CrsfRxPin";
            pins[n] = CrsfTxPin; names[n++] = "CrsfTxPin";
            if (StatusPort != null)
            {
                pins[n] = StatusRxPin; names[n++] = "StatusRxPin";
                pins[n] = StatusTxPin; names[n++] = "StatusTxPin";
            }

            for (int i = 0; i < n; i++)
            {
                for (int j = 0; j < i; j++)
                {
                    if (pins[i] == pins[j])
                    {
                        throw new ArgumentException("BoardConfig." + names[i] + ": GPIO" + pins[i] + " is already BoardConfig." + names[j]);
                    }
                }
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
