using System;

namespace LiquidFlight.Core.Links.Mavlink
{
    /// <summary>
    /// Builds MAVLink v2 frames (unsigned) into one reused buffer: <see cref="Begin"/>, the Put* field writers at
    /// payload offsets, then <see cref="Finish"/>, which truncates trailing zero bytes (v2 rule: at least one byte
    /// stays), writes the header and the CRC with CRC_EXTRA, and returns the frame length in <see cref="Frame"/>.
    /// The telemetry's frames (HEARTBEAT, SYS_STATUS, ATTITUDE, STATUSTEXT) are written with direct stores, and can
    /// be built in steps for a slow slot: Stage* writes the payload and the header (<see cref="Close"/>),
    /// <see cref="Checksum"/> covers up to a given number of bytes per call and writes the CRC at the end.
    /// Allocation-free; out-of-range offsets are ignored rather than thrown.
    /// </summary>
    public sealed class MavlinkWriter
    {
        public readonly byte[] Frame = new byte[MavlinkParser.MaxFrameBytes];

        /// <summary>Zeros to clear a payload tail with one native copy.</summary>
        private static readonly byte[] Zeros = new byte[MavlinkMessages.StatusTextLength];

        public int SystemId;
        public int ComponentId;
        private int sequence;

        // The frame being checksummed: next byte to cover, end of the covered bytes (CRC_EXTRA is put where the
        // CRC's low byte goes, so one loop covers it too), the CRC so far; pending = closed, not yet checksummed.
        private int crcAt;
        private int crcEnd;
        private int crcState;
        private bool pending;

        public MavlinkWriter(int systemId, int componentId)
        {
            SystemId = systemId & 0xFF;
            ComponentId = componentId & 0xFF;
        }

        /// <summary>Clears the payload area for a message of <paramref name="length"/> bytes.</summary>
        public void Begin(int length)
        {
            int end = MavlinkParser.HeaderV2 + (length > 255 ? 255 : length);
            for (int i = MavlinkParser.HeaderV2; i < end; i++)
            {
                Frame[i] = 0;
            }
        }

        public void PutU8(int offset, int value)
        {
            if (offset >= 0 && offset < 255)
            {
                Frame[MavlinkParser.HeaderV2 + offset] = (byte)value;
            }
        }

        public void PutU16(int offset, int value)
        {
            PutU8(offset, value);
            PutU8(offset + 1, value >> 8);
        }

        public void PutI32(int offset, int value)
        {
            PutU8(offset, value);
            PutU8(offset + 1, value >> 8);
            PutU8(offset + 2, value >> 16);
            PutU8(offset + 3, value >> 24);
        }

        public void PutI64(int offset, long value)
        {
            PutI32(offset, (int)value);
            PutI32(offset + 4, (int)(value >> 32));
        }

        /// <summary>Writes a Q16.16 value as a float32 field.</summary>
        public void PutQ16(int offset, int q16)
        {
            PutI32(offset, MavlinkFloat.FromQ16(q16));
        }

        /// <summary>Completes the frame; returns its length on the wire.</summary>
        public int Finish(int messageId, int crcExtra, int length)
        {
            int n = Close(messageId, crcExtra, length);
            Checksum(MavlinkParser.MaxFrameBytes);
            return n;
        }

        /// <summary>
        /// Truncates the payload and writes the header of the frame (the sequence number is taken here); returns
        /// the frame's length on the wire. The CRC is left to <see cref="Checksum"/>.
        /// </summary>
        public int Close(int messageId, int crcExtra, int length)
        {
            byte[] f = Frame;
            int payload = length > 255 ? 255 : (length < 1 ? 1 : length);
            while (payload > 1 && f[MavlinkParser.HeaderV2 - 1 + payload] == 0)
            {
                payload--;
            }

            f[0] = MavlinkParser.StartV2;
            f[1] = (byte)payload;
            f[2] = 0;
            f[3] = 0;
            int seq = sequence;
            f[4] = (byte)seq;
            sequence = (seq + 1) & 0xFF;
            f[5] = (byte)SystemId;
            f[6] = (byte)ComponentId;
            f[7] = (byte)messageId;
            f[8] = (byte)(messageId >> 8);
            f[9] = (byte)(messageId >> 16);
            int end = MavlinkParser.HeaderV2 + payload;
            f[end] = (byte)crcExtra;
            crcAt = 1;
            crcEnd = end + 1;
            crcState = MavlinkCrc.Initial;
            pending = true;
            return end + 2;
        }

