using LiquidFlight.Core.Scheduler;

namespace LiquidFlight.Sim.Board;

/// <summary>The simulation's microsecond clock, shared by the physics, the sensors and the board cycle.</summary>
public sealed class SimClock : IMicrosClock
{
    public long Now;

    public long NowUs() => Now;
}
