using System.Numerics;
using System.Runtime.CompilerServices;

namespace LiquidFlight.Sim.Physics;

/// <summary>
/// Seeded source of uniform and normal deviates: xoshiro256** (Blackman and Vigna) seeded through SplitMix64,
/// with a ziggurat for normals. Written out here rather than taken from System.Random so the sequence is
/// fixed by this file alone (not by a runtime version) and the per-sample cost stays a few nanoseconds.
/// </summary>
public sealed class GaussianRandom
{
    private ulong s0, s1, s2, s3;

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

    // Ziggurat of Marsaglia and Tsang (2000) over 128 layers of equal area V under f(x) = exp(-x^2/2), with the
    // wedge test of Doornik (2005): one 64-bit draw gives the layer (low 7 bits) and the signed abscissa (top 53),
    // and about 98.8 % of draws return after one multiply and one compare, against a logarithm and a square root
    // per pair for the polar method. The layer edges follow from R (start of the tail) and V alone.
    private const int Layers = 128;
    private const double TailStart = 3.442619855899;
    private const double LayerArea = 9.91256303526217e-3;
    private static readonly double[] LayerX = BuildLayerEdges();
    private static readonly double[] LayerRatio = BuildLayerRatios(LayerX);

    private static double[] BuildLayerEdges()
    {
        var x = new double[Layers + 1];
        double f = Math.Exp(-0.5 * TailStart * TailStart);
        // Layer 0 is the base strip plus the tail: its rectangle is as wide as its area over f(R).
        x[0] = LayerArea / f;
        x[1] = TailStart;
        for (int i = 2; i < Layers; i++)
        {
            x[i] = Math.Sqrt(-2 * Math.Log(LayerArea / x[i - 1] + f));
            f = Math.Exp(-0.5 * x[i] * x[i]);
        }

        x[Layers] = 0;
        return x;
    }

    private static double[] BuildLayerRatios(double[] x)
    {
        var ratio = new double[Layers];
        for (int i = 0; i < Layers; i++)
        {
            ratio[i] = x[i + 1] / x[i];
        }

        return ratio;
    }

    /// <summary>Standard normal deviate (mean 0, variance 1).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double Normal()
    {
        ulong bits = Next();
        int layer = (int)(bits & (Layers - 1));
        double u = (bits >> 11) * (2.0 / (1UL << 53)) - 1;
        // Inside the part of the layer that lies wholly under the curve: accept at once.
        if (Math.Abs(u) < LayerRatio[layer])
        {
            return u * LayerX[layer];
        }

        return NormalSlow(layer, u);
    }

    /// <summary>
    /// Fills <paramref name="destination"/> with standard normal deviates: the same values, in the same order, as
    /// that many calls of <see cref="Normal"/>. The generator state stays in registers across the batch instead
    /// of going through memory between draws (the IMU takes six per sample).
    /// </summary>
    public void NextNormals(Span<double> destination)
    {
        ulong a = s0, b = s1, c = s2, d = s3;
        for (int k = 0; k < destination.Length; k++)
        {
            // Next() on the local copy of the state.
            ulong bits = BitOperations.RotateLeft(b * 5, 7) * 9;
            ulong t = b << 17;
            c ^= a;
            d ^= b;
            b ^= c;
            a ^= d;
            c ^= t;
            d = BitOperations.RotateLeft(d, 45);

            int layer = (int)(bits & (Layers - 1));
            double u = (bits >> 11) * (2.0 / (1UL << 53)) - 1;
            if (Math.Abs(u) < LayerRatio[layer])
            {
                destination[k] = u * LayerX[layer];
                continue;
            }

            // The rare slow path draws from the stored state.
            s0 = a;
            s1 = b;
            s2 = c;
            s3 = d;
            destination[k] = NormalSlow(layer, u);
            a = s0;
            b = s1;
            c = s2;
            d = s3;
        }

        s0 = a;
        s1 = b;
        s2 = c;
        s3 = d;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private double NormalSlow(int layer, double u)
    {
        while (true)
        {
            if (layer == 0)
            {
                // Beyond R: Marsaglia's exponential rejection for the normal tail.
                double x, y;
                do
                {
                    x = Math.Log(1 - Uniform()) / TailStart;
                    y = Math.Log(1 - Uniform());
                }
                while (-2 * y < x * x);

                return u < 0 ? x - TailStart : TailStart - x;
            }

            // The wedge between the rectangle and the curve: accept under f.
            double xw = u * LayerX[layer];
            double f0 = Math.Exp(-0.5 * (LayerX[layer] * LayerX[layer] - xw * xw));
            double f1 = Math.Exp(-0.5 * (LayerX[layer + 1] * LayerX[layer + 1] - xw * xw));
            if (f1 + Uniform() * (f0 - f1) < 1.0)
            {
                return xw;
            }

            ulong bits = Next();
            layer = (int)(bits & (Layers - 1));
            u = (bits >> 11) * (2.0 / (1UL << 53)) - 1;
            if (Math.Abs(u) < LayerRatio[layer])
            {
                return u * LayerX[layer];
            }
        }
    }
}
