using LiquidFlight.Core.Control;
using LiquidFlight.Core.FixedPoint;
using LiquidFlight.Core.Sensors;

namespace LiquidFlight.Core.Flight
{
    /// <summary>
    /// The flight-control step of the board cycle (<see cref="BoardCycle"/> runs it between the IMU read and the
    /// motor write), from IMU sample to normalised motor outputs:
    /// <code>
    ///   sample (µs stamp) -> clamp to sensor range -> gyro PT1 -> Mahony estimator -> VehicleState
    ///   PilotInput -> AngleMode -> ControlSetpoint -> IController (LTC or PID) -> AxisCommand
    ///   -> QuadXMixer (airmode-like, idle) -> motor outputs [0, 1]
    /// </code>
    /// Timing: everything that integrates (filters, estimator, controller) does so over the difference between
    /// consecutive sample timestamps, so the loop rate and the IMU rate are independent. A cycle without a new
    /// sample integrates nothing: it re-mixes the last command with the current throttle. Backwards time counts
    /// as no time (the reference re-syncs), a gap longer than <see cref="FlightLoopConfig.MaxSampleGapUs"/> counts
    /// as that long.
    ///
    /// Supervision hooks: <see cref="Arm"/>/<see cref="Disarm"/> (both reset the controller so no integral or
    /// neuron state survives across flights) and the <see cref="MotorOutputEnabled"/> gate; the safety supervisor
    /// drives both.
    ///
    /// No kick at arming: after arming the motors idle and no controller output is mixed until the controller
    /// has integrated a real interval (its first output after a reset, at dt = 0, is only its reset state) and
    /// the pilot has raised the throttle past <see cref="FlightLoopConfig.AirmodeStartThrottle"/> once (as
    /// Betaflight starts airmode): on the ground at idle the attitude loop cannot spin motors up. The controller
    /// runs meanwhile, so its state is settled when mixing starts. The estimator and filters run whether armed or not, so the attitude is valid at arming; its
    /// accelerometer gain is <see cref="FlightLoopConfig.EstimatorKpDisarmed"/> on the ground and the lower
    /// <see cref="FlightLoopConfig.EstimatorKp"/> in flight.
    ///
    /// RunCycle never throws and never allocates.
    /// </summary>
    public sealed class FlightLoop
    {
        public readonly FlightLoopConfig Config;
        public readonly IController Controller;
        public readonly PilotInput Pilot = new PilotInput();
        public readonly AttitudeEstimator Estimator;
        public readonly AngleMode Mode;
        public readonly VehicleState State = new VehicleState();
        public readonly ControlSetpoint Setpoint = new ControlSetpoint();
        public readonly AxisCommand Command = new AxisCommand();
        public readonly QuadXMixer Mixer;

        /// <summary>Normalised motor outputs of the last cycle, [0, 1] Q16.16, M1..M4 (0 while stopped, >= idle while running).</summary>
        public readonly int[] MotorOutputs = new int[QuadXMixer.MotorCount];

        /// <summary>
        /// Output gate for supervision (failsafe, HIL output enable): while false the motors get the minimum
        /// pulse even if armed. Arming state is kept, so clearing the gate is not a disarm.
        /// </summary>
        public bool MotorOutputEnabled = true;

        /// <summary>
        /// Arming and failsafe (Safety/SafetySupervisor), called at the start and after the control step of every
        /// cycle; null = the host arms and disarms the loop itself (bench tests, open scenarios).
        /// </summary>
        public IFlightSupervisor Supervisor;

        private readonly Pt1Filter gyroFilterX;
        private readonly Pt1Filter gyroFilterY;
        private readonly Pt1Filter gyroFilterZ;
        private readonly int maxGyro;
        private readonly int maxAccel;
        private readonly long maxSampleGapUs;

        private readonly int airmodeStartThrottle;

        // The loop clamps the gyro to maxGyro and dt to maxSampleGapUs (the estimator's MaxDtUs) itself: when
        // maxGyro is inside the estimator's own rate limit, the estimator need not clamp again.
        private readonly bool estimatorInputsInRange;

