using LiquidFlight.Core.Control;
using LiquidFlight.Core.Flight;
using LiquidFlight.Core.Links.Crsf;
using LiquidFlight.Core.Scheduler;
using LiquidFlight.Core.Telemetry;

namespace LiquidFlight.Core.Bench
{
    /// <summary>
    /// A deterministic bench flight through the whole <see cref="BoardCycle"/>, shared by il-count (desktop, a
    /// hand-set clock) and the on-device cycle-time tests (the board's µs clock): synthetic MPU-6050 bursts and CRSF
    /// frames go through Core's converter, IMU health, parser, channel map and supervisor exactly as on the board.
    /// Script: still and level on the ground (gyro calibration), arm switch on, then after
    /// <see cref="SpoolCycles"/> armed cycles half throttle with the sticks and the sensed rates sweeping as
    /// triangles of different periods, so the estimator, angle mode, controller and mixer take their in-flight paths.
    /// The sensed rates do not answer the motors (the loop is open): the LTC's commands stay small and no clamp
    /// saturates, but the PID's integrators wind up against the unanswered errors and its mixer shifts the throttle or
    /// scales the torques in about half of the cycles (il-count prints how often). Integer-only and allocation-free
    /// after construction.
    /// </summary>
    public sealed class BenchFlight
    {
        /// <summary>Armed cycles before the flight phase (idle, then the throttle goes up).</summary>
        public const int SpoolCycles = 50;

        public readonly BoardCycle Board;
        public readonly BenchImu Imu = new BenchImu();
        public readonly BenchReceiver Receiver = new BenchReceiver();
        public readonly BenchMotors Motors = new BenchMotors();

        /// <summary>MAVLink telemetry (HEARTBEAT, SYS_STATUS, ATTITUDE) in the board cycle's telemetry slot.</summary>
        public readonly BenchLink TelemetryLink = new BenchLink();
        public readonly MavlinkTelemetry Telemetry;

        /// <summary>The hand-set clock when no clock was given (null on the board).</summary>
        public readonly BenchClock Clock;

        public long Cycle;
        public long ArmedAtCycle = -1;

        /// <summary>
        /// With the hand-set clock, each cycle starts this many µs after its deadline at most (seeded, uniform from 0):
        /// on the board the executive spins on the clock until the deadline and a spin iteration of the interpreted
        /// loop takes tens of µs, so starts, and with them the IMU sample stamps, are late by a varying amount and no
        /// two sample intervals are quite equal. 0 = every cycle exactly on its deadline.
        /// </summary>
        public int StartJitterUs = 31;

        private uint jitterRandom = 20261204;

        /// <summary>The bench's default loop rate (Hz) and its receiver's frame period (µs, on the receiver's clock).</summary>
        public const int DefaultLoopRateHz = 500;
        public const long DefaultFramePeriodUs = 3996;

        // The receiver's frame period on its own clock and the next frame's start on the wire.
        private readonly long framePeriodUs;
        private long nextFrameUs;

        /// <summary>
        /// Builds the bench board: 500 Hz, 4 slots, standard PWM, 200 ms gyro calibration, default limits, MAVLink
        /// telemetry to a counting link; a 250 Hz receiver whose clock runs 0.1 % fast (a frame every 3,996 µs).
        /// <paramref name="clock"/> null = a hand-set clock moved to each deadline by <see cref="RunCycle"/>.
        /// </summary>
        public BenchFlight(IController controller, IMicrosClock clock, IStatusSink status)
            : this(controller, clock, status, DefaultLoopRateHz, DefaultFramePeriodUs)
        {
        }

        /// <summary>
        /// The same bench at <paramref name="loopRateHz"/> with a receiver that sends a channel frame every
        /// <paramref name="framePeriodUs"/> µs of its own clock.
        /// </summary>
        public BenchFlight(IController controller, IMicrosClock clock, IStatusSink status, int loopRateHz, long framePeriodUs)
        {
            this.framePeriodUs = framePeriodUs < 1 ? 1 : framePeriodUs;
            var config = new BoardCycleConfig();
            config.LoopRateHz = loopRateHz;
            config.ImuProfile = BenchImu.Profile();
            config.GyroCalibrationMs = 200;
            if (clock == null)
            {
                Clock = new BenchClock();
                Clock.Now = 1000000;
                clock = Clock;
            }

            Receiver.Clock = Clock;
            Board = new BoardCycle(config, controller, Imu, Motors, new CrsfRcSource(Receiver), clock, status);
            Telemetry = new MavlinkTelemetry(TelemetryLink, 1, 1);
            Telemetry.Board = Board;
            Board.Telemetry = Telemetry;
            Board.Start();
        }

