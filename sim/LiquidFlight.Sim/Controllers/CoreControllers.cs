using LiquidFlight.Sim.Frames;

namespace LiquidFlight.Sim.Controllers;

/// <summary>Builds Core's fixed-point controllers (placeholder until Core's PID and LTC controllers land).</summary>
internal static class CoreControllers
{
    public static ControllerInstance CreateLtc() => throw new NotSupportedException("Core LtcController not available yet");

    public static ControllerInstance CreatePid(FrameSpec frame) => throw new NotSupportedException("Core PidController not available yet");
}
