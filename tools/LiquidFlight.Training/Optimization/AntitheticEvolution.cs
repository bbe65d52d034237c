namespace LiquidFlight.Training.Optimization;

/// <summary>
/// Antithetic evolution strategy (Salimans et al. 2017) with centred-rank fitness shaping and an Adam step,
/// minimising a noisy cost. Each pair (theta + s e, theta - s e) is evaluated on the same scenario seeds
/// (common random numbers), so the difference measures the perturbation, not the luck of the draw.
/// Determinism: the noise of pair j at iteration k comes from a seed derived from (seed, k, j); candidates are
/// evaluated in parallel but the results are stored by index and reduced in index order.
/// </summary>
public sealed class AntitheticEvolution
{
    private readonly int _seed;
    private readonly double[] _noiseScale;
    private readonly Adam _adam;
    private int _iteration;

    /// <param name="noiseScale">Per-parameter standard deviation of the perturbation, in that parameter's units.</param>
    public AntitheticEvolution(int seed, int pairs, double[] noiseScale, double learningRate, int maxParallelism)
    {
        if (pairs < 1) throw new ArgumentOutOfRangeException(nameof(pairs));
        _seed = seed;
        Pairs = pairs;
        _noiseScale = (double[])noiseScale.Clone();
        _adam = new Adam(noiseScale.Length, learningRate);
        MaxParallelism = maxParallelism;
    }

    public int Pairs { get; }
    public int MaxParallelism { get; }
    public int Iteration => _iteration;

    /// <summary>
    /// One iteration. cost(candidate, iteration, pairIndex) must be a pure function of its arguments.
    /// Returns the mean cost over the population. Updates theta in place; project (if given) is applied after.
    /// </summary>
    public IterationResult Step(double[] theta, Func<double[], int, int, double> cost, Action<double[]>? project = null)
    {
        int dim = theta.Length;
        int it = _iteration;
        var noises = new double[Pairs][];
        for (int j = 0; j < Pairs; j++)
        {
            var rng = SeedSequence.Random(_seed, it, j);
            var e = new double[dim];
            for (int i = 0; i < dim; i++) e[i] = SeedSequence.Gaussian(rng);
            noises[j] = e;
        }

        var costs = new double[2 * Pairs];
        Parallel.For(0, 2 * Pairs, new ParallelOptions { MaxDegreeOfParallelism = MaxParallelism }, c =>
        {
            int j = c / 2;
            double sign = (c & 1) == 0 ? 1.0 : -1.0;
            var candidate = new double[dim];
            for (int i = 0; i < dim; i++) candidate[i] = theta[i] + sign * _noiseScale[i] * noises[j][i];
            project?.Invoke(candidate);
            costs[c] = cost(candidate, it, j);
        });

        var ranks = CentredRanks(costs);
        var grad = new double[dim];
        for (int j = 0; j < Pairs; j++)
        {
            double diff = ranks[2 * j] - ranks[2 * j + 1];
            if (diff == 0) continue;
            for (int i = 0; i < dim; i++) grad[i] += diff * noises[j][i];
        }

        // Gradient of the shaped cost with respect to theta in units of the noise scale; Adam normalises magnitude.
        for (int i = 0; i < dim; i++) grad[i] /= 2.0 * Pairs;
        _adam.Step(theta, grad, _noiseScale);
        project?.Invoke(theta);
        _iteration++;

        double sum = 0, best = double.PositiveInfinity;
        foreach (double c in costs)
        {
            sum += c;
            best = Math.Min(best, c);
        }

        return new IterationResult(it, sum / costs.Length, best);
    }

    /// <summary>Ranks mapped to [-0.5, 0.5]; ties keep index order so the mapping is deterministic.</summary>
    public static double[] CentredRanks(double[] values)
    {
        int n = values.Length;
        var order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Array.Sort(order, (a, b) =>
        {
            int c = values[a].CompareTo(values[b]);
            return c != 0 ? c : a.CompareTo(b);
        });
        var ranks = new double[n];
        if (n == 1) return ranks;
        for (int r = 0; r < n; r++) ranks[order[r]] = (double)r / (n - 1) - 0.5;
        return ranks;
    }

    public readonly record struct IterationResult(int Iteration, double MeanCost, double BestCost);
}