        /// <summary>In the flight phase: armed, spooled up, sweeping.</summary>
        public bool Flying
        {
            get { return ArmedAtCycle >= 0 && Cycle > ArmedAtCycle + SpoolCycles; }
        }

        /// <summary>Sets this cycle's sensor and stick values, then runs one board cycle.</summary>
        public void RunCycle()
        {
            Script();
            if (Clock != null)
            {
                jitterRandom = (jitterRandom * 1664525u) + 1013904223u;
                int jitter = StartJitterUs > 0 ? (int)((jitterRandom >> 8) % (uint)(StartJitterUs + 1)) : 0;
                Clock.Now = Board.Executive.NextDeadlineUs + jitter;
            }

            Board.RunOnce();
            if (ArmedAtCycle < 0 && Board.Flight.Armed)
            {
                ArmedAtCycle = Cycle;
            }

            Cycle++;
        }

        private void Script()
        {
            long k = Cycle;
            int[] ch = Receiver.ChannelUs;
            bool flying = Flying;
            if (!flying)
            {
                // On the ground: level and still; the arm switch goes on once calibrated, throttle stays low.
                Imu.AccelX = 0;
                Imu.AccelY = 0;
                Imu.AccelZ = BenchImu.OneGCounts;
                Imu.GyroX = 0;
                Imu.GyroY = 0;
                Imu.GyroZ = 0;
                ch[0] = 1500;
                ch[1] = 1500;
                ch[2] = 1000;
                ch[3] = 1500;
                ch[4] = Board.Supervisor.GyroCalibrated ? 2000 : 1000;
            }
            else
            {
                // Gyro: 0.6/0.5/0.3 rad/s peaks (16.4 LSB per deg/s); accel: 0.8 m/s^2 sideways (2048 LSB/g).
                Imu.GyroX = Triangle(k, 700, 564);
                Imu.GyroY = Triangle(k, 1100, 470);
                Imu.GyroZ = Triangle(k, 1700, 282);
                Imu.AccelX = Triangle(k, 1100, 167);
                Imu.AccelY = -Triangle(k, 700, 167);
                Imu.AccelZ = BenchImu.OneGCounts;
                ch[0] = 1500 + Triangle(k, 700, 200);
                ch[1] = 1500 + Triangle(k, 1100, 150);
                ch[2] = 1500;
                ch[3] = 1500 + Triangle(k, 1700, 100);
                ch[4] = 2000;
            }

            // The receiver, read in the even (RC) slots, sends a channel frame every framePeriodUs of its own clock
            // (by default a 250 Hz receiver whose clock runs 0.1 % fast: a frame every 3,996 µs). With the hand-set
            // clock each frame is queued once its first byte is due and its 24 µs bytes arrive from then on, so they
            // meet the polls at every phase and some frames are split between two polls, as on a real UART; with the
            // board's clock (on the device) each frame is queued whole when it is due.
            long now = Board.Executive.NextDeadlineUs;
            if (nextFrameUs == 0)
            {
                nextFrameUs = now;
            }

            while (nextFrameUs <= now)
            {
                if (Clock != null)
                {
                    Receiver.Send(nextFrameUs);
                }
                else
                {
                    Receiver.Send();
                }

                nextFrameUs += framePeriodUs;
            }
        }

        /// <summary>Triangle wave of <paramref name="period"/> cycles between -amplitude and +amplitude.</summary>
        private static int Triangle(long k, int period, int amplitude)
        {
            int phase = (int)(k % period);
            int half = period / 2;
            int rise = phase < half ? phase : period - phase;
            return (int)((4L * amplitude * rise) / period) - amplitude;
        }
    }
}
