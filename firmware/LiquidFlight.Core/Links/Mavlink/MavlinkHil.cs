using LiquidFlight.Core.Esc;
using LiquidFlight.Core.Flight;
using LiquidFlight.Core.Sensors.Imu;
using LiquidFlight.Core.Telemetry;

namespace LiquidFlight.Core.Links.Mavlink
{
    /// <summary>
    /// Hardware-in-the-loop over one MAVLink link, as PX4's simulator interface: HIL_SENSOR (#107) frames from the
    /// simulator become the board cycle's IMU samples (<see cref="IImuSource"/>, the "ready sample" path: SI values,
    /// FRD body axes, accelerometer (0, 0, -9.81) level at rest, the same convention as <c>ImuSample</c>), and the
    /// board's ESC pulses go back as HIL_ACTUATOR_CONTROLS (#93) (<see cref="IMotorOutput"/>), one per HIL_SENSOR
    /// taken, controls 0..3 in PX4 quad-X order, 0..1. COMMAND_LONG(MAV_CMD_COMPONENT_ARM_DISARM, 400) sets
    /// <see cref="ArmRequested"/> and is answered with COMMAND_ACK; the host hands it to the normal supervisor as its
    /// arm switch (see <see cref="MavlinkHilRcSource"/>). Allocation-free after construction, never throws.
    /// <para>
    /// Motor order. LiquidFlight (Betaflight quad-X): M1 rear-right, M2 front-right, M3 rear-left, M4 front-left.
    /// PX4 quad-X (airframe 4001): motor 1 front-right, 2 rear-left, 3 front-left, 4 rear-right. So control[0] =
    /// M2, control[1] = M3, control[2] = M4, control[3] = M1 (<see cref="PxToBetaflight"/>).
    /// Throttle: (pulse - min pulse) / (max pulse - min pulse) of the configured ESC protocol, in Q16.16.
    /// </para>
    /// <para>
    /// Every HIL_SENSOR is answered by one HIL_ACTUATOR_CONTROLS at the board's next cycle, also one whose
    /// fields_updated lacks the accelerometer and gyro bits: that one carries no sample (the cycle reads no new
    /// IMU data), only the simulator's time, so a lockstep simulator can run a board cycle in which its IMU
    /// delivered nothing. HIL_RC_INPUTS_RAW (#92) frames are the pilot's receiver channels
    /// (<see cref="RcChannelUs"/>, read by <see cref="MavlinkHilRcSource"/>). With <see cref="Board"/> set, a
    /// HEARTBEAT goes out before the actuator frame whenever the board's armed state or system status
    /// (<see cref="MavlinkTelemetry.SystemState"/>: calibrating, standby, active, failsafe landing, motors off)
    /// changed, so the simulator knows them from the cycle they changed in.
    /// </para>
    /// </summary>
    public sealed class MavlinkHil : IImuSource, IMotorOutput, IMavlinkHandler
    {
        /// <summary>PX4 control index -> LiquidFlight motor index (0 = M1).</summary>
        public static readonly int[] PxToBetaflight = { 1, 2, 3, 0 };

        public readonly MavlinkParser Parser = new MavlinkParser();
        public readonly MavlinkWriter Writer;

        /// <summary>Controls of the latest HIL_ACTUATOR_CONTROLS sent, Q16.16, PX4 order (16, 4..15 zero).</summary>
        public readonly int[] ControlsQ16 = new int[16];

        /// <summary>The simulator's time_usec of the latest HIL_SENSOR taken.</summary>
        public long SimTimeUs;

        /// <summary>Arm state asked by the latest COMMAND_LONG arm/disarm (false until one arrives).</summary>
        public bool ArmRequested;

        /// <summary>Set when the latest HIL_SENSOR asked for lockstep (the simulator waits for each answer):
        /// echoed in the HIL_ACTUATOR_CONTROLS flags.</summary>
        public bool Lockstep = true;

        /// <summary>
        /// Stamp samples with the simulator's time_usec instead of the board clock at the read: for a host whose
        /// clock is the simulator's (the virtual board), where both are the same time base. A real board keeps
        /// false (its clock and the simulator's are unrelated).
        /// </summary>
        public bool StampsFromSimulator;

