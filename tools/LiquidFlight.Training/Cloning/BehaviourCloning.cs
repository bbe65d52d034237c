using LiquidFlight.Training.Data;
using LiquidFlight.Training.Network;
using LiquidFlight.Training.Optimization;

namespace LiquidFlight.Training.Cloning;

/// <summary>
/// Fits the network to the teacher's commands by minibatch backpropagation through time with Adam. Segments are
/// replayed from the reset state with a burn-in (no loss) so the network is fitted from the states it will
/// really be in, not from a state copied from elsewhere. Deterministic: minibatches are drawn from a seed derived
/// from (seed, epoch), per-segment gradients are computed in parallel into their own buffers and summed in
/// segment order.
/// </summary>
public sealed class BehaviourCloning
{
    private readonly NetworkShape _shape;
    private readonly CloningOptions _options;
    private readonly Adam _adam;
    private readonly double[] _stepScale;
    private readonly DifferentiableLtc[] _workers;
    private readonly double[][] _workerGrad;

    public BehaviourCloning(NetworkShape shape, CloningOptions options, double[] stepScale)
    {
        _shape = shape;
        _options = options;
        _adam = new Adam(shape.ParameterCount, options.LearningRate);
        _stepScale = stepScale;
        _workers = new DifferentiableLtc[options.BatchSize];
        _workerGrad = new double[options.BatchSize][];
        for (int b = 0; b < options.BatchSize; b++)
        {
            _workers[b] = new DifferentiableLtc(shape);
            _workerGrad[b] = new double[shape.ParameterCount];
        }
    }

    public double LearningRate
    {
        get => _adam.LearningRate;
        set => _adam.LearningRate = value;
    }

    /// <summary>Cuts every recording into segments of the configured length (the last partial one dropped).</summary>
    public List<Segment> Segments(IReadOnlyList<FlightRecording> data)
    {
        var list = new List<Segment>();
        int len = _options.SegmentLength;
        int stride = _options.SegmentStride;
        for (int r = 0; r < data.Count; r++)
            for (int start = 0; start + len <= data[r].Steps; start += stride)
                list.Add(new Segment(r, start, len));
        return list;
    }

    /// <summary>One Adam step on a minibatch drawn with the given seed. Returns the minibatch mean loss.</summary>
    public double Step(double[] p, IReadOnlyList<FlightRecording> data, IReadOnlyList<Segment> segments, int batchSeed)
    {
        var rng = new Random(batchSeed);
        int batch = _options.BatchSize;
        var chosen = new Segment[batch];
        for (int b = 0; b < batch; b++) chosen[b] = segments[rng.Next(segments.Count)];
        var losses = new double[batch];
        Parallel.For(0, batch, new ParallelOptions { MaxDegreeOfParallelism = _options.MaxParallelism }, b =>
        {
            Array.Clear(_workerGrad[b]);
            losses[b] = Loss(_workers[b], p, data, chosen[b], _workerGrad[b]);
        });

        var grad = new double[p.Length];
        double total = 0;
        for (int b = 0; b < batch; b++)
        {
            total += losses[b];
            var gb = _workerGrad[b];
            for (int i = 0; i < grad.Length; i++) grad[i] += gb[i];
        }

        double norm = 0;
        for (int i = 0; i < grad.Length; i++)
        {
            grad[i] /= batch;
            norm += grad[i] * grad[i];
        }

        // Clip the gradient norm: a rare segment with a large teacher transient must not throw the network out.
        norm = Math.Sqrt(norm);
        if (norm > _options.GradientClip)
            for (int i = 0; i < grad.Length; i++) grad[i] *= _options.GradientClip / norm;

        _adam.Step(p, grad, _stepScale);
        _shape.Project(p);
        return total / batch;
    }

    /// <summary>Mean loss per scored step over the given segments (no gradient), evaluated in parallel.</summary>
    public double Evaluate(double[] p, IReadOnlyList<FlightRecording> data, IReadOnlyList<Segment> segments)
    {
        var losses = new double[segments.Count];
        int workers = Math.Min(_workers.Length, Math.Max(1, _options.MaxParallelism));
        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, w =>
        {
            for (int i = w; i < segments.Count; i += workers)
                losses[i] = Loss(_workers[w], p, data, segments[i], null);
        });
        double sum = 0;
        foreach (double l in losses) sum += l;
        return segments.Count == 0 ? 0 : sum / segments.Count;
    }

    private double Loss(DifferentiableLtc net, double[] p, IReadOnlyList<FlightRecording> data, Segment seg, double[]? grad)
    {
        var rec = data[seg.Recording];
        int scored = seg.Length - _options.BurnIn;
        double scale = 1.0 / scored;
        double loss = net.SequenceLoss(p,
            rec.Inputs.AsSpan(seg.Start * rec.InputCount, seg.Length * rec.InputCount),
            rec.DtUs.AsSpan(seg.Start, seg.Length),
            rec.Targets.AsSpan(seg.Start * rec.OutputCount, seg.Length * rec.OutputCount),
            _options.BurnIn, _options.OutputWeights, grad);
        if (grad != null)
            for (int i = 0; i < grad.Length; i++) grad[i] *= scale;
        return loss * scale;
    }
}

public sealed class CloningOptions
{
    public int SegmentLength { get; init; } = 200;
    public int SegmentStride { get; init; } = 100;
    public int BurnIn { get; init; } = 50;
    public int BatchSize { get; init; } = 16;
    public double LearningRate { get; init; } = 0.01;
    public double GradientClip { get; init; } = 1.0;
    public double[] OutputWeights { get; init; } = { 1.0, 1.0, 1.0 };
    public int MaxParallelism { get; init; } = 2;
}
