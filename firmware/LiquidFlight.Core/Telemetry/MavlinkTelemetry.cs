using LiquidFlight.Core.Flight;
using LiquidFlight.Core.Links;
using LiquidFlight.Core.Links.Mavlink;
using LiquidFlight.Core.Safety;
using LiquidFlight.Core.Scheduler;

namespace LiquidFlight.Core.Telemetry
{
    /// <summary>
    /// MAVLink telemetry as the board cycle's <see cref="BoardCycle.Telemetry"/> slot job: HEARTBEAT and SYS_STATUS
    /// at 1 Hz, ATTITUDE at <see cref="AttitudeRateHz"/> (20 Hz), and the board's status lines as STATUSTEXT (it is
    /// also an <see cref="IStatusSink"/>: give it to the BoardCycle as its status sink and lines are queued here,
    /// up to <see cref="QueueLength"/>, as ASCII). A frame is built over several runs so that no slot does a whole
    /// frame: one run writes its payload and header, the next ones checksum up to <see cref="ChecksumBytesPerRun"/>
    /// bytes each and the last of them sends it (HEARTBEAT, SYS_STATUS: two runs, one telemetry slot of latency;
    /// STATUSTEXT: three, two slots; ATTITUDE: a run before them refreshes the heading, which the flight loop does
    /// not copy per cycle, so the heading is one slot older than the frame and the frame leaves two slots later). Frames the link does not accept whole are counted in
    /// <see cref="TxDropped"/>. Allocation-free after construction, never throws.
    /// </summary>
    public sealed class MavlinkTelemetry : ISlowJob, IStatusSink
    {
        public const int QueueLength = 8;
        public const int AttitudeRateHz = 20;

        /// <summary>Frame bytes checksummed per run (header, payload, CRC_EXTRA): every frame but STATUSTEXT (61) in one run.</summary>
        public const int ChecksumBytesPerRun = 41;

        /// <summary>MAV_STATE values sent in HEARTBEAT.system_status.</summary>
        public const int StateCalibrating = 2;
        public const int StateStandby = 3;
        public const int StateActive = 4;
        public const int StateCritical = 5;
        public const int StateEmergency = 6;

        public readonly MavlinkWriter Writer;

        /// <summary>The board whose state is reported; set after building the BoardCycle (null = nothing sent).</summary>
        public BoardCycle Board;

        /// <summary>Sets MAV_MODE_FLAG_HIL_ENABLED in HEARTBEAT.base_mode (HIL mode).</summary>
        public bool HilEnabled;

        public long Heartbeats;
        public long SysStatusFrames;
        public long AttitudeFrames;
        public long StatusTextFrames;
        public long TxDropped;

        /// <summary>Status lines dropped because the queue was full.</summary>
        public long StatusDropped;

        private readonly IByteLink link;
        private readonly byte[] queueText = new byte[QueueLength * MavlinkMessages.StatusTextChars];
        private readonly int[] queueLength = new int[QueueLength];
        private readonly int[] queueSeverity = new int[QueueLength];
        private int queueHead;
        private int queueCount;
        private long nextHeartbeatUs;
        private long nextAttitudeUs;
        private bool sysStatusDue;
        private bool started;

        // The frame staged in the writer and not yet sent (a MAVLink message id), or -1.
        private int stagedMessage = -1;

        // The heading was refreshed for an ATTITUDE frame that the next run stages.
        private bool headingTaken;

        public MavlinkTelemetry(IByteLink link, int systemId, int componentId)
        {
            this.link = link;
            Writer = new MavlinkWriter(systemId, componentId);
        }

        public void Write(StatusSeverity severity, char[] text, int length)
        {
            if (queueCount >= QueueLength)
            {
                StatusDropped++;
                return;
            }

            int slot = (queueHead + queueCount) % QueueLength;
            int n = text == null || length < 0 ? 0 : (length > MavlinkMessages.StatusTextChars ? MavlinkMessages.StatusTextChars : length);
            if (text != null && n > text.Length)
            {
                n = text.Length;
            }

            // Stored as the bytes to send: non-ASCII as '?'.
            byte[] q = queueText;
            int at = slot * MavlinkMessages.StatusTextChars;
            for (int i = 0; i < n; i++)
            {
                int c = text[i];
                q[at + i] = (byte)(c < 128 ? c : '?');
            }

            queueLength[slot] = n;
            queueSeverity[slot] = (int)severity;
            queueCount++;
        }

        /// <summary>Status lines waiting to be sent.</summary>
        public int QueuedStatus
        {
            get { return queueCount; }
        }

