using System;
using LiquidFlight.Core.Flight;
using LiquidFlight.Core.Links;
using LiquidFlight.Core.Scheduler;
using LiquidFlight.Core.Safety;
using LiquidFlight.Core.Sensors;
using LiquidFlight.Core.Sensors.Imu;
using LiquidFlight.Firmware.Drivers.Crsf;
using LiquidFlight.Firmware.Drivers.Esc;
using LiquidFlight.Firmware.Drivers.Imu;
using LiquidFlight.Firmware.Telemetry;
using LiquidFlight.Firmware.Timing;

namespace LiquidFlight.Firmware.Flight
{
    /// <summary>
    /// The hard-timed loop: one high-priority thread running Core's <see cref="CyclicExecutive"/>. Each cycle spins
    /// on the microsecond clock to its deadline, then does IMU burst read -> Core conversion -> supervision ->
    /// <see cref="FlightLoop.RunCycle"/> -> ESC duty, and then the slow job owning the cycle's slot (CRSF bytes on
    /// even slots; the loop report after the last slot's cycle, only while disarmed). Everything is created
    /// before <see cref="Run"/>; the cycle allocates nothing (the report builds one string, hence disarmed only).
    /// Arming, failsafe and the IMU/loop health judgements are Core's <see cref="SafetySupervisor"/>, which
    /// <see cref="FlightLoop.RunCycle"/> consults itself; this class only feeds it what the board alone sees
    /// (RC frames and the arm switch, I2C bus health, overruns).
    /// No exception leaves a cycle: one caught means minimum pulse on every motor for that cycle, a count, and a
    /// numeric fault for Core's failsafe, which decides what happens next (motors off and disarm if armed).
    /// </summary>
    public sealed class FlightTask
    {
        public readonly CyclicExecutive Executive;
        public readonly FlightLoop Flight;
        public readonly SafetySupervisor Supervisor;
        public readonly RcChannelMap ChannelMap = new RcChannelMap();
        public readonly RcCommand Rc = new RcCommand();

        /// <summary>Exceptions caught in cycles since boot.</summary>
        public int CaughtFaults;

        private readonly BoardConfig board;
        private readonly HighResClock clock;
        private readonly I2cImu imu;
        private readonly ImuSampleConverter converter;
        private readonly ImuHealthMonitor imuHealth;
        private readonly LedcEscOutputs escs;
        private readonly CrsfUartReceiver crsf;
        private readonly LoopReport report = new LoopReport();
        private readonly int[] motorPulseUs = new int[LedcEscOutputs.MotorCount];
        private readonly int reportSlot;
        private ImuSample sample;
        private long nextReportUs;

        public FlightTask(BoardConfig board, HighResClock clock, I2cImu imu, ImuSampleConverter converter,
            ImuHealthMonitor imuHealth, SafetySupervisor supervisor, FlightLoop flight, LedcEscOutputs escs,
            CrsfUartReceiver crsf)
        {
            this.board = board;
            this.clock = clock;
            this.imu = imu;
            this.converter = converter;
            this.imuHealth = imuHealth;
            this.escs = escs;
            this.crsf = crsf;
            Supervisor = supervisor;
            Flight = flight;
            // From here RunCycle calls the supervisor before and after its work (arming, failsafe, numeric checks).
            flight.Supervisor = supervisor;
            Executive = new CyclicExecutive(CyclicExecutive.PeriodFromRateHz(board.LoopRateHz), board.SlotCount);
            reportSlot = board.SlotCount - 1;
            for (int i = 0; i < motorPulseUs.Length; i++)
            {
                motorPulseUs[i] = escs.Timing.MinPulseUs;
            }
        }

        /// <summary>The thread body: never returns.</summary>
        public void Run()
        {
            long now = clock.NowUs();
            Executive.Start(now);
            nextReportUs = now + board.ReportIntervalUs;
            while (true)
            {
                long start = Executive.WaitForDeadline(clock);
                Executive.BeginCycle(start);
                try
                {
                    RunCycle(start);
                }
                catch (Exception)
                {
                    // A bug, not a flight condition: minimum pulse now, and a latched numeric fault makes Core's
                    // failsafe cut the motors and refuse arming until the board is restarted.
                    escs.WriteMinimum();
                    CaughtFaults++;
                    Supervisor.NumericFault = true;
                }

                long end = clock.NowUs();
                Executive.EndCycle(end);
                Supervisor.LoopCycleFinished(Executive.LastCycleOverran);

                if (!Flight.Armed && Executive.Slot == reportSlot && end >= nextReportUs)
                {
                    // Outside the timed cycle: the print is a deliberate pause of the disarmed loop, so it restarts
                    // the deadline grid (and the statistics window) instead of being counted as an overrun.
                    report.Print(Executive.Statistics, Supervisor.Arming.Flags, Flight.State, Flight.Pilot.Throttle,
                        Rc.ArmSwitch, imuHealth.TotalBusErrors, crsf.Parser.ChannelFrames, CaughtFaults);
                    long resume = clock.NowUs();
                    Executive.Start(resume);
                    nextReportUs = resume + board.ReportIntervalUs;
                }
            }
        }

        private void RunCycle(long nowUs)
        {
            long stampUs;
            bool sampleIsNew = false;
            if (imu.TryReadBurst(out stampUs))
            {
                imuHealth.ReportRead(imu.Burst, 0);
                sampleIsNew = converter.Convert(imu.Burst, 0, stampUs, ref sample);
            }
            else
            {
                imuHealth.ReportBusError();
            }

            Supervisor.ImuBusHealthy = imuHealth.IsHealthy();

            if ((Executive.Slot & 1) == 0 && crsf.Poll(nowUs) > 0)
            {
                ChannelMap.Apply(crsf.Parser.ChannelUs, Rc);
                Rc.CopySticksTo(Flight.Pilot);
                Supervisor.ArmSwitch = Rc.ArmSwitch;
                Supervisor.RcFrameReceived(nowUs);
            }

            Flight.RunCycle(nowUs, ref sample, sampleIsNew, motorPulseUs);
            escs.Write(motorPulseUs);
        }
    }
}
