using System;
using System.Diagnostics;
using System.Threading;
using LiquidFlight.Core.Control;
using LiquidFlight.Core.Flight;
using LiquidFlight.Core.Links.Crsf;
using LiquidFlight.Core.Safety;
using LiquidFlight.Core.Sensors;
using LiquidFlight.Core.Sensors.Imu;
using LiquidFlight.Firmware.Drivers.Crsf;
using LiquidFlight.Firmware.Drivers.Esc;
using LiquidFlight.Firmware.Drivers.Imu;
using LiquidFlight.Firmware.Drivers.Imu.Icm42688;
using LiquidFlight.Firmware.Drivers.Imu.Mpu6050;
using LiquidFlight.Firmware.Flight;
using LiquidFlight.Firmware.Timing;
using nanoFramework.Hardware.Esp32;

namespace LiquidFlight.Firmware
{
    /// <summary>
    /// Boot sequence of the flight controller: validate the board configuration, put every ESC output at the
    /// minimum pulse, bring up the IMU (identify, reset and configure, calibrate the gyro while the craft stands
    /// still), open the CRSF receiver UART, build Core's flight loop, and hand everything to one highest-priority
    /// thread running the cyclic executive. Any failure before that point stops the boot with the motors at
    /// minimum; the loop is never started with a missing sensor.
    /// </summary>
    public static class Program
    {
        /// <summary>IMU identity attempts at boot (the sensor may still be powering up when the ESP32 is).</summary>
        private const int ImuIdentifyAttempts = 10;

        /// <summary>Consecutive failed bus reads, frozen bursts and saturated bursts that make the IMU unhealthy.</summary>
        private const int ImuBusErrorLimit = 10;
        private const int ImuFrozenReadLimit = 50;
        private const int ImuSaturatedReadLimit = 25;

        public static void Main()
        {
            BoardConfig board = BoardConfig.EspDevKitC();
            board.Validate();
            Debug.WriteLine("LiquidFlight: " + board.Name);

            var clock = new HighResClock();

            // Outputs first: from here on the ESCs see a valid throttle-low signal, whatever happens next.
            var escTiming = new EscTiming(board.EscProtocol, board.EscFrequencyHz);
            var escs = new LedcEscOutputs(board.MotorPins, escTiming);

            I2cImu imu = StartImu(board, clock);
            if (imu == null)
            {
                Halt("IMU not found or not configurable; motors held at minimum");
            }

            var converter = new ImuSampleConverter(imu.Profile, AxisAlignment.For(board.ImuRotation));
            var imuHealth = new ImuHealthMonitor(imu.Profile, ImuBusErrorLimit, ImuFrozenReadLimit, ImuSaturatedReadLimit);
            var gyroCalibration = new GyroCalibrator(
                board.GyroCalibrationSamples, board.GyroCalibrationMaxDeviation, board.GyroCalibrationMaxBias);
            CalibrateGyro(board, clock, imu, converter, gyroCalibration);

            var supervisor = new SafetySupervisor();
            supervisor.ImuDetected = true;
            supervisor.GyroCalibrated = gyroCalibration.IsCalibrated;

            var crsf = new CrsfUartReceiver(board, new CrsfParser());

            var flightConfig = new FlightLoopConfig();
            escTiming.ApplyTo(flightConfig);
            IController controller = ControllerFactory.Create(board.Stabiliser);
            var flight = new FlightLoop(flightConfig, controller);

            var task = new FlightTask(board, clock, imu, converter, imuHealth, supervisor, flight, escs, crsf);
            var loopThread = new Thread(task.Run);
            loopThread.Priority = ThreadPriority.Highest;
            loopThread.Start();
            Debug.WriteLine("LiquidFlight: loop running at " + board.LoopRateHz + " Hz, controller " + controller.Name);

            Thread.Sleep(Timeout.Infinite);
        }

        private static I2cImu StartImu(BoardConfig board, HighResClock clock)
        {
            if (board.I2cBusId == 2)
            {
                Configuration.SetPinFunction(board.I2cDataPin, DeviceFunction.I2C2_DATA);
                Configuration.SetPinFunction(board.I2cClockPin, DeviceFunction.I2C2_CLOCK);
            }
            else
            {
                Configuration.SetPinFunction(board.I2cDataPin, DeviceFunction.I2C1_DATA);
                Configuration.SetPinFunction(board.I2cClockPin, DeviceFunction.I2C1_CLOCK);
            }

            I2cImu imu = board.ImuKind == ImuDeviceKind.Icm42688P
                ? (I2cImu)Icm42688.Create(board, clock)
                : Mpu6050.Create(board, clock);

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
                Debug.WriteLine("IMU: WHO_AM_I 0x" + imu.LastWhoAmI.ToString("X2") + ", expected 0x"
                    + imu.Profile.ExpectedWhoAmI.ToString("X2") + " (bus status " + (int)imu.LastError + ")");
                imu.Dispose();
                return null;
            }

            if (!imu.TryConfigure())
            {
                Debug.WriteLine("IMU: setup write failed (bus status " + (int)imu.LastError + ")");
                imu.Dispose();
                return null;
            }

            Debug.WriteLine("IMU: " + (board.ImuKind == ImuDeviceKind.Icm42688P ? "ICM-42688-P" : "MPU-6050") + " ready");
            return imu;
        }

        /// <summary>
        /// Measures the gyro bias at the loop rate before the loop starts. A batch with motion in it is discarded
        /// by Core's <see cref="GyroCalibrator"/> and collection starts again, so the boot waits for the craft to
        /// stand still; until then nothing can arm (the flight loop does not exist yet).
        /// </summary>
        private static void CalibrateGyro(BoardConfig board, HighResClock clock, I2cImu imu, ImuSampleConverter converter,
            GyroCalibrator calibration)
        {
            long periodUs = 1000000L / board.LoopRateHz;
            var sample = new ImuSample();
            int reportedRejections = 0;
            converter.ClearGyroBias();
            while (!calibration.IsCalibrated)
            {
                clock.SpinFor(periodUs);
                long stampUs;
                if (!imu.TryReadBurst(out stampUs) || !converter.Convert(imu.Burst, 0, stampUs, ref sample))
                {
                    continue;
                }

                calibration.AddSample(ref sample);
                if (calibration.Rejections != reportedRejections)
                {
                    reportedRejections = calibration.Rejections;
                    Debug.WriteLine("IMU: gyro calibration restarted (movement or implausible bias); keep the craft still");
                }
            }

            calibration.ApplyTo(converter);
            Debug.WriteLine("IMU: gyro bias " + calibration.BiasX + " " + calibration.BiasY + " " + calibration.BiasZ + " (rad/s Q16.16)");
        }

        private static void Halt(string reason)
        {
            while (true)
            {
                Debug.WriteLine("LiquidFlight halted: " + reason);
                Thread.Sleep(5000);
            }
        }
    }
}
