using System.Threading;
using LiquidFlight.Core.Control;
using LiquidFlight.Core.Esc;
using LiquidFlight.Core.Flight;
using LiquidFlight.Core.Links;
using LiquidFlight.Core.Links.Crsf;
using LiquidFlight.Core.Links.Mavlink;
using LiquidFlight.Core.Ltc;
using LiquidFlight.Core.Safety;
using LiquidFlight.Core.Sensors.Imu;
using LiquidFlight.Core.Telemetry;
using LiquidFlight.Firmware.Drivers.Esc;
using LiquidFlight.Firmware.Drivers.Imu;
using LiquidFlight.Firmware.Drivers.Serial;
using LiquidFlight.Firmware.Flight;
using LiquidFlight.Firmware.Telemetry;
using LiquidFlight.Firmware.Timing;

namespace LiquidFlight.Firmware
{
    /// <summary>
    /// Boot sequence of the flight controller: validate the board configuration, put every ESC output at the
    /// minimum pulse, bring up the IMU (identify, reset and configure), open the CRSF receiver UART, build Core's
    /// board cycle and hand it to one highest-priority thread. The cycle itself calibrates the gyro while the craft
    /// stands still (nothing can arm before), then runs arming, failsafe and control. Any failure before the loop
    /// starts stops the boot with the motors at minimum; the loop is never started with a missing sensor.
    /// With <see cref="BoardConfig.Hil"/> the boot goes through <see cref="StartHil"/> instead: no IMU, no ESC
    /// outputs (the motor pins are never configured), MAVLink HIL on the status UART.
    /// </summary>
    public static class Program
    {
        /// <summary>IMU identity attempts at boot (the sensor may still be powering up when the ESP32 is).</summary>
        private const int ImuIdentifyAttempts = 10;

        private static readonly StatusText Text = new StatusText(120);

        /// <summary>MAVLink system and component id of the board (MAV_COMP_ID_AUTOPILOT1).</summary>
        private const int SystemId = 1;
        private const int ComponentId = 1;

        public static void Main()
        {
            // HIL: BoardConfig.EspDevKitCHil() here (hardware/hil/README.md).
            BoardConfig board = BoardConfig.EspDevKitC();
            board.Validate();
            if (board.Hil)
            {
                StartHil(board);
            }
            else
            {
                StartFlight(board);
            }

            Thread.Sleep(Timeout.Infinite);
        }

        /// <summary>
        /// Hardware-in-the-loop boot: Core's board cycle with <see cref="MavlinkHil"/> as its IMU source and motor
        /// output and <see cref="MavlinkTelemetry"/> as its telemetry and status sink, all on the status UART. This
        /// path creates no <see cref="LedcEscOutputs"/> and no IMU driver (a test reads it from the compiled
        /// firmware): in HIL the ESCs never see a pulse whatever the simulator sends.
        /// </summary>
        private static void StartHil(BoardConfig board)
        {
            var link = new UartLink(board.StatusPort, board.StatusBaudRate, board.StatusRxPin, board.StatusTxPin);
            var telemetry = new MavlinkTelemetry(link, SystemId, ComponentId);
            telemetry.HilEnabled = true;
            Say(telemetry, StatusSeverity.Info, "LiquidFlight HIL: ", board.Name);

            var clock = new HighResClock();
            var escTiming = new EscTiming(board.EscProtocol, board.EscFrequencyHz);
            var hil = new MavlinkHil(link, escTiming, SystemId, ComponentId);
            IRcSource rc = board.HilRcFromReceiver
                ? (IRcSource)new CrsfRcSource(new UartLink(board.CrsfPort, board.CrsfBaudRate, board.CrsfRxPin, board.CrsfTxPin))
                : new MavlinkHilRcSource(hil, null);
            IController controller = ControllerTable.CreateShipped(board.Stabiliser, board.PidGains);
            // No ImuProfile: HIL_SENSOR delivers decoded samples.
            var cycle = new BoardCycle(CycleConfig(board, null, escTiming), controller, hil, hil, rc, clock, telemetry);
            cycle.Supervisor.Failsafe.LandingThrottle = board.FailsafeLandingThrottle;
            cycle.Telemetry = telemetry;
            telemetry.Board = cycle;
            hil.Board = cycle;
            StartLoop(cycle, board, controller, telemetry);
        }

