using LiquidFlight.Sim.Physics;

namespace LiquidFlight.Sim.Tests.Physics;

/// <summary>
/// The ziggurat normal generator against the standard normal distribution: moments and the probability mass
/// beyond 1, 2, 3, 3.5 and 4 sigma (the last two lie in the ziggurat's tail, past R = 3.44), with tolerances of
/// five binomial standard deviations. Reference tail masses are 2 (1 - Phi(k)) from standard tables.
/// </summary>
public class GaussianRandomTests
{
    private const int Count = 2_000_000;

    [Theory]
    [InlineData(1)]
    [InlineData(12345)]
    public void Normal_deviates_follow_the_standard_normal(int seed)
    {
        var random = new GaussianRandom(seed);
        double sum = 0, sumSquares = 0, sumFourth = 0;
        double[] thresholds = [1, 2, 3, 3.5, 4];
        double[] expectedBeyond = [0.31731050786, 0.04550026390, 0.00269979606, 0.00046525816, 0.00006334248];
        var beyond = new long[thresholds.Length];
        long positive = 0;
        for (int n = 0; n < Count; n++)
        {
            double x = random.Normal();
            sum += x;
            sumSquares += x * x;
            sumFourth += x * x * x * x;
            if (x > 0)
            {
                positive++;
            }

            for (int k = 0; k < thresholds.Length; k++)
            {
                if (Math.Abs(x) > thresholds[k])
                {
                    beyond[k]++;
                }
            }
        }

        // Mean 0 (sd of the mean 1/sqrt(N)), variance 1 (sd sqrt(2/N)), kurtosis 3 (sd about sqrt(96/N)).
        Assert.InRange(sum / Count, -5 / Math.Sqrt(Count), 5 / Math.Sqrt(Count));
        Assert.InRange(sumSquares / Count, 1 - 5 * Math.Sqrt(2.0 / Count), 1 + 5 * Math.Sqrt(2.0 / Count));
        Assert.InRange(sumFourth / Count, 3 - 5 * Math.Sqrt(96.0 / Count), 3 + 5 * Math.Sqrt(96.0 / Count));
        Assert.InRange(positive, Count / 2 - 5 * Math.Sqrt(Count / 4.0), Count / 2 + 5 * Math.Sqrt(Count / 4.0));
        for (int k = 0; k < thresholds.Length; k++)
        {
            double p = expectedBeyond[k];
            double sd = Math.Sqrt(Count * p * (1 - p));
            Assert.InRange(beyond[k], Count * p - 5 * sd, Count * p + 5 * sd);
        }
    }

    [Fact]
    public void Batched_normals_are_the_single_draws_bit_for_bit()
    {
        // Batches of every length up to 7, so batch ends fall everywhere, over enough draws to pass through the
        // slow path (tail and wedges, about 1.2 % of draws) many times.
        var single = new GaussianRandom(77);
        var batched = new GaussianRandom(77);
        var buffer = new double[7];
        int slowSeen = 0;
        for (int n = 0; n < 200_000; n++)
        {
            var batch = buffer.AsSpan(0, n % 8);
            batched.NextNormals(batch);
            foreach (double x in batch)
            {
                double expected = single.Normal();
                Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(x));
                slowSeen += Math.Abs(x) > 3.442619855899 ? 1 : 0;
            }
        }

        Assert.True(slowSeen > 100, $"only {slowSeen} tail draws seen");
        Assert.Equal(single.Uniform(), batched.Uniform());
    }

    [Fact]
    public void Same_seed_same_sequence_and_streams_differ()
    {
        var a = new GaussianRandom(7);
        var b = new GaussianRandom(7);
        var c = new GaussianRandom(GaussianRandom.DeriveSeed(7, 1));
        int different = 0;
        for (int i = 0; i < 1000; i++)
        {
            double x = a.Normal();
            Assert.Equal(x, b.Normal());
            if (x != c.Normal())
            {
                different++;
            }
        }

        Assert.Equal(1000, different);
    }
}
