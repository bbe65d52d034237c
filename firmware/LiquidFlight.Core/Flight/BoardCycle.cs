using System;
using LiquidFlight.Core.Control;
using LiquidFlight.Core.Esc;
using LiquidFlight.Core.Links;
using LiquidFlight.Core.Links.Crsf;
using LiquidFlight.Core.Safety;
using LiquidFlight.Core.Scheduler;
using LiquidFlight.Core.Sensors.Imu;
using LiquidFlight.Core.Telemetry;

namespace LiquidFlight.Core.Flight
{
    /// <summary>
    /// One whole board cycle, in the order the board runs it (as Crazyflie's stabilizer.c reads: sensors ->
    /// estimator -> commander -> controller -> supervisor -> power distribution):
    /// <code>
    ///   wait for the deadline (spin on the µs clock)
    ///   IMU source -> register burst -> convert + IMU health (or a decoded sample) -> boot gyro calibration
    ///   -> FlightLoop.RunCycle (supervisor: arming, failsafe; estimator, angle mode, controller, mixer)
    ///   -> ESC pulses -> motor output
    ///   -> the slow job owning this cycle's slot: RC receiver (every BoardCycleConfig.RcPollStride-th slot from 0),
    ///      status events and the disarmed loop report (last slot), telemetry (other odd slots); other even slots free
    ///   -> loop statistics, overrun bookkeeping, loop health
    /// </code>
    /// The firmware, the simulator, the HIL virtual board, il-count and the on-device cycle-time tests all run this
    /// object; the hardware reaches it only through <see cref="IImuSource"/>, <see cref="IMotorOutput"/>,
    /// <see cref="IRcSource"/>, <see cref="IMicrosClock"/> and <see cref="IStatusSink"/>. The RC input is polled
    /// after the motor write, so the UART time never sits between the IMU stamp and the motors; sticks received
    /// in a cycle act from the next one. Nothing allocates after construction and no exception leaves
    /// <see cref="RunOnce"/>: one caught means the minimum pulse on every motor at once, a count, and a latched
    /// numeric fault for the failsafe (motors off and disarm if armed, no arming until a restart).
    /// </summary>
    public sealed class BoardCycle
    {
        public readonly BoardCycleConfig Config;
        public readonly FlightLoop Flight;
        public readonly SafetySupervisor Supervisor;
        public readonly CyclicExecutive Executive;
        public readonly EscTiming Esc;

        /// <summary>Register burst -> sample and raw-byte health; null for a source of decoded samples.</summary>
        public readonly ImuSampleConverter Converter;
        public readonly ImuHealthMonitor ImuHealth;
        /// <summary>
        /// The boot gyro calibration (null when GyroCalibrationMs is 0): fed every new sample from start-up until it
        /// completes, and not again after that (the cycle then tests one flag per sample; a later Restart of it is not
        /// followed by the cycle).
        /// </summary>
        public readonly GyroCalibrator Calibration;

        public readonly RcChannelMap ChannelMap;
        public readonly RcCommand Rc = new RcCommand();

        /// <summary>The IMU source reads into this; its Sample is the one the flight loop integrates.</summary>
        public readonly ImuReadout Readout = new ImuReadout();

        /// <summary>ESC pulses written this cycle, µs, M1..M4.</summary>
        public readonly int[] PulsesUs = new int[EscTiming.MotorCount];

        /// <summary>Telemetry run in the odd slots before the last (null = none).</summary>
        public ISlowJob Telemetry;

        /// <summary>Exceptions caught in cycles since start-up.</summary>
        public int CaughtFaults;

        /// <summary>Valid RC channel frames taken from the receiver since start-up.</summary>
        public long RcFrames;

        /// <summary>IMU reads by outcome since start-up: register bursts, decoded samples, nothing new, bus errors.</summary>
        public long ImuBursts;
        public long ImuDecodedSamples;
        public long ImuNoData;
        public long ImuBusErrors;

        private readonly IImuSource imu;
        private readonly IMotorOutput motors;
        private readonly IRcSource rc;

