namespace LiquidFlight.Firmware.Flight
{
    /// <summary>Which Core controller stabilises the craft.</summary>
    public enum StabiliserKind
    {
        /// <summary>The LTC network compiled in from the shipped model (Core/Ltc/ShippedModel.g.cs).</summary>
        Ltc = 0,

        /// <summary>The cascaded angle/rate PID with Core's default gains (a reference and a fallback).</summary>
        Pid = 1,
    }
}
