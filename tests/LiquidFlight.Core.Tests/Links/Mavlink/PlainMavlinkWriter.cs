#nullable disable

using LiquidFlight.Core.Links.Mavlink;

namespace LiquidFlight.Core.Tests.Links.Mavlink
{
    /// <summary>
    /// The plain twin of <see cref="MavlinkWriter"/> (tests only): the writer as it was before its frames were
    /// written with direct stores and checksummed in one table loop (a call per byte, a call per CRC byte, a loop
    /// per float conversion). The tests compare every frame kind of the two byte for byte.
    /// </summary>
    public sealed class PlainMavlinkWriter
    {
        public readonly byte[] Frame = new byte[MavlinkParser.MaxFrameBytes];

        public int SystemId;
        public int ComponentId;
        private int sequence;

        public PlainMavlinkWriter(int systemId, int componentId)
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
            PutI32(offset, PlainMavlinkFloat.FromQ16(q16));
        }

        /// <summary>Completes the frame; returns its length on the wire.</summary>
        public int Finish(int messageId, int crcExtra, int length)
        {
            int payload = length > 255 ? 255 : (length < 1 ? 1 : length);
            while (payload > 1 && Frame[MavlinkParser.HeaderV2 + payload - 1] == 0)
            {
                payload--;
            }

            Frame[0] = MavlinkParser.StartV2;
            Frame[1] = (byte)payload;
            Frame[2] = 0;
            Frame[3] = 0;
            Frame[4] = (byte)sequence;
            sequence = (sequence + 1) & 0xFF;
            Frame[5] = (byte)SystemId;
            Frame[6] = (byte)ComponentId;
            Frame[7] = (byte)messageId;
            Frame[8] = (byte)(messageId >> 8);
            Frame[9] = (byte)(messageId >> 16);
            int crc = PlainMavlinkCrc.Update(PlainMavlinkCrc.Initial, Frame, 1, MavlinkParser.HeaderV2 - 1 + payload);
            crc = PlainMavlinkCrc.Accumulate(crc, crcExtra);
            int at = MavlinkParser.HeaderV2 + payload;
            Frame[at] = (byte)crc;
            Frame[at + 1] = (byte)(crc >> 8);
            return at + 2;
        }

        /// <summary>HEARTBEAT #0: type MAV_TYPE_QUADROTOR (2), autopilot MAV_AUTOPILOT_GENERIC (0).</summary>
        public int Heartbeat(int baseMode, int customMode, int systemStatus)
        {
            Begin(MavlinkMessages.HeartbeatLength);
            PutI32(0, customMode);
            PutU8(4, 2);
            PutU8(5, 0);
            PutU8(6, baseMode);
            PutU8(7, systemStatus);
            PutU8(8, 3);
            return Finish(MavlinkMessages.Heartbeat, MavlinkMessages.HeartbeatCrcExtra, MavlinkMessages.HeartbeatLength);
        }

        /// <summary>SYS_STATUS #1; <paramref name="loadPermille"/> in d% (0..1000), battery fields "unknown"
        /// (voltage UINT16_MAX, current -1, remaining -1) when <paramref name="voltageMv"/> is negative.</summary>
        public int SysStatus(int sensorsPresent, int sensorsEnabled, int sensorsHealth, int loadPermille, int voltageMv,
            int dropRateCentiPercent, int errorsComm)
        {
            Begin(MavlinkMessages.SysStatusLength);
            PutI32(0, sensorsPresent);
            PutI32(4, sensorsEnabled);
            PutI32(8, sensorsHealth);
            PutU16(12, loadPermille);
            PutU16(14, voltageMv < 0 ? 0xFFFF : voltageMv);
            PutU16(16, -1);
            PutU16(18, dropRateCentiPercent);
            PutU16(20, errorsComm);
            PutU8(30, -1);
            return Finish(MavlinkMessages.SysStatus, MavlinkMessages.SysStatusCrcExtra, MavlinkMessages.SysStatusLength);
        }

        /// <summary>ATTITUDE #30, angles in Q16.16 rad, rates in Q16.16 rad/s.</summary>
        public int Attitude(long timeBootMs, int roll, int pitch, int yaw, int rollRate, int pitchRate, int yawRate)
        {
            Begin(MavlinkMessages.AttitudeLength);
            PutI32(0, (int)timeBootMs);
            PutQ16(4, roll);
            PutQ16(8, pitch);
            PutQ16(12, yaw);
            PutQ16(16, rollRate);
            PutQ16(20, pitchRate);
            PutQ16(24, yawRate);
            return Finish(MavlinkMessages.Attitude, MavlinkMessages.AttitudeCrcExtra, MavlinkMessages.AttitudeLength);
        }

