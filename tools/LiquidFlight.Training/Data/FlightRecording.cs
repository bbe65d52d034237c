namespace LiquidFlight.Training.Data;

/// <summary>
/// One recorded flight as the network sees it: for each controller step, the network inputs, the real elapsed
/// time since the previous step in microseconds, and the teacher's (PID's) axis commands as targets.
/// Replaying a recording through the network needs no physics, which makes supervised fitting cheap.
/// </summary>
public sealed class FlightRecording
{
    public FlightRecording(int inputCount, int outputCount, double[] inputs, long[] dtUs, double[] targets, string source)
    {
        int steps = dtUs.Length;
        if (inputs.Length != steps * inputCount)
            throw new ArgumentException($"inputs has {inputs.Length} values, expected {steps} x {inputCount}");
        if (targets.Length != steps * outputCount)
            throw new ArgumentException($"targets has {targets.Length} values, expected {steps} x {outputCount}");
        InputCount = inputCount;
        OutputCount = outputCount;
        Inputs = inputs;
        DtUs = dtUs;
        Targets = targets;
        Source = source;
    }

    public int InputCount { get; }
    public int OutputCount { get; }
    public double[] Inputs { get; }
    public long[] DtUs { get; }
    public double[] Targets { get; }

    /// <summary>Which flight produced it (phase, scenario, frame, seed), for the log.</summary>
    public string Source { get; }

    public int Steps => DtUs.Length;
}

/// <summary>Accumulates a recording step by step.</summary>
public sealed class FlightRecorder
{
    private readonly int _inputCount;
    private readonly int _outputCount;
    private readonly List<double> _inputs = new();
    private readonly List<long> _dt = new();
    private readonly List<double> _targets = new();

    public FlightRecorder(int inputCount, int outputCount)
    {
        _inputCount = inputCount;
        _outputCount = outputCount;
    }

    public int Steps => _dt.Count;

    public void Add(ReadOnlySpan<double> inputs, long dtUs, ReadOnlySpan<double> targets)
    {
        for (int k = 0; k < _inputCount; k++) _inputs.Add(inputs[k]);
        _dt.Add(dtUs);
        for (int k = 0; k < _outputCount; k++) _targets.Add(targets[k]);
    }

    public FlightRecording Build(string source) =>
        new(_inputCount, _outputCount, _inputs.ToArray(), _dt.ToArray(), _targets.ToArray(), source);
}

/// <summary>A window into a recording: the unit of a minibatch.</summary>
public readonly record struct Segment(int Recording, int Start, int Length);
