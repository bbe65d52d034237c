using LiquidFlight.Sim.Physics;
using LiquidFlight.Sim.Sensors;

namespace LiquidFlight.Sim.Scenarios;

/// <summary>
/// Every physical and timing condition of one flight, fully resolved: a scenario gives defaults, command-line
/// knobs override any of them, so conditions compose (e.g. a heavy payload in gusts with a jittery IMU).
/// </summary>
public sealed record FlightConditions
{
    public required double Seconds { get; init; }
    public required double LoopHz { get; init; }
    public required double ImuHz { get; init; }
    public required double Jitter { get; init; }
    public required double Dropout { get; init; }
    public required double BurstProbability { get; init; }
    public required int BurstLengthSamples { get; init; }
    public required double MassScale { get; init; }
    public required double InertiaScale { get; init; }
    public required double NoiseScale { get; init; }
    public required double MotorLagScale { get; init; }
    public required WindConditions Wind { get; init; }

    /// <summary>
    /// The rate the board polls the RC receiver at, at least (Core's BoardCycleConfig.RcPollRateHz; the board's
    /// default 125 Hz unless overridden). Half the loop rate or more polls in every even slot.
    /// </summary>
    public double RcPollHz { get; init; } = DefaultRcPollHz;

    /// <summary>Core's default receiver poll rate (BoardCycleConfig.RcPollRateHz).</summary>
    public static readonly double DefaultRcPollHz = new LiquidFlight.Core.Flight.BoardCycleConfig().RcPollRateHz;

    public ImuConditions Imu => new(ImuHz, Jitter, Dropout, BurstProbability, BurstLengthSamples, NoiseScale);
}

/// <summary>Knob values given on the command line; null = keep the scenario's value.</summary>
public sealed record ConditionOverrides
{
    public double? Seconds { get; init; }
    public double? LoopHz { get; init; }
    public double? ImuHz { get; init; }
    public double? Jitter { get; init; }
    public double? Dropout { get; init; }
    public double? BurstProbability { get; init; }
    public int? BurstLengthSamples { get; init; }
    public double? MassScale { get; init; }
    public double? InertiaScale { get; init; }
    public double? NoiseScale { get; init; }
    public double? MotorLagScale { get; init; }
    public double? WindMs { get; init; }
    public double? RcPollHz { get; init; }

    public static readonly ConditionOverrides None = new();
}

/// <summary>The allowed range of one knob, shared by the command line (messages) and the runner (checks).</summary>
public readonly record struct KnobRange(string Option, double Min, double Max)
{
    public bool Contains(double v) => double.IsFinite(v) && v >= Min && v <= Max;

    public override string ToString() => $"{Option} in [{Min}, {Max}]";
}

public static class Knobs
{
    public static readonly KnobRange Seconds = new("--seconds", 0.5, 600);
    public static readonly KnobRange LoopHz = new("--loop-hz", 50, 8000);
    public static readonly KnobRange ImuHz = new("--imu-hz", 50, 8000);
    public static readonly KnobRange Jitter = new("--jitter", 0, 0.95);
    public static readonly KnobRange Dropout = new("--dropout", 0, 0.9);
    public static readonly KnobRange Burst = new("--burst", 0, 0.1);
    public static readonly KnobRange BurstLength = new("--burst-length", 1, 1000);
    public static readonly KnobRange MassScale = new("--mass-scale", 0.5, 3);
    public static readonly KnobRange InertiaScale = new("--inertia-scale", 0.25, 5);
    public static readonly KnobRange NoiseScale = new("--noise-scale", 0, 100);
    public static readonly KnobRange MotorLagScale = new("--motor-lag-scale", 0.1, 10);
    public static readonly KnobRange Wind = new("--wind", 0, 30);
    public static readonly KnobRange RcPollHz = new("--rc-hz", 1, 8000);

    /// <summary>Returns the first knob outside its range as a message naming it, its value and the range; null if all fit.</summary>
    public static string? Check(ConditionOverrides o)
    {
        (double? value, KnobRange range)[] all =
        [
            (o.Seconds, Seconds), (o.LoopHz, LoopHz), (o.ImuHz, ImuHz), (o.Jitter, Jitter), (o.Dropout, Dropout),
            (o.BurstProbability, Burst), (o.BurstLengthSamples, BurstLength),
            (o.MassScale, MassScale), (o.InertiaScale, InertiaScale), (o.NoiseScale, NoiseScale),
            (o.MotorLagScale, MotorLagScale), (o.WindMs, Wind), (o.RcPollHz, RcPollHz),
        ];
        foreach (var (value, range) in all)
        {
            if (value is double v && !range.Contains(v))
            {
                return $"{range.Option} {v} is out of range; allowed: {range.Min} to {range.Max}";
            }
        }

        return null;
    }
}