        /// <summary>
        /// Checksums up to <paramref name="maxBytes"/> more bytes of the closed frame; once all are covered, adds
        /// CRC_EXTRA, writes the CRC and returns true (also when no frame is waiting).
        /// </summary>
        public bool Checksum(int maxBytes)
        {
            if (!pending)
            {
                return true;
            }

            byte[] f = Frame;
            int at = crcAt;
            int n = crcEnd - at;
            if (n > maxBytes)
            {
                crcState = MavlinkCrc.Update(crcState, f, at, maxBytes);
                crcAt = at + maxBytes;
                return false;
            }

            int crc = MavlinkCrc.Update(crcState, f, at, n);
            at += n - 1;
            f[at] = (byte)crc;
            f[at + 1] = (byte)(crc >> 8);
            pending = false;
            return true;
        }

        /// <summary>Length on the wire of the last closed frame.</summary>
        public int FrameLength
        {
            get { return crcEnd + 1; }
        }

        /// <summary>HEARTBEAT #0: type MAV_TYPE_QUADROTOR (2), autopilot MAV_AUTOPILOT_GENERIC (0).</summary>
        public int Heartbeat(int baseMode, int customMode, int systemStatus)
        {
            int n = StageHeartbeat(baseMode, customMode, systemStatus);
            Checksum(MavlinkParser.MaxFrameBytes);
            return n;
        }

        /// <summary><see cref="Heartbeat"/> without the CRC (see <see cref="Checksum"/>); returns the frame length.</summary>
        public int StageHeartbeat(int baseMode, int customMode, int systemStatus)
        {
            byte[] f = Frame;
            f[10] = (byte)customMode;
            f[11] = (byte)(customMode >> 8);
            f[12] = (byte)(customMode >> 16);
            f[13] = (byte)(customMode >> 24);
            f[14] = 2;
            f[15] = 0;
            f[16] = (byte)baseMode;
            f[17] = (byte)systemStatus;
            f[18] = 3;
            return Close(MavlinkMessages.Heartbeat, MavlinkMessages.HeartbeatCrcExtra, MavlinkMessages.HeartbeatLength);
        }

        /// <summary>SYS_STATUS #1; <paramref name="loadPermille"/> in d% (0..1000), battery fields "unknown"
        /// (voltage UINT16_MAX, current -1, remaining -1) when <paramref name="voltageMv"/> is negative.</summary>
        public int SysStatus(int sensorsPresent, int sensorsEnabled, int sensorsHealth, int loadPermille, int voltageMv,
            int dropRateCentiPercent, int errorsComm)
        {
            int n = StageSysStatus(sensorsPresent, sensorsEnabled, sensorsHealth, loadPermille, voltageMv, dropRateCentiPercent, errorsComm);
            Checksum(MavlinkParser.MaxFrameBytes);
            return n;
        }

        /// <summary><see cref="SysStatus"/> without the CRC (see <see cref="Checksum"/>); returns the frame length.</summary>
        public int StageSysStatus(int sensorsPresent, int sensorsEnabled, int sensorsHealth, int loadPermille, int voltageMv,
            int dropRateCentiPercent, int errorsComm)
        {
            byte[] f = Frame;
            f[10] = (byte)sensorsPresent;
            f[11] = (byte)(sensorsPresent >> 8);
            f[12] = (byte)(sensorsPresent >> 16);
            f[13] = (byte)(sensorsPresent >> 24);
            f[14] = (byte)sensorsEnabled;
            f[15] = (byte)(sensorsEnabled >> 8);
            f[16] = (byte)(sensorsEnabled >> 16);
            f[17] = (byte)(sensorsEnabled >> 24);
            f[18] = (byte)sensorsHealth;
            f[19] = (byte)(sensorsHealth >> 8);
            f[20] = (byte)(sensorsHealth >> 16);
            f[21] = (byte)(sensorsHealth >> 24);
            f[22] = (byte)loadPermille;
            f[23] = (byte)(loadPermille >> 8);
            int v = voltageMv < 0 ? 0xFFFF : voltageMv;
            f[24] = (byte)v;
            f[25] = (byte)(v >> 8);
            f[26] = 0xFF;
            f[27] = 0xFF;
            f[28] = (byte)dropRateCentiPercent;
            f[29] = (byte)(dropRateCentiPercent >> 8);
            f[30] = (byte)errorsComm;
            f[31] = (byte)(errorsComm >> 8);
            f[32] = 0;
            f[33] = 0;
            f[34] = 0;
            f[35] = 0;
            f[36] = 0;
            f[37] = 0;
            f[38] = 0;
            f[39] = 0;
            f[40] = 0xFF;
            return Close(MavlinkMessages.SysStatus, MavlinkMessages.SysStatusCrcExtra, MavlinkMessages.SysStatusLength);
        }