        /// <summary>The board whose armed state and system status are announced by HEARTBEAT on change (null = none).</summary>
        public BoardCycle Board;

        /// <summary>Channels of the latest HIL_RC_INPUTS_RAW, µs (chan1..chan12).</summary>
        public readonly int[] RcChannelUs = new int[MavlinkMessages.HilRcInputsRawChannels];

        /// <summary>HIL_RC_INPUTS_RAW frames received.</summary>
        public long RcFrames;

        /// <summary>HIL_SENSOR frames without accelerometer and gyro fields (time only).</summary>
        public long TimeOnlyFrames;

        /// <summary>HEARTBEAT frames sent on a change of armed state or system status.</summary>
        public long StateHeartbeats;

        public long SensorFrames;
        public long SamplesTaken;

        /// <summary>HIL_SENSOR frames refused for a NaN or infinite accelerometer or gyro field.</summary>
        public long BadSamples;

        /// <summary>HIL_SENSOR frames replaced by a newer one before the cycle took them.</summary>
        public long OverwrittenSamples;
        public long ArmCommands;
        public long OtherCommands;
        public long ActuatorFrames;
        public long TxDropped;

        /// <summary>Board clock of the latest good HIL_SENSOR (the link's liveness).</summary>
        public long LastSensorUs;
        public bool HasSensor;

        private readonly IByteLink link;
        private readonly byte[] rx = new byte[256];
        private readonly int minPulse;
        private readonly int pulseSpan;
        private readonly int[] pending = new int[7];
        private bool pendingNew;
        private long pendingSimUs;
        private bool answerDue;
        private bool sensorArrived;
        private long arrivedSimUs;
        private long nowUs;
        private int sentState = -1;
        private bool sentArmed;

        public MavlinkHil(IByteLink link, EscTiming esc, int systemId, int componentId)
        {
            this.link = link;
            Writer = new MavlinkWriter(systemId, componentId);
            minPulse = esc == null ? EscTiming.StandardPwmMinPulseUs : esc.MinPulseUs;
            int max = esc == null ? EscTiming.StandardPwmMaxPulseUs : esc.MaxPulseUs;
            pulseSpan = max > minPulse ? max - minPulse : 1;
        }

        /// <summary>Takes in what the link received; called by <see cref="Read"/> and by hosts between cycles.</summary>
        public void Poll(long now)
        {
            if (link == null)
            {
                return;
            }

            nowUs = now;
            for (int k = 0; k < 8; k++)
            {
                int n = link.Read(rx, 0, rx.Length);
                if (n <= 0)
                {
                    return;
                }

                Parser.Feed(rx, 0, n, this);
            }
        }

        public ImuReadStatus Read(long now, ImuReadout readout)
        {
            Poll(now);
            if (sensorArrived)
            {
                sensorArrived = false;
                answerDue = true;
                SimTimeUs = arrivedSimUs;
            }

            if (!pendingNew)
            {
                return ImuReadStatus.NoData;
            }

            pendingNew = false;
            SamplesTaken++;
            long stamp = StampsFromSimulator ? pendingSimUs : now;
            readout.TimestampUs = stamp;
            readout.Sample.TimestampUs = stamp;
            readout.Sample.AccelX = pending[0];
            readout.Sample.AccelY = pending[1];
            readout.Sample.AccelZ = pending[2];
            readout.Sample.GyroX = pending[3];
            readout.Sample.GyroY = pending[4];
            readout.Sample.GyroZ = pending[5];
            return ImuReadStatus.Sample;
        }

        /// <summary>Whether a good HIL_SENSOR arrived within <paramref name="timeoutUs"/> before <paramref name="now"/>.</summary>
        public bool IsLinkUp(long now, long timeoutUs)
        {
            return HasSensor && now - LastSensorUs <= timeoutUs;
        }

