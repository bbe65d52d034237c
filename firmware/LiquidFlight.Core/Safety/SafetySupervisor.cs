using System;
using LiquidFlight.Core.Control;
using LiquidFlight.Core.Flight;
using LiquidFlight.Core.Scheduler;
using LiquidFlight.Core.Sensors;

namespace LiquidFlight.Core.Safety
{
    /// <summary>
    /// Arming and failsafe around a <see cref="FlightLoop"/>: decides every cycle whether the loop is armed and,
    /// in failsafe stage 1, replaces the pilot's sticks with "level" and the throttle of the
    /// <see cref="FailsafeLanding"/>, whose touchdown ends the stage (motors off, disarmed). The host reports what
    /// only it can see (RC frames and the arm switch, IMU detection, bus health and calibration, loop overruns);
    /// the supervisor watches the samples and the flight state itself. <see cref="Flight.BoardCycle"/> feeds it
    /// every cycle (loop.Supervisor is set once; RunCycle then calls it before and after its work) and reports
    /// each finished cycle with <see cref="LoopCycleFinished"/>. Every limit comes from one
    /// <see cref="SafetyLimits"/>, in time. Nothing allocates or throws after construction.
    /// </summary>
    public sealed class SafetySupervisor : IFlightSupervisor
    {
        public readonly SafetyLimits Limits;
        public readonly ArmingGuard Arming = new ArmingGuard();
        public readonly Failsafe Failsafe;
        public readonly LoopHealthMonitor LoopHealth;
        public readonly ImuSampleWatch ImuWatch;
        public readonly ArmingConditions Conditions = new ArmingConditions();

        /// <summary>Stage 1's throttle and touchdown detector, fed every new sample.</summary>
        public readonly FailsafeLanding Landing;

        /// <summary>Builds the supervisor from the board's limits (validated here, at start-up).</summary>
        public SafetySupervisor(SafetyLimits limits)
        {
            if (limits == null)
            {
                throw new ArgumentNullException("limits");
            }

            limits.Validate();
            Limits = limits;
            Failsafe = new Failsafe(limits);
            Landing = new FailsafeLanding(limits);
            LoopHealth = new LoopHealthMonitor(SafetyLimits.Us(limits.OverrunForgiveMs), limits.OverrunTripStrikes);
            ImuWatch = new ImuSampleWatch(SafetyLimits.Us(limits.ImuStaleMs), SafetyLimits.Us(limits.ImuFrozenMs),
                SafetyLimits.Us(limits.ImuSaturatedMs), SafetyLimits.Us(limits.ImuClockStuckMs));
        }

        /// <summary>Arm switch position as last received from the transmitter.</summary>
        public bool ArmSwitch;

        /// <summary>
        /// IMU answered its identity check (board) / exists (simulator). Clearing it ends the steady path at once (see
        /// <see cref="BeforeCycle"/>), which therefore need not test it every cycle.
        /// </summary>
        public bool ImuDetected
        {
            get { return imuDetected; }
            set
            {
                imuDetected = value;
                if (!value)
                {
                    LeaveSteady();
                }
            }
        }

        /// <summary>Host-side IMU health (board: <see cref="Sensors.Imu.ImuHealthMonitor"/>); true where no such check exists.</summary>
        public bool ImuBusHealthy = true;

        public bool GyroCalibrated;

        /// <summary>
        /// Latched when a checked flight value saturated; cleared only by <see cref="ClearNumericFault"/> while disarmed.
        /// Setting it ends the steady path at once (see <see cref="BeforeCycle"/>), which therefore need not test it every
        /// cycle.
        /// </summary>
        public bool NumericFault
        {
            get { return numericFault; }
            set
            {
                numericFault = value;
                if (value)
                {
                    LeaveSteady();
                }
            }
        }

        /// <summary>Hard faults present at the last update (for telemetry and tests).</summary>
        public FailsafeCause ActiveFaults;

        private bool landingStarted;
        private bool imuDetected;
        private bool numericFault;

        // The steady path (see BeforeCycle): armed, no failsafe, no fault, the IMU watch, the landing's time line and
        // the throttle history in their ordinary state. While it runs, the landing's lastTimestampUs is
        // ImuWatch.LastTimestampUs and its pendingUs is that minus landingBaseUs; LeaveSteady writes them back.
        private bool steady;
        private long landingBaseUs;

        // The steady path's saturation pre-check: every gyro axis in [-2^21, 2^21) (32 rad/s) and every accelerometer
        // axis in [-2^23, 2^23) (128 m/s^2), one add per axis and one mask per sensor. Inside the full scales whenever
        // those exceed 2^21 and 2^23 (the defaults 35 rad/s and 156 m/s^2 do); a value outside takes the plain path.
        // Only while the watch judges saturation: on the board the health monitor judges the raw words instead, and
        // the steady path then tests nothing for it (ImuSampleWatch.JudgeSaturation).
        private const int GyroQuickHalf = 1 << 21;
        private const int GyroQuickMask = -(1 << 22);
        private const int AccelQuickHalf = 1 << 23;
        private const int AccelQuickMask = -(1 << 24);

