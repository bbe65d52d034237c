namespace LiquidFlight.Sim.Physics;

/// <summary>
/// Seeded source of uniform and normal deviates (polar Box-Muller on System.Random, whose seeded sequence is
/// fixed), so every stochastic part of the simulator is reproducible from one number.
/// </summary>
public sealed class GaussianRandom(int seed)
{
    private readonly Random random = new(seed);
    private bool hasSpare;
    private double spare;

    /// <summary>Derives an independent stream seed (SplitMix64 of seed and stream id), so streams do not shift each other.</summary>
    public static int DeriveSeed(int seed, int stream)
    {
        ulong z = (ulong)(uint)seed * 0x9E3779B97F4A7C15UL + (ulong)stream * 0xBF58476D1CE4E5B9UL + 0x94D049BB133111EBUL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return (int)(z & 0x7FFFFFFF);
    }

    public double Uniform() => random.NextDouble();

    public double Uniform(double low, double high) => low + (high - low) * random.NextDouble();

    public double Normal()
    {
        if (hasSpare)
        {
            hasSpare = false;
            return spare;
        }

        double u, v, s;
        do
        {
            u = 2 * random.NextDouble() - 1;
            v = 2 * random.NextDouble() - 1;
            s = u * u + v * v;
        }
        while (s >= 1 || s == 0);

        double f = Math.Sqrt(-2 * Math.Log(s) / s);
        spare = v * f;
        hasSpare = true;
        return u * f;
    }
}