        /// <summary>ATTITUDE #30, angles in Q16.16 rad, rates in Q16.16 rad/s.</summary>
        public int Attitude(long timeBootMs, int roll, int pitch, int yaw, int rollRate, int pitchRate, int yawRate)
        {
            int n = StageAttitude(timeBootMs, roll, pitch, yaw, rollRate, pitchRate, yawRate);
            Checksum(MavlinkParser.MaxFrameBytes);
            return n;
        }

        /// <summary><see cref="Attitude"/> without the CRC (see <see cref="Checksum"/>); returns the frame length.</summary>
        public int StageAttitude(long timeBootMs, int roll, int pitch, int yaw, int rollRate, int pitchRate, int yawRate)
        {
            byte[] f = Frame;
            int v = (int)timeBootMs;
            f[10] = (byte)v;
            f[11] = (byte)(v >> 8);
            f[12] = (byte)(v >> 16);
            f[13] = (byte)(v >> 24);
            v = MavlinkFloat.FromQ16(roll);
            f[14] = (byte)v;
            f[15] = (byte)(v >> 8);
            f[16] = (byte)(v >> 16);
            f[17] = (byte)(v >> 24);
            v = MavlinkFloat.FromQ16(pitch);
            f[18] = (byte)v;
            f[19] = (byte)(v >> 8);
            f[20] = (byte)(v >> 16);
            f[21] = (byte)(v >> 24);
            v = MavlinkFloat.FromQ16(yaw);
            f[22] = (byte)v;
            f[23] = (byte)(v >> 8);
            f[24] = (byte)(v >> 16);
            f[25] = (byte)(v >> 24);
            v = MavlinkFloat.FromQ16(rollRate);
            f[26] = (byte)v;
            f[27] = (byte)(v >> 8);
            f[28] = (byte)(v >> 16);
            f[29] = (byte)(v >> 24);
            v = MavlinkFloat.FromQ16(pitchRate);
            f[30] = (byte)v;
            f[31] = (byte)(v >> 8);
            f[32] = (byte)(v >> 16);
            f[33] = (byte)(v >> 24);
            v = MavlinkFloat.FromQ16(yawRate);
            f[34] = (byte)v;
            f[35] = (byte)(v >> 8);
            f[36] = (byte)(v >> 16);
            f[37] = (byte)(v >> 24);
            return Close(MavlinkMessages.Attitude, MavlinkMessages.AttitudeCrcExtra, MavlinkMessages.AttitudeLength);
        }

        /// <summary>STATUSTEXT #253 (MAV_SEVERITY 0..7); text is cut at 50 characters, non-ASCII sent as '?'.
        /// A null text sends an empty line.</summary>
        public int StatusText(int severity, string text)
        {
            byte[] f = Frame;
            int n = text == null ? 0 : (text.Length > MavlinkMessages.StatusTextChars ? MavlinkMessages.StatusTextChars : text.Length);
            for (int i = 0; i < n; i++)
            {
                int c = text[i];
                f[11 + i] = (byte)(c < 128 ? c : '?');
            }

            int n2 = StageStatusText(severity, f, 11, n);
            Checksum(MavlinkParser.MaxFrameBytes);
            return n2;
        }

        /// <summary>
        /// STATUSTEXT #253 without the CRC (see <see cref="Checksum"/>) from <paramref name="count"/> ASCII bytes of
        /// <paramref name="text"/> at <paramref name="offset"/> (at most 50 are sent; the caller maps non-ASCII to
        /// '?'); returns the frame length. The text may already be in place (<see cref="Frame"/> at 11).
        /// </summary>
        public int StageStatusText(int severity, byte[] text, int offset, int count)
        {
            byte[] f = Frame;
            int n = count < 0 ? 0 : (count > MavlinkMessages.StatusTextChars ? MavlinkMessages.StatusTextChars : count);
            if (n > 0 && (text != f || offset != 11))
            {
                Array.Copy(text, offset, f, 11, n);
            }

            f[10] = (byte)severity;
            Array.Copy(Zeros, 0, f, 11 + n, MavlinkMessages.StatusTextLength - 1 - n); // the mscorlib has no Array.Clear
            return Close(MavlinkMessages.StatusText, MavlinkMessages.StatusTextCrcExtra, MavlinkMessages.StatusTextLength);
        }

        /// <summary>COMMAND_ACK #77.</summary>
        public int CommandAck(int command, int result, int targetSystem, int targetComponent)
        {
            Begin(MavlinkMessages.CommandAckLength);
            PutU16(0, command);
            PutU8(2, result);
            PutU8(8, targetSystem);
            PutU8(9, targetComponent);
            return Finish(MavlinkMessages.CommandAck, MavlinkMessages.CommandAckCrcExtra, MavlinkMessages.CommandAckLength);
        }

