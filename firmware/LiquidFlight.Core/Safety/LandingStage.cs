namespace LiquidFlight.Core.Safety
{
    /// <summary>Where the failsafe landing (<see cref="FailsafeLanding"/>) is.</summary>
    public enum LandingStage
    {
        /// <summary>Holding the descent rate.</summary>
        Descending = 0,

        /// <summary>An impact or a stopped descent was seen: throttle ramping down, watching for stillness or a fall.</summary>
        GroundCheck = 1,

        /// <summary>Still at low throttle: on the ground, the motors may stop.</summary>
        Landed = 2,
    }
}