        // rc.ChannelUs, the same array on every call (IRcSource): read once here instead of an interface call per frame.
        private readonly int[] rcChannelUs;
        // Supervisor.Failsafe (readonly), which every RC frame writes: one field load.
        private readonly Failsafe failsafe;
        // Supervisor.LoopHealth (readonly), whose strikes every cycle reads: one field load.
        private readonly LoopHealthMonitor loopHealth;
        private readonly IMicrosClock clock;
        private readonly IStatusSink status;
        private readonly StatusText text = new StatusText(192);
        private readonly int lastSlot;
        // RcPollStride - 1: the receiver is polled in the slots where (slot & rcSlotMask) == 0.
        private readonly int rcSlotMask;
        private readonly long reportIntervalUs;

        private int sampleBiasX;
        private int sampleBiasY;
        private int sampleBiasZ;
        private long nextReportUs;
        private bool reportDue;
        private int reportedRejections;
        private int reportedRefusals;
        private int reportedActivations;
        private int reportedFaults;
        private bool reportedCalibration;
        // Calibration is not null and has not completed yet: new samples go to Calibrate.
        private bool calibrating;
        private bool reportedArmed;

        /// <param name="rc">The pilot's receiver; null = none (the supervisor then never sees a link and never arms).</param>
        /// <param name="status">Where status messages go; null = nowhere.</param>
        public BoardCycle(BoardCycleConfig config, IController controller, IImuSource imu, IMotorOutput motors,
            IRcSource rc, IMicrosClock clock, IStatusSink status)
        {
            if (config == null || imu == null || motors == null || clock == null)
            {
                throw new ArgumentNullException("config, imu, motors and clock are required");
            }

            config.Validate();
            Config = config;
            this.imu = imu;
            this.motors = motors;
            this.rc = rc;
            rcChannelUs = rc != null ? rc.ChannelUs : null;
            this.clock = clock;
            this.status = status;
            Esc = config.Esc;
            ChannelMap = config.ChannelMap;
            CrsfRcSource crsf = rc as CrsfRcSource;
            if (crsf != null)
            {
                // The map is final here (as the whole config): channels it does not read need not be unpacked.
                crsf.UnpackOnlyChannelsOf(ChannelMap);
            }

            // The flight loop reads the RC command as the pilot's input: the channel map's sticks need no copy.
            Flight = new FlightLoop(config.Flight, controller, Rc);
            Supervisor = new SafetySupervisor(config.Safety);
            Flight.Supervisor = Supervisor;
            failsafe = Supervisor.Failsafe;
            loopHealth = Supervisor.LoopHealth;
            // The host builds the cycle only once its IMU answered (the firmware halts the boot otherwise).
            Supervisor.ImuDetected = true;
            Executive = new CyclicExecutive(CyclicExecutive.PeriodFromRateHz(config.LoopRateHz), config.SlotCount);
            lastSlot = config.SlotCount - 1;
            rcSlotMask = config.RcPollStride() - 1;
            // The landing estimate's 16 ms update keeps off the RC slots (see FailsafeLanding.Executive).
            Supervisor.Landing.Executive = Executive;
            Supervisor.Landing.RcSlotMask = rcSlotMask;
            reportIntervalUs = SafetyLimits.Us(config.ReportIntervalMs);

            if (config.ImuProfile != null)
            {
                Converter = new ImuSampleConverter(config.ImuProfile, config.ImuAlignment);
                // Judged again whenever the gyro bias changes: a converted sample then skips the loop's clamps.
                Converter.SetOutputLimits(Flight.GyroLimit, Flight.AccelLimit);
                SafetyLimits l = config.Safety;
                ImuHealth = new ImuHealthMonitor(config.ImuProfile, SafetyLimits.Us(l.ImuBusErrorMs),
                    SafetyLimits.Us(l.ImuFrozenMs), SafetyLimits.Us(l.ImuSaturatedMs));
                // Raw words are judged for full scale there, at the sensor's configured range (the watch's converted
                // full scales are a default that need not match it).
                Supervisor.ImuWatch.JudgeSaturation = false;
            }
            else
            {
                // Decoded samples carry no raw bytes: their values are judged for freezing instead.
                Supervisor.ImuWatch.JudgeFrozenValues = true;
            }

            if (config.GyroCalibrationMs > 0)
            {
                Calibration = new GyroCalibrator(SafetyLimits.Us(config.GyroCalibrationMs),
                    config.GyroCalibrationMaxDeviation, config.GyroCalibrationMaxBias);
                calibrating = true;
            }
            else
            {
                Supervisor.GyroCalibrated = true;
                reportedCalibration = true;
            }

            Esc.MinimumPulses(PulsesUs);
        }

