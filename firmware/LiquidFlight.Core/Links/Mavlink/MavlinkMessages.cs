namespace LiquidFlight.Core.Links.Mavlink
{
    /// <summary>
    /// The MAVLink common.xml messages LiquidFlight speaks: id, CRC_EXTRA and wire length (base fields + extensions),
    /// fields in wire order (sorted by type size, as mavgen emits them). CRC_EXTRA values as in the generated
    /// MAVLINK_MESSAGE_CRCS table of common.xml.
    /// </summary>
    public static class MavlinkMessages
    {
        /// <summary>#0 HEARTBEAT, CRC_EXTRA 50, 9 bytes: custom_mode u32, type u8, autopilot u8, base_mode u8,
        /// system_status u8, mavlink_version u8.</summary>
        public const int Heartbeat = 0;
        public const int HeartbeatCrcExtra = 50;
        public const int HeartbeatLength = 9;

        /// <summary>#1 SYS_STATUS, CRC_EXTRA 124, 31 bytes (LiquidFlight sends no extensions):
        /// sensors present/enabled/health u32 x3, load u16 (d%), voltage_battery u16 (mV), current_battery i16 (cA),
        /// drop_rate_comm u16 (c%), errors_comm u16, errors_count1..4 u16, battery_remaining i8 (%).</summary>
        public const int SysStatus = 1;
        public const int SysStatusCrcExtra = 124;
        public const int SysStatusLength = 31;

        /// <summary>#30 ATTITUDE, CRC_EXTRA 39, 28 bytes: time_boot_ms u32, roll, pitch, yaw (rad), rollspeed,
        /// pitchspeed, yawspeed (rad/s) float.</summary>
        public const int Attitude = 30;
        public const int AttitudeCrcExtra = 39;
        public const int AttitudeLength = 28;

        /// <summary>#76 COMMAND_LONG, CRC_EXTRA 152, 33 bytes: param1..7 float, command u16, target_system u8,
        /// target_component u8, confirmation u8.</summary>
        public const int CommandLong = 76;
        public const int CommandLongCrcExtra = 152;
        public const int CommandLongLength = 33;

        /// <summary>#77 COMMAND_ACK, CRC_EXTRA 143, 3 bytes base (command u16, result u8) + extensions progress u8,
        /// result_param2 i32, target_system u8, target_component u8 = 10.</summary>
        public const int CommandAck = 77;
        public const int CommandAckCrcExtra = 143;
        public const int CommandAckLength = 10;

        /// <summary>#92 HIL_RC_INPUTS_RAW, CRC_EXTRA 54, 33 bytes: time_usec u64, chan1_raw..chan12_raw u16 (µs),
        /// rssi u8 (simulator -> board: the pilot's receiver channels in HIL).</summary>
        public const int HilRcInputsRaw = 92;
        public const int HilRcInputsRawCrcExtra = 54;
        public const int HilRcInputsRawLength = 33;
        public const int HilRcInputsRawChannels = 12;

        /// <summary>#93 HIL_ACTUATOR_CONTROLS, CRC_EXTRA 47, 81 bytes: time_usec u64, flags u64, controls float[16]
        /// (-1 .. 1), mode u8 (MAV_MODE_FLAG bits).</summary>
        public const int HilActuatorControls = 93;
        public const int HilActuatorControlsCrcExtra = 47;
        public const int HilActuatorControlsLength = 81;

        /// <summary>#107 HIL_SENSOR, CRC_EXTRA 108, 64 bytes base + id u8 = 65: time_usec u64, xacc, yacc, zacc (m/s^2),
        /// xgyro, ygyro, zgyro (rad/s), xmag, ymag, zmag (gauss), abs_pressure, diff_pressure (hPa), pressure_alt (m),
        /// temperature (degC) float, fields_updated u32, id u8.</summary>
        public const int HilSensor = 107;
        public const int HilSensorCrcExtra = 108;
        public const int HilSensorLength = 65;

        /// <summary>HIL_SENSOR fields_updated bits 0..2 (xacc, yacc, zacc) and 3..5 (xgyro, ygyro, zgyro).</summary>
        public const int HilSensorAccelGyroFields = 0x3F;

        /// <summary>#253 STATUSTEXT, CRC_EXTRA 83, 51 bytes base (severity u8, text char[50]) + id u16, chunk_seq u8 = 54.</summary>
        public const int StatusText = 253;
        public const int StatusTextCrcExtra = 83;
        public const int StatusTextLength = 54;
        public const int StatusTextChars = 50;

        /// <summary>MAV_CMD_COMPONENT_ARM_DISARM: param1 1 = arm, 0 = disarm.</summary>
        public const int CmdComponentArmDisarm = 400;

        public const int ResultAccepted = 0;
        public const int ResultTemporarilyRejected = 1;
        public const int ResultDenied = 2;
        public const int ResultUnsupported = 3;

        /// <summary>MAV_MODE_FLAG_SAFETY_ARMED.</summary>
        public const int ModeFlagSafetyArmed = 128;

        /// <summary>MAV_MODE_FLAG_HIL_ENABLED.</summary>
        public const int ModeFlagHilEnabled = 32;

        /// <summary>MAV_MODE_FLAG_STABILIZE_ENABLED.</summary>
        public const int ModeFlagStabilizeEnabled = 16;

        /// <summary>MAV_MODE_FLAG_CUSTOM_MODE_ENABLED.</summary>
        public const int ModeFlagCustomModeEnabled = 1;

        /// <summary>HIL_ACTUATOR_CONTROLS flags bit 0: lockstep (the simulator steps on each answer).</summary>
        public const int HilFlagLockstep = 1;

        /// <summary>CRC_EXTRA of a supported message id, or -1 for an id this implementation does not know.</summary>
        public static int CrcExtra(int messageId)
        {
            switch (messageId)
            {
                case Heartbeat: return HeartbeatCrcExtra;
                case SysStatus: return SysStatusCrcExtra;
                case Attitude: return AttitudeCrcExtra;
                case CommandLong: return CommandLongCrcExtra;
                case CommandAck: return CommandAckCrcExtra;
                case HilRcInputsRaw: return HilRcInputsRawCrcExtra;
                case HilActuatorControls: return HilActuatorControlsCrcExtra;
                case HilSensor: return HilSensorCrcExtra;
                case StatusText: return StatusTextCrcExtra;
                default: return -1;
            }
        }

        /// <summary>Full wire length (with the extensions this implementation knows) of a supported id, else 0.</summary>
        public static int Length(int messageId)
        {
            switch (messageId)
            {
                case Heartbeat: return HeartbeatLength;
                case SysStatus: return SysStatusLength;
                case Attitude: return AttitudeLength;
                case CommandLong: return CommandLongLength;
                case CommandAck: return CommandAckLength;
                case HilRcInputsRaw: return HilRcInputsRawLength;
                case HilActuatorControls: return HilActuatorControlsLength;
                case HilSensor: return HilSensorLength;
                case StatusText: return StatusTextLength;
                default: return 0;
            }
        }
    }
}
