using LiquidFlight.Core.Control;
using LiquidFlight.Core.FixedPoint;
using LiquidFlight.Core.Ltc;
using LiquidFlight.Core.Safety;
using LiquidFlight.Core.Sensors;

namespace LiquidFlight.Core.Flight
{
    /// <summary>
    /// The flight-control step of the board cycle (<see cref="BoardCycle"/> runs it between the IMU read and the
    /// motor write), from IMU sample to normalised motor outputs:
    /// <code>
    ///   sample (µs stamp) -> clamp to sensor range -> gyro PT1 -> Mahony estimator -> VehicleState
    ///   PilotInput -> AngleMode (after the input changed) -> ControlSetpoint -> IController (LTC or PID) -> AxisCommand
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
        /// <summary>The pilot's input the setpoint is shaped from (the board cycle's RC command; its own otherwise).</summary>
        public readonly PilotInput Pilot;
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
        /// Arming and failsafe (Safety/SafetySupervisor), called at the start of every cycle and after the control step
        /// when a value of the state or the command may sit at an int limit (see <see cref="IFlightSupervisor.AfterCycle"/>);
        /// null = the host arms and disarms the loop itself (bench tests, open scenarios).
        /// </summary>
        public IFlightSupervisor Supervisor
        {
            get { return supervisor; }
            set
            {
                supervisor = value;
                safety = value as SafetySupervisor;
            }
        }

        private IFlightSupervisor supervisor;

        // Supervisor when it is the SafetySupervisor (every host's): the cycle calls its BeforeCycle directly, which
        // the IL pass then inlines ([InterpreterInline]); through the interface it would be a dispatched call.
        private SafetySupervisor safety;

        // The gyro PT1 (Pt1Filter's arithmetic), whose three states are State's rates (see RunCycle).
        private readonly long gyroTimeConstantUs;
        private readonly int maxGyro;
        private readonly int maxAccel;
        private readonly long maxSampleGapUs;

        private readonly int airmodeStartThrottle;

        // The loop clamps the gyro to maxGyro and dt to maxSampleGapUs (the estimator's MaxDtUs) itself: when
        // maxGyro is inside the estimator's own rate limit less its bias limit, the estimator need not clamp again, and
        // clamps its biased rates only on correction samples (otherwise it takes Update's clamps: the same bits).
        private readonly bool estimatorInputsInRange;
        // The gyro limit reaches 2^30: the filtered rates can then sit at an int limit, and the numeric screen reads them.
        private readonly bool screenRates;
        // The network of an LtcController, whose Update is this network's StepAttitude and nothing else: called
        // directly (one interface call and one call pair fewer per cycle); null for any other controller.
        private readonly LtcStep attitudeStep;

        // The sample's specific force clamped to maxAccel, for a sample not known to be within the limits: the
        // estimator reads it from here then (from the sample itself otherwise).
        private ImuSample clampedAccel;

        private bool armed;
        private bool motorsRunning;
        private bool controllerPrimed;
        private bool throttleRaised;
        private bool hasSample;
        private long lastSampleDtUs;

        public FlightLoop(FlightLoopConfig config, IController controller)
            : this(config, controller, null)
        {
        }