        /// <summary>Anchors the deadline grid at the clock's present time; call once before the first <see cref="RunOnce"/>.</summary>
        public void Start()
        {
            long now = clock.NowUs();
            Executive.Start(now);
            nextReportUs = now + reportIntervalUs;
        }

        /// <summary>
        /// Waits for the next deadline and runs one whole cycle. On the board a thread calls this forever; the
        /// simulator sets its clock to the deadline (<see cref="CyclicExecutive.NextDeadlineUs"/>) and calls it once.
        /// </summary>
        public void RunOnce()
        {
            CyclicExecutive executive = Executive;
            IMicrosClock c = clock;
            // CyclicExecutive.WaitForDeadline written out (one call pair fewer per cycle): spin on the µs clock.
            long deadline = executive.NextDeadlineUs;
            long start = c.NowUs();
            while (start < deadline)
            {
                start = c.NowUs();
            }

            // CyclicExecutive.BeginCycle(start) written out (one call pair fewer per cycle), its statistics with it.
            executive.CycleStartUs = start;
            int slot = executive.Slot + 1;
            if (slot == executive.SlotCount)
            {
                slot = 0;
            }

            executive.Slot = slot;
            LoopStatistics st = executive.Statistics;
            if (st.haveStart)
            {
                long jitter = start - st.LastStartUs - st.NominalPeriodUs;
                if (jitter < 0)
                {
                    jitter = -jitter;
                }

                st.Periods++;
                st.TotalJitterUs += jitter;
                if (jitter > st.MaxJitterUs)
                {
                    st.MaxJitterUs = jitter;
                }
            }
            else
            {
                st.FirstStartUs = start;
                st.haveStart = true;
            }

            st.LastStartUs = start;
            long latency = start - deadline;
            if (latency > st.MaxStartLatencyUs)
            {
                st.MaxStartLatencyUs = latency;
            }

            try
            {
                // The cycle itself, written out here rather than in a method of its own: one call pair (about 500
                // host instructions on the interpreter) fewer per cycle.
                ImuReadout r = Readout;
                ImuReadStatus read = imu.Read(start, r);
                ImuHealthMonitor health = ImuHealth;
                bool isNew = false;
                bool withinLimits = false;
                // The supervisor's view of the bus: the converter's verdict when its one pass reported the burst, the
                // health monitor's otherwise (written in each branch: a flag to test after them costs every cycle).
                if (read == ImuReadStatus.Burst)
                {
                    ImuBursts++;
                    ImuSampleConverter converter = Converter;
                    if (converter != null)
                    {
                        // One pass over the burst: converted, and reported to the health monitor, whose verdict
                        // after the report comes back with it.
                        isNew = converter.Convert(r.Burst, r.TimestampUs, ref r.Sample, health, start);
                        withinLimits = converter.outputWithinLimits;
                    }

                    if (isNew)
                    {
                        Supervisor.ImuBusHealthy = converter.readHealthy;
                    }
                    else
                    {
                        Supervisor.ImuBusHealthy = MonitorHealthy(health, start);
                    }
                }
                else if (read == ImuReadStatus.Sample)
                {
                    ImuDecodedSamples++;
                    r.Sample.GyroX -= sampleBiasX;
                    r.Sample.GyroY -= sampleBiasY;
                    r.Sample.GyroZ -= sampleBiasZ;
                    isNew = true;
                    Supervisor.ImuBusHealthy = MonitorHealthy(health, start);
                }
                else if (read == ImuReadStatus.BusError)
                {
                    ImuBusErrors++;
                    if (health != null)
                    {
                        health.ReportBusError(start);
                    }

                    Supervisor.ImuBusHealthy = MonitorHealthy(health, start);
                }
                else
                {
                    ImuNoData++;
                    Supervisor.ImuBusHealthy = MonitorHealthy(health, start);
                }

                if (isNew && calibrating)
                {
                    Calibrate();
                }

                FlightLoop flight = Flight;
                int[] pulses = PulsesUs;
                bool running = flight.RunCycle(start, ref r.Sample, isNew, withinLimits);
                if (running)
                {
                    // EscTiming.ToPulses written out (one call pair fewer per cycle), without its clamp to [0, 1]: the
                    // outputs are the ones the loop's mixer has just written (Mix or Idle), each within [0, 1].
                    int[] o = flight.MotorOutputs;
                    EscTiming esc = Esc;
                    int range = esc.pulseRange;
                    int addend = esc.pulseAddend;
                    pulses[0] = (o[0] * range + addend) >> 16;
                    pulses[1] = (o[1] * range + addend) >> 16;
                    pulses[2] = (o[2] * range + addend) >> 16;
                    pulses[3] = (o[3] * range + addend) >> 16;
                }
                else
                {
                    Esc.MinimumPulses(pulses);
                }

                motors.Write(pulses, running);

                // The slot plan: RC in every RcPollStride-th slot (FailsafeLanding.HoldsUpdate keeps its 16 ms update
                // off them), the status report in the last, telemetry in the other odd ones; other even slots are free.
                // The stride is even, so an odd slot needs no look at the mask.
                if ((slot & 1) == 0)
                {
                    if ((slot & rcSlotMask) == 0)
                    {
                        PollRc(start);
                    }
                }
                else if (slot == lastSlot)
                {
                    ReportStatus(start);
                }
                else
                {
                    ISlowJob telemetry = Telemetry;
                    if (telemetry != null)
                    {
                        telemetry.Run(start);
                    }
                }
            }
            catch (Exception)
            {
                Fault();
            }

            long end = c.NowUs();

            // CyclicExecutive.EndCycle(end) written out but for its overrun path. Nothing in the cycle moves the
            // executive's CycleStartUs or NextDeadlineUs, so start and deadline still hold them.
            long work = end - start;
            if (work < 0)
            {
                work = 0;
            }

            st.Cycles++;
            st.TotalCycleUs += work;
            if (work < st.MinCycleUs)
            {
                st.MinCycleUs = work;
            }

            if (work > st.MaxCycleUs)
            {
                st.MaxCycleUs = work;
            }

            long next = deadline + executive.PeriodUs;
            bool overran = end > next;
            if (overran)
            {
                executive.Overran(end, next);
            }
            else
            {
                executive.NextDeadlineUs = next;
                if (executive.LastCycleOverran)
                {
                    executive.LastCycleOverran = false;
                    executive.LastSkippedCycles = 0;
                }
            }

            // The supervisor hears of a cycle only when it has something to record (SafetySupervisor.LoopCycleFinished
            // changes nothing for a clean cycle with no strikes to forgive): no call on an ordinary cycle.
            if (overran)
            {
                Supervisor.LoopCycleFinished(true, end);
            }
            else if (loopHealth.Strikes != 0)
            {
                Supervisor.LoopCycleFinished(false, end);
            }

            if (reportDue)
            {
                // Outside the timed cycle: the report is a deliberate pause of the disarmed loop, so it restarts
                // the statistics window (and, if it ran long, the deadline grid) instead of counting as an overrun.
                reportDue = false;
                SendLoopReport();
                long resume = c.NowUs();
                executive.RestartAfterPause(resume);
                nextReportUs = resume + reportIntervalUs;
            }
        }