        /// <summary>Answers the sample taken this cycle with HIL_ACTUATOR_CONTROLS (nothing when none was taken).</summary>
        public void Write(int[] pulsesUs, bool armed)
        {
            if (!answerDue || link == null || pulsesUs == null || pulsesUs.Length < EscTiming.MotorCount)
            {
                return;
            }

            answerDue = false;
            BoardCycle board = Board;
            if (board != null)
            {
                int state = MavlinkTelemetry.SystemState(board);
                bool boardArmed = board.Flight.Armed;
                if (state != sentState || boardArmed != sentArmed)
                {
                    sentState = state;
                    sentArmed = boardArmed;
                    Send(Writer.Heartbeat(MavlinkMessages.ModeFlagHilEnabled | MavlinkMessages.ModeFlagStabilizeEnabled
                        | (boardArmed ? MavlinkMessages.ModeFlagSafetyArmed : 0), 0, state));
                    StateHeartbeats++;
                }
            }

            for (int i = 0; i < 4; i++)
            {
                ControlsQ16[i] = PulseToQ16(pulsesUs[PxToBetaflight[i]]);
            }

            int mode = MavlinkMessages.ModeFlagHilEnabled | MavlinkMessages.ModeFlagStabilizeEnabled
                | (armed ? MavlinkMessages.ModeFlagSafetyArmed : 0);
            int n = Writer.HilActuatorControls(SimTimeUs, ControlsQ16, 4, mode, Lockstep ? MavlinkMessages.HilFlagLockstep : 0);
            Send(n);
            ActuatorFrames++;
        }

        /// <summary>ESC pulse to 0..1 in Q16.16, clamped.</summary>
        public int PulseToQ16(int pulseUs)
        {
            int d = pulseUs - minPulse;
            if (d <= 0)
            {
                return 0;
            }

            if (d >= pulseSpan)
            {
                return 65536;
            }

            return (int)(((long)d * 65536 + pulseSpan / 2) / pulseSpan);
        }

        public void OnMessage(MavlinkParser p)
        {
            if (p.MessageId == MavlinkMessages.HilSensor)
            {
                SensorFrames++;
                sensorArrived = true;
                arrivedSimUs = p.ReadI64(0);
                HasSensor = true;
                LastSensorUs = nowUs;
                if ((p.ReadI32(60) & MavlinkMessages.HilSensorAccelGyroFields) != MavlinkMessages.HilSensorAccelGyroFields)
                {
                    TimeOnlyFrames++;
                    return;
                }

                int ax, ay, az, gx, gy, gz;
                // All six are read (each refused field is counted by the parser) before judging the frame.
                bool ok = p.ReadQ16(8, out ax);
                ok &= p.ReadQ16(12, out ay);
                ok &= p.ReadQ16(16, out az);
                ok &= p.ReadQ16(20, out gx);
                ok &= p.ReadQ16(24, out gy);
                ok &= p.ReadQ16(28, out gz);
                if (!ok)
                {
                    BadSamples++;
                    return;
                }

                if (pendingNew)
                {
                    OverwrittenSamples++;
                }

                pending[0] = ax;
                pending[1] = ay;
                pending[2] = az;
                pending[3] = gx;
                pending[4] = gy;
                pending[5] = gz;
                pendingSimUs = arrivedSimUs;
                pendingNew = true;
            }
            else if (p.MessageId == MavlinkMessages.HilRcInputsRaw)
            {
                for (int i = 0; i < RcChannelUs.Length; i++)
                {
                    RcChannelUs[i] = p.ReadU16(8 + 2 * i);
                }

                RcFrames++;
            }
            else if (p.MessageId == MavlinkMessages.CommandLong)
            {
                int command = p.ReadU16(28);
                int result;
                if (command == MavlinkMessages.CmdComponentArmDisarm)
                {
                    int param1;
                    if (p.ReadQ16(0, out param1) && (param1 == 0 || param1 == 65536))
                    {
                        ArmRequested = param1 != 0;
                        ArmCommands++;
                        result = MavlinkMessages.ResultAccepted;
                    }
                    else
                    {
                        result = MavlinkMessages.ResultDenied;
                    }
                }
                else
                {
                    OtherCommands++;
                    result = MavlinkMessages.ResultUnsupported;
                }

                Send(Writer.CommandAck(command, result, p.SystemId, p.ComponentId));
            }
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
