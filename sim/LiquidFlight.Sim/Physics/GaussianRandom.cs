using System.Numerics;
using System.Runtime.CompilerServices;

namespace LiquidFlight.Sim.Physics;

/// <summary>
/// Seeded source of uniform and normal deviates: xoshiro256** (Blackman and Vigna) seeded through SplitMix64,
/// with polar Box-Muller for normals. Written out here rather than taken from System.Random so the sequence is
/// fixed by this file alone (not by a runtime version) and the per-sample cost stays a few nanoseconds.
/// </summary>
public sealed class GaussianRandom
{
    private ulong s0, s1, s2, s3;
    private bool hasSpare;
    private double spare;

    public GaussianRandom(int seed)
    {
        ulong x = (ulong)(uint)seed;
        s0 = SplitMix(ref x);
        s1 = SplitMix(ref x);
        s2 = SplitMix(ref x);
        s3 = SplitMix(ref x);
    }

    /// <summary>Derives an independent stream seed (SplitMix64 of seed and stream id), so streams do not shift each other.</summary>
    public static int DeriveSeed(int seed, int stream)
    {
        ulong z = ((ulong)(uint)seed << 16) ^ ((ulong)(uint)stream * 0x9E3779B97F4A7C15UL);
        return (int)(SplitMix(ref z) & 0x7FFFFFFF);
    }

    private static ulong SplitMix(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ulong Next()
    {
        ulong result = BitOperations.RotateLeft(s1 * 5, 7) * 9;
        ulong t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = BitOperations.RotateLeft(s3, 45);
        return result;
    }

    /// <summary>Uniform on [0, 1) with 53 random bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Uniform() => (Next() >> 11) * (1.0 / (1UL << 53));

    public double Uniform(double low, double high) => low + (high - low) * Uniform();

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
            u = 2 * Uniform() - 1;
            v = 2 * Uniform() - 1;
            s = u * u + v * v;
        }
        while (s >= 1 || s == 0);

        double f = Math.Sqrt(-2 * Math.Log(s) / s);
        spare = v * f;
        hasSpare = true;
        return u * f;
    }
}