        // The health monitor's verdict at nowUs; true without a monitor (decoded samples). Inlined into each read branch.
        [InterpreterInline]
        private static bool MonitorHealthy(ImuHealthMonitor health, long nowUs)
        {
            return health == null || health.IsHealthy(nowUs);
        }

        private void Calibrate()
        {
            GyroCalibrationStatus c = Calibration.AddSample(ref Readout.Sample);
            if (c != GyroCalibrationStatus.Complete)
            {
                return;
            }

            calibrating = false;

            if (Converter != null)
            {
                Calibration.ApplyTo(Converter);
            }
            else
            {
                sampleBiasX = Calibration.BiasX;
                sampleBiasY = Calibration.BiasY;
                sampleBiasZ = Calibration.BiasZ;
            }

            Supervisor.GyroCalibrated = true;
        }

        [InterpreterInline]
        private void PollRc(long nowUs)
        {
            // A receiver in its own failsafe sends placeholder channels: they are not the pilot's, so Poll reports no
            // frame (IRcSource.ReceiverFailsafe) and the link counts as lost (no frame reported to the supervisor).
            if (rc == null || !rc.Poll(nowUs))
            {
                return;
            }

            RcFrames++;
            // The sticks go straight into the flight loop's pilot input, which is this command.
            RcCommand command = Rc;
            ChannelMap.Apply(rcChannelUs, command);
            Supervisor.ArmSwitch = command.ArmSwitch;
            // SafetySupervisor.RcFrameReceived and Failsafe.RcFrameReceived written out (two call pairs fewer per frame).
            Failsafe fs = failsafe;
            fs.HasRcFrame = true;
            fs.LastRcFrameUs = nowUs;
        }