        /// <param name="pilot">The pilot's input to read (null = one of the loop's own).</param>
        public FlightLoop(FlightLoopConfig config, IController controller, PilotInput pilot)
        {
            Pilot = pilot ?? new PilotInput();
            Config = config ?? new FlightLoopConfig();
            Controller = controller;
            LtcController ltc = controller as LtcController;
            attitudeStep = ltc != null ? ltc.Network : null;
            // The estimator keeps its roll and pitch in State (no copy per sample).
            Estimator = new AttitudeEstimator(Config.EstimatorKpDisarmed, Config.EstimatorKi, Config.AccelTrustBand, State);
            // At most int.MaxValue µs (36 min): dt then fits the gyro PT1's alpha without Pt1Filter.AlphaFor's clamp.
            maxSampleGapUs = Config.MaxSampleGapUs > 0 ? (Config.MaxSampleGapUs < int.MaxValue ? Config.MaxSampleGapUs : int.MaxValue) : 1;
            Estimator.MaxDtUs = maxSampleGapUs;
            Mode = new AngleMode(Config.MaxAngleRad, Config.MaxYawRateRadS, Config.StickDeadband);
            Mixer = new QuadXMixer(Config.IdleThrottle);
            airmodeStartThrottle = Config.AirmodeStartThrottle;
            gyroTimeConstantUs = Pt1Filter.TimeConstantFor(Config.GyroCutoffHz);
            maxGyro = Q16.Abs(Config.MaxGyroRadS);
            maxAccel = Q16.Abs(Config.MaxAccelMS2);
            estimatorInputsInRange = maxGyro <= AttitudeEstimator.MaxRateLeavingBiasRoomQ16;
            screenRates = maxGyro >= 1 << 30;
        }

        public bool Armed => armed;

        /// <summary>The gyro clamp, rad/s Q16.16 (|<see cref="FlightLoopConfig.MaxGyroRadS"/>|).</summary>
        public int GyroLimit => maxGyro;

        /// <summary>The accelerometer clamp, m/s^2 Q16.16 (|<see cref="FlightLoopConfig.MaxAccelMS2"/>|).</summary>
        public int AccelLimit => maxAccel;

        /// <summary>The last cycle drove the motors (armed and the output gate open); false = minimum pulse.</summary>
        public bool MotorsRunning => motorsRunning;

        /// <summary>The last cycle mixed the controller's output (false while armed but idling after arming).</summary>
        public bool Mixing => motorsRunning && controllerPrimed && throttleRaised;

        /// <summary>Timestamp of the last sample used (µs); meaningful once <see cref="HasSample"/>.</summary>
        public long LastSampleTimestampUs => State.TimestampUs;

        /// <summary>The dt the last sample was integrated over (µs, after the backwards/gap rules).</summary>
        public long LastSampleDtUs => lastSampleDtUs;

        public bool HasSample => hasSample;

        /// <summary>Microseconds since the last sample was taken (for IMU-stale checks); long.MaxValue before any.</summary>
        public long SampleAgeUs(long nowUs)
        {
            return hasSample ? nowUs - State.TimestampUs : long.MaxValue;
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
            Estimator.Kp = Config.EstimatorKp;
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
            Estimator.Kp = Config.EstimatorKpDisarmed;
            ResetController();
        }