        public void Run(long nowUs)
        {
            BoardCycle board = Board;
            if (board == null || link == null)
            {
                return;
            }

            if (!started)
            {
                started = true;
                nextHeartbeatUs = nowUs;
                nextAttitudeUs = nowUs;
            }

            if (stagedMessage >= 0)
            {
                if (Writer.Checksum(ChecksumBytesPerRun))
                {
                    SendStaged();
                }

                return;
            }

            if (headingTaken)
            {
                headingTaken = false;
                Control.VehicleState s = board.Flight.State;
                Writer.StageAttitude(nowUs / 1000, s.Roll, s.Pitch, s.Yaw, s.RollRate, s.PitchRate, s.YawRate);
                stagedMessage = MavlinkMessages.Attitude;
                return;
            }

            if (nowUs >= nextHeartbeatUs)
            {
                nextHeartbeatUs += 1000000;
                if (nextHeartbeatUs <= nowUs)
                {
                    nextHeartbeatUs = nowUs + 1000000;
                }

                Writer.StageHeartbeat(BaseMode(board), 0, SystemState(board));
                stagedMessage = MavlinkMessages.Heartbeat;
                sysStatusDue = true;
                return;
            }

            if (sysStatusDue)
            {
                sysStatusDue = false;
                StageSysStatus(board);
                return;
            }

            if (nowUs >= nextAttitudeUs)
            {
                nextAttitudeUs += 1000000 / AttitudeRateHz;
                if (nextAttitudeUs <= nowUs)
                {
                    nextAttitudeUs = nowUs + 1000000 / AttitudeRateHz;
                }

                // The heading is not copied per cycle (no control law uses it): it is computed here, in a run of its
                // own, and the ATTITUDE frame is staged in the next one, so neither run carries both.
                board.Flight.UpdateHeading();
                headingTaken = true;
                return;
            }

            if (queueCount > 0)
            {
                StageStatusText();
            }
        }

        private void SendStaged()
        {
            int id = stagedMessage;
            stagedMessage = -1;
            Send(Writer.FrameLength);
            if (id == MavlinkMessages.Attitude)
            {
                AttitudeFrames++;
            }
            else if (id == MavlinkMessages.Heartbeat)
            {
                Heartbeats++;
            }
            else if (id == MavlinkMessages.SysStatus)
            {
                SysStatusFrames++;
            }
            else
            {
                StatusTextFrames++;
            }
        }

        private int BaseMode(BoardCycle board)
        {
            int mode = MavlinkMessages.ModeFlagStabilizeEnabled;
            if (board.Flight.Armed)
            {
                mode |= MavlinkMessages.ModeFlagSafetyArmed;
            }

            if (HilEnabled)
            {
                mode |= MavlinkMessages.ModeFlagHilEnabled;
            }

            return mode;
        }

        /// <summary>
        /// HEARTBEAT.system_status of the board: CALIBRATING until the boot gyro calibration is done, STANDBY
        /// disarmed, ACTIVE armed, CRITICAL in the failsafe's landing, EMERGENCY once the failsafe stopped the motors
        /// or a numeric fault latched.
        /// </summary>
        public static int SystemState(BoardCycle board)
        {
            SafetySupervisor s = board.Supervisor;
            if (s.Failsafe.Phase == FailsafePhase.MotorsOff || s.NumericFault)
            {
                return StateEmergency;
            }

            if (s.Failsafe.Phase != FailsafePhase.Idle)
            {
                return StateCritical;
            }

            if (!s.GyroCalibrated)
            {
                return StateCalibrating;
            }

            return board.Flight.Armed ? StateActive : StateStandby;
        }

        // Sensors (MAV_SYS_STATUS_SENSOR): 3D gyro 1, 3D accel 2, RC receiver 0x10000, motor outputs 0x8000,
        // attitude stabilisation 0x400. Load: the last window's worst cycle time as d% of the period.
        private void StageSysStatus(BoardCycle board)
        {
            const int sensors = 1 | 2 | 0x400 | 0x8000 | 0x10000;
            int health = sensors;
            SafetySupervisor s = board.Supervisor;
            if (!s.ImuBusHealthy)
            {
                health &= ~3;
            }

            if (s.Failsafe.Phase != FailsafePhase.Idle)
            {
                health &= ~0x10000;
            }

            long period = board.Executive.PeriodUs;
            long worst = board.Executive.Statistics.MaxCycleUs;
            long load = period > 0 ? worst * 1000 / period : 0;
            if (load > 1000)
            {
                load = 1000;
            }

            if (load < 0)
            {
                load = 0;
            }

            Writer.StageSysStatus(sensors, sensors, health, (int)load, -1, 0, (int)(TxDropped > 0xFFFF ? 0xFFFF : TxDropped));
            stagedMessage = MavlinkMessages.SysStatus;
        }

        private void StageStatusText()
        {
            int slot = queueHead;
            Writer.StageStatusText(queueSeverity[slot], queueText, slot * MavlinkMessages.StatusTextChars, queueLength[slot]);
            queueHead = (slot + 1) % QueueLength;
            queueCount--;
            stagedMessage = MavlinkMessages.StatusText;
        }

        private void Send(int length)
        {
            if (link.Write(Writer.Frame, 0, length) != length)
            {
                TxDropped++;
            }
        }
    }
}