        private static void StartFlight(BoardConfig board)
        {
            // A Release build prints through the UART line (Debug.WriteLine is compiled out there); no StatusPort
            // configured: the debugger's output only.
            IStatusSink status = board.StatusPort != null
                ? (IStatusSink)new UartStatusSink(new UartLink(board.StatusPort, board.StatusBaudRate, board.StatusRxPin, board.StatusTxPin))
                : new DebugStatusSink();
            Say(status, StatusSeverity.Info, "LiquidFlight: ", board.Name);

            var clock = new HighResClock();

            // Outputs first: from here on the ESCs see a valid throttle-low signal, whatever happens next.
            var escTiming = new EscTiming(board.EscProtocol, board.EscFrequencyHz);
            var escs = new LedcEscOutputs(board.MotorPins, escTiming);

            RegisterImu imu = StartImu(board, clock, status);
            if (imu == null)
            {
                Halt(status, "IMU not found or not configurable; motors held at minimum");
            }

            var receiver = new UartLink(board.CrsfPort, board.CrsfBaudRate, board.CrsfRxPin, board.CrsfTxPin);
            IController controller = ControllerTable.CreateShipped(board.Stabiliser, board.PidGains);
            var cycle = new BoardCycle(CycleConfig(board, imu.Profile, escTiming), controller, imu, escs,
                new CrsfRcSource(receiver), clock, status);
            cycle.Supervisor.Failsafe.LandingThrottle = board.FailsafeLandingThrottle;

            StartLoop(cycle, board, controller, status);
        }

        private static void StartLoop(BoardCycle cycle, BoardConfig board, IController controller, IStatusSink status)
        {
            var task = new FlightTask(cycle);
            var loopThread = new Thread(task.Run);
            loopThread.Priority = ThreadPriority.Highest;
            loopThread.Start();
            Text.Clear();
            Text.Append("LiquidFlight: loop running at ");
            Text.Append(board.LoopRateHz);
            Text.Append(" Hz, controller ");
            Text.Append(controller.Name);
            Text.Append("; calibrating the gyro: keep the craft still");
            Text.SendTo(status, StatusSeverity.Info);
        }

        /// <summary>The board's values as Core's cycle configuration (no decisions here: one field each).</summary>
        private static BoardCycleConfig CycleConfig(BoardConfig board, ImuDeviceProfile profile, EscTiming esc)
        {
            var config = new BoardCycleConfig();
            config.LoopRateHz = board.LoopRateHz;
            config.SlotCount = board.SlotCount;
            config.RcPollRateHz = board.RcPollRateHz;
            config.Esc = esc;
            config.ImuProfile = profile;
            config.ImuAlignment = AxisAlignment.For(board.ImuRotation);
            config.Safety = new SafetyLimits();
            config.GyroCalibrationMs = board.GyroCalibrationMs;
            config.GyroCalibrationMaxDeviation = board.GyroCalibrationMaxDeviation;
            config.GyroCalibrationMaxBias = board.GyroCalibrationMaxBias;
            config.ReportIntervalMs = board.ReportIntervalMs;
            return config;
        }

        private static RegisterImu StartImu(BoardConfig board, HighResClock clock, IStatusSink status)
        {
            RegisterImu imu = ImuDrivers.Create(board, clock);

            bool identified = false;
            for (int attempt = 0; attempt < ImuIdentifyAttempts && !identified; attempt++)
            {
                identified = imu.TryIdentify();
                if (!identified)
                {
                    Thread.Sleep(50);
                }
            }

            if (!identified)
            {
                Text.Clear();
                Text.Append("IMU: WHO_AM_I 0x");
                Text.AppendHex(imu.LastWhoAmI);
                Text.Append(", expected 0x");
                Text.AppendHex(imu.Profile.ExpectedWhoAmI);
                Text.Append(" (bus status ");
                Text.Append((int)imu.LastError);
                Text.Append(')');
                Text.SendTo(status, StatusSeverity.Critical);
                imu.Dispose();
                return null;
            }

            if (!imu.TryConfigure())
            {
                Text.Clear();
                Text.Append("IMU: setup write failed (bus status ");
                Text.Append((int)imu.LastError);
                Text.Append(')');
                Text.SendTo(status, StatusSeverity.Critical);
                imu.Dispose();
                return null;
            }

            Say(status, StatusSeverity.Info, "IMU: ready, ", imu.PartName);
            return imu;
        }

        private static void Say(IStatusSink status, StatusSeverity severity, string a, string b)
        {
            Text.Clear();
            Text.Append(a);
            Text.Append(b);
            Text.SendTo(status, severity);
        }

        private static void Halt(IStatusSink status, string reason)
        {
            while (true)
            {
                Say(status, StatusSeverity.Emergency, "LiquidFlight halted: ", reason);
                Thread.Sleep(5000);
            }
        }
    }
}
