using LiquidFlight.Training.Optimization;

namespace LiquidFlight.Tools.Tests.Training;

public class OptimizerTests
{
    [Fact]
    public void AdamMinimisesAQuadratic()
    {
        // f(x) = sum (x_i - c_i)^2 with minimum at c: Adam must end near c from far away.
        double[] c = [3, -2, 0.5];
        double[] x = [0, 0, 0];
        var adam = new Adam(3, 0.05);
        for (int it = 0; it < 2000; it++)
        {
            var g = new double[3];
            for (int i = 0; i < 3; i++) g[i] = 2 * (x[i] - c[i]);
            adam.Step(x, g);
        }

        for (int i = 0; i < 3; i++) Assert.Equal(c[i], x[i], 2);
    }

    [Fact]
    public void EvolutionStrategyLowersANoisyCostDeterministically()
    {
        // A shifted quadratic with evaluation noise that depends on (iteration, pair) like a rollout seed.
        double[] target = [1.5, -0.5, 2.0, 0.0];
        double Cost(double[] x, int it, int pair)
        {
            double s = 0;
            for (int i = 0; i < x.Length; i++) s += (x[i] - target[i]) * (x[i] - target[i]);
            return s + (0.01 * new Random(SeedSequence.Derive(9, it, pair)).NextDouble());
        }

        double[] Run(int parallelism)
        {
            var theta = new double[4];
            var es = new AntitheticEvolution(42, 8, [0.1, 0.1, 0.1, 0.1], 0.1, parallelism);
            for (int it = 0; it < 300; it++) es.Step(theta, Cost);
            return theta;
        }

        var a = Run(2);
        var b = Run(1);
        Assert.Equal(a, b); // bit-identical whatever the thread count
        double start = Cost(new double[4], 0, 0), end = Cost(a, 0, 0);
        Assert.True(end < 0.05 * start, $"cost {start:G4} -> {end:G4}");
    }

    [Fact]
    public void CentredRanksSpanMinusHalfToHalfAndKeepOrder()
    {
        var r = AntitheticEvolution.CentredRanks([5.0, -1.0, 3.0, 3.0]);
        double[] expected = [0.5, -0.5, -1.0 / 6, 1.0 / 6];
        for (int i = 0; i < 4; i++) Assert.Equal(expected[i], r[i], 12);
    }

    [Fact]
    public void DerivedSeedsDependOnEveryPathElement()
    {
        int a = SeedSequence.Derive(1, 2, 3);
        Assert.Equal(a, SeedSequence.Derive(1, 2, 3));
        Assert.NotEqual(a, SeedSequence.Derive(1, 3, 2));
        Assert.NotEqual(a, SeedSequence.Derive(2, 2, 3));
        Assert.NotEqual(a, SeedSequence.Derive(1, 2, 4));
    }
}