        private bool armed;
        private bool motorsRunning;
        private bool controllerPrimed;
        private bool throttleRaised;
        private bool hasSample;
        private long lastSampleTimestampUs;
        private long lastSampleDtUs;
        private long lastCycleUs;
        private long sampleCount;
        private long cycleCount;

        public FlightLoop(FlightLoopConfig config, IController controller)
        {
            Config = config ?? new FlightLoopConfig();
            Controller = controller;
            Estimator = new AttitudeEstimator(Config.EstimatorKpDisarmed, Config.EstimatorKi, Config.AccelTrustBand);
            maxSampleGapUs = Config.MaxSampleGapUs > 0 ? Config.MaxSampleGapUs : 1;
            Estimator.MaxDtUs = maxSampleGapUs;
            Mode = new AngleMode(Config.MaxAngleRad, Config.MaxYawRateRadS, Config.StickDeadband);
            Mixer = new QuadXMixer(Config.IdleThrottle);
            airmodeStartThrottle = Config.AirmodeStartThrottle;
            gyroFilterX = new Pt1Filter(Config.GyroCutoffHz);
            gyroFilterY = new Pt1Filter(Config.GyroCutoffHz);
            gyroFilterZ = new Pt1Filter(Config.GyroCutoffHz);
            maxGyro = Q16.Abs(Config.MaxGyroRadS);
            maxAccel = Q16.Abs(Config.MaxAccelMS2);
            estimatorInputsInRange = maxGyro <= AttitudeEstimator.MaxRateQ16;
        }

        public bool Armed => armed;

        /// <summary>The last cycle drove the motors (armed and the output gate open); false = minimum pulse.</summary>
        public bool MotorsRunning => motorsRunning;

        /// <summary>The last cycle mixed the controller's output (false while armed but idling after arming).</summary>
        public bool Mixing => motorsRunning && controllerPrimed && throttleRaised;

        /// <summary>Timestamp of the last sample used (µs); meaningful once <see cref="HasSample"/>.</summary>
        public long LastSampleTimestampUs => lastSampleTimestampUs;

        /// <summary>The dt the last sample was integrated over (µs, after the backwards/gap rules).</summary>
        public long LastSampleDtUs => lastSampleDtUs;

        public bool HasSample => hasSample;
        public long SampleCount => sampleCount;
        public long CycleCount => cycleCount;
        public long LastCycleUs => lastCycleUs;

        /// <summary>Microseconds since the last sample was taken (for IMU-stale checks); long.MaxValue before any.</summary>
        public long SampleAgeUs(long nowUs)
        {
            return hasSample ? nowUs - lastSampleTimestampUs : long.MaxValue;
        }

        /// <summary>Arms: the controller starts from a clean state. Arming checks belong to the caller (the supervisor).</summary>
        public void Arm()
        {
            if (armed)
            {
                return;
            }

            ResetController();
            armed = true;
            controllerPrimed = false;
            throttleRaised = false;
        }

        public void Disarm()
        {
            if (!armed)
            {
                return;
            }

            armed = false;
            ResetController();
        }

        /// <summary>
        /// Runs one cycle at <paramref name="nowUs"/>. When <paramref name="sampleIsNew"/> is false the sample is
        /// not read at all. Leaves the normalised outputs in <see cref="MotorOutputs"/> and whether the motors run
        /// in <see cref="MotorsRunning"/>; the board cycle turns them into ESC pulses.
        /// </summary>
        public void RunCycle(long nowUs, ref ImuSample sample, bool sampleIsNew)
        {
            cycleCount++;
            lastCycleUs = nowUs;

            if (Supervisor != null)
            {
                Supervisor.BeforeCycle(this, nowUs, ref sample, sampleIsNew);
            }

            if (sampleIsNew)
            {
                Estimator.Kp = armed ? Config.EstimatorKp : Config.EstimatorKpDisarmed;
                ProcessSample(ref sample);
            }

            Mode.Update(Pilot, Setpoint);

            if (armed && sampleIsNew && Controller != null)
            {
                Controller.Update(Setpoint, State, lastSampleDtUs, Command);
                if (lastSampleDtUs > 0)
                {
                    controllerPrimed = true;
                }
            }

            if (Supervisor != null)
            {
                Supervisor.AfterCycle(this);
            }

            motorsRunning = armed && MotorOutputEnabled;
            if (!motorsRunning)
            {
                Mixer.Stopped(MotorOutputs);
                return;
            }

            if (!throttleRaised && Setpoint.Throttle > airmodeStartThrottle)
            {
                throttleRaised = true;
            }

            if (!controllerPrimed || !throttleRaised)
            {
                Mixer.Idle(MotorOutputs);
                return;
            }

            Mixer.Mix(Setpoint.Throttle, Command, MotorOutputs);
        }