        /// <summary>
        /// Status events, one message per status slot at most so the slot stays short: calibration, arming refusals,
        /// arm and disarm, failsafe activations, caught faults; the loop report is flagged here and sent after the
        /// cycle (see <see cref="RunOnce"/>).
        /// </summary>
        [InterpreterInline]
        private void ReportStatus(long nowUs)
        {
            // The calibration's two messages, tested only until the second is sent (one test in flight).
            if (!reportedCalibration)
            {
                if (Calibration != null && Calibration.Rejections != reportedRejections)
                {
                    reportedRejections = Calibration.Rejections;
                    text.Clear();
                    text.Append("IMU: gyro calibration restarted (movement or implausible bias): keep the craft still");
                    text.SendTo(status, StatusSeverity.Warning);
                    return;
                }

                if (Supervisor.GyroCalibrated)
                {
                    reportedCalibration = true;
                    text.Clear();
                    text.Append("IMU: gyro calibrated, bias x/y/z ");
                    AppendMilliRadians(Calibration.BiasX);
                    text.Append('/');
                    AppendMilliRadians(Calibration.BiasY);
                    text.Append('/');
                    AppendMilliRadians(Calibration.BiasZ);
                    text.Append(" mrad/s");
                    text.SendTo(status, StatusSeverity.Info);
                    return;
                }
            }

            ArmingGuard arming = Supervisor.Arming;
            if (arming.Refusals != reportedRefusals)
            {
                reportedRefusals = arming.Refusals;
                text.Clear();
                text.Append("arming refused: ");
                LoopReport.AppendFlagNames(text, arming.LastRefusal);
                text.SendTo(status, StatusSeverity.Warning);
                return;
            }

            Failsafe fs = failsafe;
            if (fs.Activations != reportedActivations)
            {
                reportedActivations = fs.Activations;
                text.Clear();
                text.Append(fs.Phase == FailsafePhase.Landing ? "failsafe: landing (" : "failsafe: motors off (");
                LoopReport.AppendCauseNames(text, fs.Cause);
                text.Append(')');
                text.SendTo(status, StatusSeverity.Critical);
                return;
            }

            if (CaughtFaults != reportedFaults)
            {
                reportedFaults = CaughtFaults;
                text.Clear();
                text.Append("fault caught in the cycle (");
                text.Append(CaughtFaults);
                text.Append(" so far): motors at minimum, arming locked until restart");
                text.SendTo(status, StatusSeverity.Critical);
                return;
            }

            bool armed = Flight.Armed;
            if (armed != reportedArmed)
            {
                reportedArmed = armed;
                text.Clear();
                text.Append(armed ? "armed" : "disarmed");
                text.SendTo(status, StatusSeverity.Notice);
                return;
            }

            if (!armed && reportIntervalUs > 0 && nowUs >= nextReportUs)
            {
                reportDue = true;
            }
        }

        private void SendLoopReport()
        {
            Flight.UpdateHeading();
            LoopReport.Format(text, Executive.Statistics, Supervisor.Arming.Flags, Flight.State, Flight.Pilot.throttle,
                Rc.ArmSwitch, ImuHealth != null ? ImuHealth.TotalBusErrors : ImuBusErrors, RcFrames, CaughtFaults);
            text.SendTo(status, StatusSeverity.Info);
        }

        private void AppendMilliRadians(int q16)
        {
            text.Append((q16 * 1000L + (q16 >= 0 ? 32768 : -32768)) / 65536);
        }

        private void Fault()
        {
            // A bug, not a flight condition: minimum pulse now, and a latched numeric fault makes the failsafe cut
            // the motors and refuse arming until the board is restarted.
            CaughtFaults++;
            Supervisor.NumericFault = true;
            try
            {
                Esc.MinimumPulses(PulsesUs);
                motors.Write(PulsesUs, false);
            }
            catch (Exception)
            {
                // The output driver itself failed: nothing more can be done from here this cycle.
            }
        }
    }
}