        /// <summary>COMMAND_LONG #76, params in Q16.16.</summary>
        public int CommandLong(int targetSystem, int targetComponent, int command, int confirmation, int[] paramsQ16)
        {
            Begin(MavlinkMessages.CommandLongLength);
            for (int i = 0; i < 7; i++)
            {
                PutQ16(4 * i, paramsQ16 != null && i < paramsQ16.Length ? paramsQ16[i] : 0);
            }

            PutU16(28, command);
            PutU8(30, targetSystem);
            PutU8(31, targetComponent);
            PutU8(32, confirmation);
            return Finish(MavlinkMessages.CommandLong, MavlinkMessages.CommandLongCrcExtra, MavlinkMessages.CommandLongLength);
        }

        /// <summary>HIL_ACTUATOR_CONTROLS #93: <paramref name="controlsQ16"/> (up to 16, Q16.16, -1..1), mode and flags.
        /// Written with direct stores (the HIL board sends one per cycle).</summary>
        public int HilActuatorControls(long timeUs, int[] controlsQ16, int controlCount, int mode, long flags)
        {
            byte[] f = Frame;
            int v = (int)timeUs;
            f[10] = (byte)v;
            f[11] = (byte)(v >> 8);
            f[12] = (byte)(v >> 16);
            f[13] = (byte)(v >> 24);
            v = (int)(timeUs >> 32);
            f[14] = (byte)v;
            f[15] = (byte)(v >> 8);
            f[16] = (byte)(v >> 16);
            f[17] = (byte)(v >> 24);
            v = (int)flags;
            f[18] = (byte)v;
            f[19] = (byte)(v >> 8);
            f[20] = (byte)(v >> 16);
            f[21] = (byte)(v >> 24);
            v = (int)(flags >> 32);
            f[22] = (byte)v;
            f[23] = (byte)(v >> 8);
            f[24] = (byte)(v >> 16);
            f[25] = (byte)(v >> 24);
            int n = controlsQ16 == null ? 0 : (controlCount < controlsQ16.Length ? controlCount : controlsQ16.Length);
            int at = 26;
            for (int i = 0; i < 16; i++)
            {
                v = i < n ? MavlinkFloat.FromQ16(controlsQ16[i]) : 0;
                f[at] = (byte)v;
                f[at + 1] = (byte)(v >> 8);
                f[at + 2] = (byte)(v >> 16);
                f[at + 3] = (byte)(v >> 24);
                at += 4;
            }

            f[90] = (byte)mode;
            return Finish(MavlinkMessages.HilActuatorControls, MavlinkMessages.HilActuatorControlsCrcExtra, MavlinkMessages.HilActuatorControlsLength);
        }

        /// <summary>HIL_SENSOR #107: accelerations m/s^2 and rates rad/s in Q16.16; fields_updated bits 0..5
        /// (acc + gyro) set, the rest zero.</summary>
        public int HilSensor(long timeUs, int ax, int ay, int az, int gx, int gy, int gz)
        {
            return HilSensor(timeUs, ax, ay, az, gx, gy, gz, MavlinkMessages.HilSensorAccelGyroFields);
        }

        /// <summary>HIL_SENSOR #107 with the given fields_updated bitmap (0: no new IMU data, only the time).</summary>
        public int HilSensor(long timeUs, int ax, int ay, int az, int gx, int gy, int gz, int fieldsUpdated)
        {
            Begin(MavlinkMessages.HilSensorLength);
            PutI64(0, timeUs);
            PutQ16(8, ax);
            PutQ16(12, ay);
            PutQ16(16, az);
            PutQ16(20, gx);
            PutQ16(24, gy);
            PutQ16(28, gz);
            PutI32(60, fieldsUpdated);
            return Finish(MavlinkMessages.HilSensor, MavlinkMessages.HilSensorCrcExtra, MavlinkMessages.HilSensorLength);
        }

        /// <summary>HIL_RC_INPUTS_RAW #92: the first 12 of <paramref name="channelUs"/> (µs), rssi 255 = unknown.</summary>
        public int HilRcInputsRaw(long timeUs, int[] channelUs, int rssi)
        {
            Begin(MavlinkMessages.HilRcInputsRawLength);
            PutI64(0, timeUs);
            for (int i = 0; i < MavlinkMessages.HilRcInputsRawChannels && channelUs != null && i < channelUs.Length; i++)
            {
                PutU16(8 + 2 * i, channelUs[i]);
            }

            PutU8(32, rssi);
            return Finish(MavlinkMessages.HilRcInputsRaw, MavlinkMessages.HilRcInputsRawCrcExtra, MavlinkMessages.HilRcInputsRawLength);
        }
    }
}