        private void ProcessSample(ref ImuSample sample)
        {
            long timestamp = sample.TimestampUs;
            long dt = 0;
            if (hasSample)
            {
                if (timestamp >= lastSampleTimestampUs)
                {
                    dt = timestamp - lastSampleTimestampUs;
                    if (dt < 0 || dt > maxSampleGapUs)
                    {
                        // dt < 0 here means the subtraction overflowed: an enormous gap.
                        dt = maxSampleGapUs;
                    }
                }
            }

            // Q16.Clamp written out (six calls per cycle cost more than the compares on the interpreter), as
            // statements: a value inside the range then costs two compares and no store.
            int limit = maxGyro;
            int low = -limit;
            int gx = sample.GyroX;
            if (gx < low) { gx = low; } else if (gx > limit) { gx = limit; }
            int gy = sample.GyroY;
            if (gy < low) { gy = low; } else if (gy > limit) { gy = limit; }
            int gz = sample.GyroZ;
            if (gz < low) { gz = low; } else if (gz > limit) { gz = limit; }
            limit = maxAccel;
            low = -limit;
            int ax = sample.AccelX;
            if (ax < low) { ax = low; } else if (ax > limit) { ax = limit; }
            int ay = sample.AccelY;
            if (ay < low) { ay = low; } else if (ay > limit) { ay = limit; }
            int az = sample.AccelZ;
            if (az < low) { az = low; } else if (az > limit) { az = limit; }

            // The filtered rates go to the state from the filters' return values and the attitude from the
            // estimator's fields: a property read is a call on the interpreter.
            VehicleState state = State;
            if (!hasSample)
            {
                gyroFilterX.Reset(gx);
                gyroFilterY.Reset(gy);
                gyroFilterZ.Reset(gz);
                state.RollRate = gx;
                state.PitchRate = gy;
                state.YawRate = gz;
            }
            else
            {
                int alpha = gyroFilterX.Alpha(dt);
                state.RollRate = gyroFilterX.ApplyAlpha(gx, alpha);
                state.PitchRate = gyroFilterY.ApplyAlpha(gy, alpha);
                state.YawRate = gyroFilterZ.ApplyAlpha(gz, alpha);
            }

            // The estimator integrates the unfiltered rates: the PT1's phase lag would become attitude lag.
            if (estimatorInputsInRange)
            {
                Estimator.UpdateWithinRange(gx, gy, gz, ax, ay, az, dt);
            }
            else
            {
                Estimator.Update(gx, gy, gz, ax, ay, az, dt);
            }

            hasSample = true;
            lastSampleTimestampUs = timestamp;
            lastSampleDtUs = dt;
            sampleCount++;

            AttitudeEstimator estimator = Estimator;
            state.Roll = estimator.roll;
            state.Pitch = estimator.pitch;
            state.TimestampUs = timestamp;
        }

        /// <summary>
        /// Copies the estimator's heading (computed when read) into <see cref="State"/>.Yaw. Not done per sample: no
        /// control law uses the heading, so whatever reports it refreshes it first (the ATTITUDE telemetry message,
        /// the loop report); between reports State.Yaw holds the last reported heading.
        /// </summary>
        public void UpdateHeading()
        {
            State.Yaw = Estimator.Yaw;
        }

        private void ResetController()
        {
            if (Controller != null)
            {
                Controller.Reset();
            }

            Command.Clear();
        }
    }
}
