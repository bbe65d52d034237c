using LiquidFlight.Core.Flight;
using LiquidFlight.Sim.Frames;

namespace LiquidFlight.Sim.Runner;

/// <summary>The flight-loop settings a board built on this frame would ship with (ESC range from the frame file).</summary>
public static class FrameLoopConfig
{
    public static FlightLoopConfig For(FrameSpec frame)
    {
        var config = new FlightLoopConfig
        {
            EscMinPulseUs = frame.Esc.MinPulseUs,
            EscMaxPulseUs = frame.Esc.MaxPulseUs,
        };
        return config;
    }
}
