namespace LiquidFlight.Sim.Frames;

/// <summary>A frame file that cannot be used: the message names the file, the field, the value and what is allowed.</summary>
public sealed class FrameFileException(string message) : Exception(message);
