namespace LiquidFlight.Sim.Faults;

/// <summary>The failures the simulator can inject to exercise arming and failsafe (issue 5, item 6).</summary>
public enum FaultKind
{
    /// <summary>No RC frames arrive (receiver out of range, cable off).</summary>
    RcLoss,

    /// <summary>No new IMU samples arrive (dead bus, crashed driver).</summary>
    ImuDropout,

    /// <summary>Samples keep arriving with the same values (a hung sensor returning its last registers).</summary>
    StuckSensor,
}

/// <summary>One fault from <see cref="StartS"/> for <see cref="DurationS"/> seconds (null: to the end of the flight).</summary>
public sealed record FaultPlan(FaultKind Kind, double StartS, double? DurationS = null)
{
    public bool IsActive(double tS) => tS >= StartS && (DurationS is not double d || tS < StartS + d);
}
