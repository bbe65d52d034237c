using System;

namespace LiquidFlight.Core.Safety
{
    /// <summary>What triggered the current (or last) failsafe.</summary>
    [Flags]
    public enum FailsafeCause
    {
        None = 0,
        RcLoss = 1,
        ImuFailure = 2,
        LoopOverrun = 4,
        NumericFault = 8,
    }
}
