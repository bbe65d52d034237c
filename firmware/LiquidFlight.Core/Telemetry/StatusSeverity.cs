namespace LiquidFlight.Core.Telemetry
{
    /// <summary>Severity of a status message, numbered as MAVLink's MAV_SEVERITY (0 = most severe).</summary>
    public enum StatusSeverity
    {
        Emergency = 0,
        Alert = 1,
        Critical = 2,
        Error = 3,
        Warning = 4,
        Notice = 5,
        Info = 6,
        Debug = 7,
    }
}