        /// <summary>
        /// Called by <see cref="FlightLoop.RunCycle"/> first: watch the sample, decide arming and failsafe.
        /// <para>The common cycle (armed, no failsafe, no fault, RC link up, a sample whose timestamp advanced by at
        /// most 20 ms with every axis well inside full scale, or no sample and none missing yet) takes a straight
        /// path that changes exactly what the plain path (<see cref="ImuSampleWatch.Observe"/>,
        /// <see cref="FailsafeLanding.Observe"/>, <see cref="Update"/>) would change in that case: the watch's two
        /// times, the throttle history, the landing's pending time. Anything else, and the first cycle after it,
        /// runs the plain path, which also decides whether the next cycle may be steady.</para>
        /// </summary>
        [InterpreterInline]
        public void BeforeCycle(FlightLoop loop, long nowUs, ref ImuSample sample, bool sampleIsNew)
        {
            // Steady implies the IMU detected and no numeric fault: PlainCycle requires both to enter it, and a change of
            // either leaves it (the properties' setters).
            if (steady && ArmSwitch && ImuBusHealthy)
            {
                Failsafe fs = Failsafe;
                ImuSampleWatch w = ImuWatch;
                if (nowUs - fs.LastRcFrameUs <= fs.RcLossTimeoutUs)
                {
                    if (sampleIsNew)
                    {
                        long stamp = sample.TimestampUs;
                        long last = w.LastTimestampUs;
                        if (stamp > last && (ulong)(stamp - last) <= 20000UL
                            && (!w.JudgeSaturation
                                || ((((sample.GyroX + GyroQuickHalf) | (sample.GyroY + GyroQuickHalf) | (sample.GyroZ + GyroQuickHalf)) & GyroQuickMask) == 0
                                    && (((sample.AccelX + AccelQuickHalf) | (sample.AccelY + AccelQuickHalf) | (sample.AccelZ + AccelQuickHalf)) & AccelQuickMask) == 0)))
                        {
                            w.LastTimestampUs = stamp;
                            w.LastNewSampleUs = nowUs;
                            if (loop.Pilot.throttle > fs.LowThrottle)
                            {
                                fs.throttleRaisedUs = nowUs;
                            }

                            long pending = stamp - landingBaseUs;
                            if (pending >= 16384)
                            {
                                // A due update in an RC slot waits for the next cycle (FailsafeLanding.HoldsUpdate,
                                // written out: one call pair fewer in the cycle that makes the update).
                                FailsafeLanding landing = Landing;
                                CyclicExecutive e = landing.Executive;
                                if (e == null || (e.Slot & landing.RcSlotMask) != 0)
                                {
                                    landing.Piloted(ref sample, loop, pending);
                                    landingBaseUs = stamp;
                                }
                            }

                            return;
                        }
                    }
                    else if (nowUs - w.LastNewSampleUs <= w.StaleUs)
                    {
                        if (loop.Pilot.throttle > fs.LowThrottle)
                        {
                            fs.throttleRaisedUs = nowUs;
                        }

                        return;
                    }
                }
            }

            PlainCycle(loop, nowUs, ref sample, sampleIsNew);
        }

        /// <summary>The plain path of <see cref="BeforeCycle"/>: every check, then whether the next cycle may be steady.</summary>
        private void PlainCycle(FlightLoop loop, long nowUs, ref ImuSample sample, bool sampleIsNew)
        {
            LeaveSteady();
            ImuSampleWatch w = ImuWatch;
            FailsafeLanding landing = Landing;
            w.Observe(nowUs, ref sample, sampleIsNew);
            if (sampleIsNew)
            {
                landing.Observe(ref sample, loop);
            }

            Update(nowUs, loop);

            Failsafe fs = Failsafe;
            steady = imuDetected && !numericFault && Arming.Armed && fs.Phase == FailsafePhase.Idle && fs.HasRcFrame && fs.wasArmed && !landingStarted
                && ActiveFaults == FailsafeCause.None && !LoopHealth.IsFailing()
                && w.HasSample && !w.saturatedRun && !w.clockStuckRun && !w.JudgeFrozenValues
                && (!w.JudgeSaturation || (w.GyroFullScale > GyroQuickHalf && w.AccelFullScale > AccelQuickHalf))
                && landing.hasSample && !landing.landing && landing.wasArmed && landing.lastTimestampUs == w.LastTimestampUs;
            if (steady)
            {
                landingBaseUs = landing.lastTimestampUs - landing.pendingUs;
            }
        }

        /// <summary>Ends the steady path: the landing's time line back in its own fields.</summary>
        private void LeaveSteady()
        {
            if (steady)
            {
                steady = false;
                long last = ImuWatch.LastTimestampUs;
                Landing.lastTimestampUs = last;
                Landing.pendingUs = last - landingBaseUs;
            }
        }

        /// <summary>
        /// Called by <see cref="FlightLoop.RunCycle"/> after estimation and control when its screen found a value of the
        /// state or the command outside [-2^30, 2^30) (never on an ordinary cycle): the exact checks, value by value.
        /// </summary>
        public void AfterCycle(FlightLoop loop)
        {
            CheckNumeric(loop.State);
            CheckNumeric(loop.Command);
        }