        /// <summary>
        /// Runs one cycle at <paramref name="nowUs"/>. When <paramref name="sampleIsNew"/> is false the sample is
        /// not read at all. <paramref name="sampleWithinLimits"/> tells that the sample's rates and specific force are
        /// known to lie within <see cref="GyroLimit"/> and <see cref="AccelLimit"/> (the board cycle, for a sample from a
        /// converter whose every output does, <see cref="Sensors.Imu.ImuSampleConverter.OutputWithinLimits"/>): the six
        /// clamps are then left out, which changes nothing for such a sample; pass false when it is not known. Leaves the
        /// normalised outputs in <see cref="MotorOutputs"/> and returns whether the
        /// motors run (also <see cref="MotorsRunning"/>); the board cycle turns them into ESC pulses.
        /// </summary>
        /// <remarks>
        /// Written for the interpreter (a call costs as much as ten local loads, a field load three): each field is
        /// read once into a local, the gyro PT1 runs in this object's fields, and the
        /// estimator's gain follows the arming state in <see cref="Arm"/>/<see cref="Disarm"/> instead of being
        /// stored every sample.
        /// </remarks>
        public bool RunCycle(long nowUs, ref ImuSample sample, bool sampleIsNew, bool sampleWithinLimits)
        {
            SafetySupervisor safe = safety;
            // The state, the command and the sample's dt in locals for the whole cycle: read by the sample's work, the
            // controller, the numeric screen and the mixer.
            VehicleState state = State;
            AxisCommand command = Command;
            long dt = 0;
            if (safe != null)
            {
                safe.BeforeCycle(this, nowUs, ref sample, sampleIsNew);
            }
            else if (supervisor != null)
            {
                supervisor.BeforeCycle(this, nowUs, ref sample, sampleIsNew);
            }

            if (sampleIsNew)
            {
                // The sample: dt, clamps, gyro PT1, estimator, state (written out here rather than in a method of
                // its own: one call pair fewer per cycle; its locals are zeroed by this method's call instead).
                long timestamp = sample.TimestampUs;
                bool had = hasSample;
                if (had)
                {
                    long last = state.TimestampUs;
                    if (timestamp >= last)
                    {
                        dt = timestamp - last;
                        long gap = maxSampleGapUs;
                        if ((ulong)dt > (ulong)gap)
                        {
                            // dt < 0 here means the subtraction overflowed: an enormous gap.
                            dt = gap;
                        }
                    }
                }

                // Q16.Clamp written out (six calls per cycle cost more than the compares on the interpreter), as one
                // unsigned compare per value: a value inside [-limit, limit] then costs one branch and no store. A sample
                // the caller knows to be within the limits skips them.
                // The specific force is not loaded here: the estimator reads it from the sample (or from clampedAccel)
                // on the samples that use it, one in four.
                int gx = sample.GyroX;
                int gy = sample.GyroY;
                int gz = sample.GyroZ;
                if (!sampleWithinLimits)
                {
                    int limit = maxGyro;
                    uint span = (uint)limit << 1;
                    if ((uint)(gx + limit) > span) { gx = gx < 0 ? -limit : limit; }
                    if ((uint)(gy + limit) > span) { gy = gy < 0 ? -limit : limit; }
                    if ((uint)(gz + limit) > span) { gz = gz < 0 ? -limit : limit; }
                    limit = maxAccel;
                    span = (uint)limit << 1;
                    int a = sample.AccelX;
                    if ((uint)(a + limit) > span) { a = a < 0 ? -limit : limit; }
                    clampedAccel.AccelX = a;
                    a = sample.AccelY;
                    if ((uint)(a + limit) > span) { a = a < 0 ? -limit : limit; }
                    clampedAccel.AccelY = a;
                    a = sample.AccelZ;
                    if ((uint)(a + limit) > span) { a = a < 0 ? -limit : limit; }
                    clampedAccel.AccelZ = a;
                }

                // The filtered rates are the state's rates, which are also the filters' memory (the loop alone writes
                // them; one store per axis), and the estimator writes roll and pitch into State itself as it updates
                // them (a copy would be four field accesses per sample). The first sample starts the filters at its rates.
                if (!had)
                {
                    hasSample = true;
                    state.RollRate = gx;
                    state.PitchRate = gy;
                    state.YawRate = gz;
                }
                else
                {
                    // The gyro PT1 (Pt1Filter.ApplyAlpha, per axis) written out with its state in State's rates: four
                    // calls per sample cost more than the filter. Alpha is Pt1Filter.AlphaFor written out
                    // and computed every sample: on the board no two sample intervals are quite equal (the loop starts
                    // each cycle a varying few µs after its deadline), so keeping the last dt's alpha would miss almost
                    // every time. dt <= maxSampleGapUs <= int.MaxValue, so AlphaFor's clamp cannot act.
                    // Alpha (at most 2^16) is kept in a long: the three products then convert nothing to widen it.
                    long tau = gyroTimeConstantUs;
                    long alpha = dt <= 0 ? 0 : (tau == 0 ? Q16.One : (dt << Q16.FractionBits) / (tau + dt));

                    int y = state.RollRate;
                    state.RollRate = y + (int)((((long)gx - y) * alpha + Q16.Half) >> Q16.FractionBits);
                    y = state.PitchRate;
                    state.PitchRate = y + (int)((((long)gy - y) * alpha + Q16.Half) >> Q16.FractionBits);
                    y = state.YawRate;
                    state.YawRate = y + (int)((((long)gz - y) * alpha + Q16.Half) >> Q16.FractionBits);
                }

                // The estimator integrates the unfiltered rates: the PT1's phase lag would become attitude lag.
                AttitudeEstimator estimator = Estimator;
                if (sampleWithinLimits)
                {
                    if (estimatorInputsInRange)
                    {
                        estimator.UpdateWithinRange(gx, gy, gz, ref sample, dt, true);
                    }
                    else
                    {
                        estimator.Update(gx, gy, gz, ref sample, dt);
                    }
                }
                else if (estimatorInputsInRange)
                {
                    estimator.UpdateWithinRange(gx, gy, gz, ref clampedAccel, dt, true);
                }
                else
                {
                    estimator.Update(gx, gy, gz, ref clampedAccel, dt);
                }

                lastSampleDtUs = dt;
                state.TimestampUs = timestamp;
            }

            // The setpoint is a function of the pilot's input alone: shaped again only after the input was written
            // (an RC frame, the failsafe landing, a host), so a cycle between RC frames skips the angle mode.
            ControlSetpoint setpoint = Setpoint;
            PilotInput pilot = Pilot;
            if (pilot.changed)
            {
                pilot.changed = false;
                Mode.Update(pilot, setpoint);
            }

            // Read once: tested after the step (primed by the first real interval) and again before the mix.
            bool primed = controllerPrimed;
            if (sampleIsNew && armed)
            {
                LtcStep step = attitudeStep;
                if (step != null)
                {
                    step.StepAttitude(setpoint, state, dt, command);
                    if (!primed && dt > 0)
                    {
                        controllerPrimed = primed = true;
                    }
                }
                else
                {
                    IController controller = Controller;
                    if (controller != null)
                    {
                        controller.Update(setpoint, state, dt, command);
                        if (!primed && dt > 0)
                        {
                            controllerPrimed = primed = true;
                        }
                    }
                }
            }

            bool running = armed && MotorOutputEnabled;
            motorsRunning = running;
            // Whether the mixer found every axis command within [-1, 1] (Mix's own range test): the numeric screen
            // below then has nothing to find in the command.
            bool commandInUnitRange = false;
            if (!running)
            {
                Mixer.Stopped(MotorOutputs);
            }
            else
            {
                bool raised = throttleRaised;
                if (!raised && setpoint.Throttle > airmodeStartThrottle)
                {
                    throttleRaised = raised = true;
                }

                if (!raised || !primed)
                {
                    Mixer.Idle(MotorOutputs);
                }
                else
                {
                    commandInUnitRange = Mixer.Mix(setpoint.Throttle, command, MotorOutputs);
                }
            }

            if (!commandInUnitRange || screenRates)
            {
                // The numeric screen, here rather than in the supervisor (one call fewer per cycle), after the mix (the
                // supervisor's check only marks a fault for the next cycle): x + 2^30 is negative (the int wraps)
                // exactly when x lies outside [-2^30, 2^30), so an OR of the sums that is not negative proves that none
                // of the values sits at an int limit and the supervisor has nothing to check. Screened: the
                // controller's command unless the mixer found it within [-1, 1] (a mixing cycle's usual case, which
                // then skips the screen), and the state's rates while the gyro limit is 2^30 or more. The state's
                // attitude needs none: the estimator wraps roll to +-pi and clamps pitch to +-pi/2, and the heading
                // (written by UpdateHeading, not here) is an atan2. Nor do the rates below that limit: the PT1's output
                // lies between its last output and its clamped input, so within +-GyroLimit.
                const int screen = 1 << 30;
                int screened = 0;
                if (!commandInUnitRange)
                {
                    screened = (command.Roll + screen) | (command.Pitch + screen) | (command.Yaw + screen);
                }

                if (screenRates)
                {
                    screened |= (state.RollRate + screen) | (state.PitchRate + screen) | (state.YawRate + screen);
                }

                if (screened < 0)
                {
                    IFlightSupervisor s = supervisor;
                    if (s != null)
                    {
                        s.AfterCycle(this);
                    }
                }
            }

            return running;
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
