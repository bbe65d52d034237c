namespace LiquidFlight.Core.Safety
{
    public enum FailsafePhase
    {
        /// <summary>No failsafe: the pilot flies.</summary>
        Idle = 0,

        /// <summary>Stage 1 after RC loss: attitude held level, throttle at the landing value, for a set time.</summary>
        Landing = 1,

        /// <summary>Stage 2, or an immediate fault: motors at minimum pulse, disarmed, until the link is back and the arm switch off.</summary>
        MotorsOff = 2,
    }
}