        /// <summary>STATUSTEXT #253 (MAV_SEVERITY 0..7); text is cut at 50 characters, non-ASCII sent as '?'.
        /// A null text sends an empty line.</summary>
        public int StatusText(int severity, string text)
        {
            Begin(MavlinkMessages.StatusTextLength);
            PutU8(0, severity);
            int n = text == null ? 0 : (text.Length > MavlinkMessages.StatusTextChars ? MavlinkMessages.StatusTextChars : text.Length);
            for (int i = 0; i < n; i++)
            {
                int c = text[i];
                PutU8(1 + i, c < 128 ? c : '?');
            }

            return Finish(MavlinkMessages.StatusText, MavlinkMessages.StatusTextCrcExtra, MavlinkMessages.StatusTextLength);
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

        /// <summary>HIL_ACTUATOR_CONTROLS #93: <paramref name="controlsQ16"/> (up to 16, Q16.16, -1..1), mode and flags.</summary>
        public int HilActuatorControls(long timeUs, int[] controlsQ16, int controlCount, int mode, long flags)
        {
            Begin(MavlinkMessages.HilActuatorControlsLength);
            PutI64(0, timeUs);
            PutI64(8, flags);
            int n = controlsQ16 == null ? 0 : (controlCount < controlsQ16.Length ? controlCount : controlsQ16.Length);
            for (int i = 0; i < n && i < 16; i++)
            {
                PutQ16(16 + 4 * i, controlsQ16[i]);
            }

            PutU8(80, mode);
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

    /// <summary>
    /// The plain twin of <see cref="MavlinkCrc"/> (tests only): CRC-16/MCRF4XX a call per byte, bit arithmetic
    /// instead of the table, as before.
    /// </summary>
    public static class PlainMavlinkCrc
    {
        public const int Initial = 0xFFFF;

        /// <summary>Accumulates one byte into <paramref name="crc"/> (0 .. 0xFFFF).</summary>
        public static int Accumulate(int crc, int b)
        {
            int tmp = (b ^ crc) & 0xFF;
            tmp = (tmp ^ (tmp << 4)) & 0xFF;
            return ((crc >> 8) ^ (tmp << 8) ^ (tmp << 3) ^ (tmp >> 4)) & 0xFFFF;
        }

        /// <summary>CRC of <paramref name="length"/> bytes from <paramref name="offset"/>, continuing from <paramref name="crc"/>.</summary>
        public static int Update(int crc, byte[] buffer, int offset, int length)
        {
            for (int i = 0; i < length; i++)
            {
                crc = Accumulate(crc, buffer[offset + i]);
            }

            return crc;
        }
    }

    /// <summary>
    /// The plain twin of <see cref="MavlinkFloat.FromQ16"/> (tests only): Q16.16 to float bits with a loop for the
    /// highest bit, as before the loop-free conversion.
    /// </summary>
    public static class PlainMavlinkFloat
    {
        /// <summary>Converts Q16.16 to float bits.</summary>
        public static int FromQ16(int q16)
        {
            if (q16 == 0)
            {
                return 0;
            }

            int sign = q16 < 0 ? unchecked((int)0x80000000) : 0;
            long magnitude = q16 < 0 ? -(long)q16 : q16;
            int top = 0;
            while ((magnitude >> (top + 1)) != 0)
            {
                top++;
            }

            int exponent = top - 16 + 127;
            long mantissa;
            if (top <= 23)
            {
                mantissa = magnitude << (23 - top);
            }
            else
            {
                int right = top - 23;
                mantissa = magnitude >> right;
                long rest = magnitude & ((1L << right) - 1);
                long half = 1L << (right - 1);
                if (rest > half || (rest == half && (mantissa & 1) != 0))
                {
                    mantissa++;
                    if (mantissa == 0x1000000L)
                    {
                        mantissa >>= 1;
                        exponent++;
                    }
                }
            }

            return sign | (exponent << 23) | (int)(mantissa & 0x7FFFFF);
        }
    }
}
