namespace LiquidFlight.Training.Optimization;

/// <summary>
/// Derives independent, reproducible seeds from a master seed and a path of integers (phase, iteration,
/// rollout...), with SplitMix64 mixing. Every random draw in training comes from a seed derived here, so the
/// result depends only on the master seed and the iteration counts, never on thread scheduling.
/// </summary>
public static class SeedSequence
{
    public static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public static int Derive(int master, params int[] path)
    {
        ulong h = Mix((ulong)(uint)master);
        foreach (int p in path) h = Mix(h ^ (ulong)(uint)p);
        return (int)(h & 0x7FFFFFFF);
    }

    public static Random Random(int master, params int[] path) => new(Derive(master, path));

    /// <summary>Standard normal draw (Box-Muller), for code that wants Gaussian noise from a System.Random.</summary>
    public static double Gaussian(Random rng)
    {
        double u1 = 1.0 - rng.NextDouble();
        double u2 = rng.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
