namespace LiquidFlight.Sim.Hil;

/// <summary>
/// What a HIL flight's link did (`hil --json` "link"): frames each way, what the simulator's parser refused,
/// answers that never came, and the round trip from writing a HIL_SENSOR to parsing its HIL_ACTUATOR_CONTROLS
/// (wall-clock µs, as the simulator's process sees it).
/// </summary>
public sealed record HilLinkFigures
{
    public required string Port { get; init; }
    public required bool Lockstep { get; init; }

    /// <summary>The controller the board named in a STATUSTEXT ("... controller NAME ..."), or null.</summary>
    public string? BoardController { get; init; }

    /// <summary>Simulator -> board: HIL_SENSOR with a sample, HIL_SENSOR with the time only (the IMU delivered nothing for that cycle), HIL_RC_INPUTS_RAW.</summary>
    public long SensorFrames { get; init; }
    public long TimeOnlyFrames { get; init; }
    public long RcFrames { get; init; }
    public long FramesSent { get; init; }
    public long BytesSent { get; init; }

    /// <summary>Board -> simulator: every good frame, and by kind.</summary>
    public long FramesReceived { get; init; }
    public long ActuatorFrames { get; init; }
    public long Heartbeats { get; init; }
    public long StatusTexts { get; init; }
    public long BytesReceived { get; init; }

    /// <summary>Refused by the simulator's parser: bad CRC, garbage bytes skipped while resynchronising, other bad frames (unknown, signed, v1, incompatible).</summary>
    public long CrcErrors { get; init; }
    public long GarbageBytes { get; init; }
    public long OtherBadFrames { get; init; }

    /// <summary>HIL_SENSOR frames whose HIL_ACTUATOR_CONTROLS never came (lost, or overtaken in real time).</summary>
    public long DroppedFrames { get; init; }

    public double? LatencyMinUs { get; init; }
    public double? LatencyMeanUs { get; init; }
    public double? LatencyMaxUs { get; init; }

    /// <summary>Board cycles run per wall-clock second over the whole run (pre-flight included).</summary>
    public double CycleRateHz { get; init; }
    public double WallSeconds { get; init; }

    /// <summary>Why the flight ended before its end (the board stopped answering), or null.</summary>
    public string? Error { get; init; }

    /// <summary>Whether the board answered at all (false: nothing came back before the timeout).</summary>
    public bool BoardAnswered { get; init; }
}