        /// <summary>A valid RC frame arrived at <paramref name="nowUs"/>.</summary>
        public void RcFrameReceived(long nowUs)
        {
            Failsafe.RcFrameReceived(nowUs);
        }

        /// <summary>
        /// After the executive closed a cycle at <paramref name="nowUs"/>: records whether it overran (a clean cycle
        /// with no strikes to forgive changes nothing, so it makes no call). An overrun ends the steady path.
        /// </summary>
        public void LoopCycleFinished(bool overran, long nowUs)
        {
            if (overran)
            {
                LeaveSteady();
                LoopHealth.RecordCycle(true, nowUs);
            }
            else if (LoopHealth.Strikes != 0)
            {
                LoopHealth.RecordCycle(false, nowUs);
            }
        }

        /// <summary>Marks a numeric fault if any attitude or rate of <paramref name="state"/> sits at the Q16 limits.</summary>
        public void CheckNumeric(VehicleState state)
        {
            if (Saturated(state.Roll) || Saturated(state.Pitch) || Saturated(state.Yaw)
                || Saturated(state.RollRate) || Saturated(state.PitchRate) || Saturated(state.YawRate))
            {
                NumericFault = true;
            }
        }

        /// <summary>Marks a numeric fault if a controller output sits at the Q16 limits.</summary>
        public void CheckNumeric(AxisCommand command)
        {
            if (Saturated(command.Roll) || Saturated(command.Pitch) || Saturated(command.Yaw))
            {
                NumericFault = true;
            }
        }

        public void ClearNumericFault()
        {
            if (!Arming.Armed)
            {
                NumericFault = false;
            }
        }

        public bool ImuHealthy(long nowUs)
        {
            return ImuDetected && ImuBusHealthy && !ImuWatch.IsFailing(nowUs);
        }

        /// <summary>Runs failsafe and arming for this cycle and applies the result to <paramref name="loop"/>.</summary>
        public void Update(long nowUs, FlightLoop loop)
        {
            LeaveSteady();
            PilotInput pilot = loop.Pilot;
            bool imuHealthy = ImuHealthy(nowUs);
            FailsafeCause faults = FailsafeCause.None;
            if (!imuHealthy)
            {
                faults |= FailsafeCause.ImuFailure;
            }

            if (LoopHealth.IsFailing())
            {
                faults |= FailsafeCause.LoopOverrun;
            }

            if (NumericFault)
            {
                faults |= FailsafeCause.NumericFault;
            }

            ActiveFaults = faults;
            Failsafe.Update(nowUs, Arming.Armed, ArmSwitch, pilot.throttle, faults);

            FailsafePhase phase = Failsafe.Phase;
            if (phase == FailsafePhase.Landing)
            {
                FailsafeLanding landing = Landing;
                if (!landingStarted)
                {
                    landing.Begin(Failsafe.LandingThrottle);
                    landingStarted = true;
                }
                else if (landing.Stage == LandingStage.Landed)
                {
                    Failsafe.TouchedDown(nowUs);
                    phase = Failsafe.Phase;
                }
            }

            // A forced disarm before the arming guard looks, so the cycle that stops the motors reports why arming
            // is now refused (armed with the switch on, the guard evaluates nothing).
            if (phase == FailsafePhase.MotorsOff && Arming.Armed)
            {
                Arming.Disarm();
            }

            if (!Arming.Armed || !ArmSwitch)
            {
                ArmingConditions c = Conditions;
                c.ImuPresent = ImuDetected && ImuWatch.HasSample;
                c.ImuHealthy = imuHealthy;
                c.GyroCalibrated = GyroCalibrated;
                c.Roll = loop.State.Roll;
                c.Pitch = loop.State.Pitch;
                c.Throttle = pilot.throttle;
                c.RcLinkUp = Failsafe.RcLinkUp(nowUs);
                c.LoopHealthy = LoopHealth.IsHealthy();
                c.FailsafeActive = Failsafe.IsActive();
                c.NumericHealthy = !NumericFault;
            }

            Arming.Update(Conditions, ArmSwitch);

            if (phase == FailsafePhase.Landing)
            {
                pilot.roll = 0;
                pilot.pitch = 0;
                pilot.yaw = 0;
                pilot.throttle = Landing.Throttle;
                pilot.changed = true;
            }
            else if (landingStarted)
            {
                Landing.End();
                landingStarted = false;
            }

            if (Arming.Armed != loop.Armed)
            {
                if (Arming.Armed)
                {
                    loop.Arm();
                }
                else
                {
                    loop.Disarm();
                }
            }
        }

        // int.MaxValue + this wraps to 0 and int.MinValue + this to 1; every other value lands at 2 or above.
        private const uint SaturationOffset = 0x80000001u;

        /// <summary>value is int.MaxValue or int.MinValue (Q16 saturation), in one unsigned compare.</summary>
        private static bool Saturated(int value)
        {
            return (uint)value + SaturationOffset <= 1u;
        }
    }
}
