namespace LiquidFlight.Core.Control
{
    /// <summary>The stabilisers Core can fly (the board's choice; the simulator adds its double-precision twin).</summary>
    public enum ControllerKind
    {
        /// <summary>The LTC network (fixed point) of a trained model.</summary>
        Ltc = 0,

        /// <summary>The cascaded angle/rate PID (a reference and a fallback).</summary>
        Pid = 1,
    }
}
