using LiquidFlight.Core.Ltc;
using LiquidFlight.Model;
using LiquidFlight.Training.Network;

namespace LiquidFlight.Tools.Tests.Training;

public class DifferentiableLtcTests
{
    private static LtcModel RandomModel(int seed, int unfolds, int solver = LtcParameters.SolverJacobi)
    {
        LtcModel m = UntrainedModel.Create(UntrainedModel.DefaultWiring(seed), UntrainedModel.StabiliserInputs,
            UntrainedModel.StabiliserInputScale, UntrainedModel.StabiliserOutputs, unfolds);
        m.Solver = solver;
        var rng = new Random(seed);
        for (int k = 0; k < m.OutputCount; k++)
        {
            m.OutputScale[k] = 0.5 + rng.NextDouble();
            m.OutputOffset[k] = rng.NextDouble() - 0.5;
        }

        for (int k = 0; k < m.InputCount; k++) m.InputOffset[k] = 0.2 * (rng.NextDouble() - 0.5);
        return m;
    }

    private static (double[] Inputs, long[] Dt, double[] Targets) RandomSequence(int seed, int steps)
    {
        var rng = new Random(seed);
        var x = new double[steps * 6];
        var dt = new long[steps];
        var y = new double[steps * 3];
        for (int i = 0; i < x.Length; i++) x[i] = (rng.NextDouble() * 4) - 2;
        for (int t = 0; t < steps; t++) dt[t] = rng.Next(10) == 0 ? 0 : 500 + rng.Next(8000);
        for (int i = 0; i < y.Length; i++) y[i] = rng.NextDouble() - 0.5;
        return (x, dt, y);
    }

    [Theory]
    [InlineData(1, 1, LtcParameters.SolverJacobi)]
    [InlineData(2, 2, LtcParameters.SolverJacobi)]
    [InlineData(3, 3, LtcParameters.SolverJacobi)]
    [InlineData(6, 1, LtcParameters.SolverLayered)]
    [InlineData(7, 2, LtcParameters.SolverLayered)]
    public void OutputsMatchTheModelLibrarysReferenceNetwork(int seed, int unfolds, int solver)
    {
        // Two independent implementations of DESIGN.md section 4 must agree to rounding.
        LtcModel m = RandomModel(seed, unfolds, solver);
        var shape = ModelVector.ShapeOf(m);
        var p = ModelVector.ToVector(m, shape);
        var net = new DifferentiableLtc(shape);
        net.Reset(p);
        var reference = new ReferenceNetwork(m);
        var (x, dt, _) = RandomSequence(seed + 10, 400);
        var a = new double[3];
        var b = new double[3];
        for (int t = 0; t < dt.Length; t++)
        {
            net.Step(p, x.AsSpan(t * 6, 6), dt[t], a);
            reference.Step(x.AsSpan(t * 6, 6), dt[t], b);
            for (int k = 0; k < 3; k++) Assert.Equal(b[k], a[k], 1e-12);
        }
    }

    [Theory]
    [InlineData(4, 1, LtcParameters.SolverJacobi)]
    [InlineData(5, 3, LtcParameters.SolverJacobi)]
    [InlineData(8, 1, LtcParameters.SolverLayered)]
    [InlineData(9, 2, LtcParameters.SolverLayered)]
    public void GradientMatchesCentralFiniteDifferences(int seed, int unfolds, int solver)
    {
        LtcModel m = RandomModel(seed, unfolds, solver);
        var shape = ModelVector.ShapeOf(m);
        var p = ModelVector.ToVector(m, shape);
        var net = new DifferentiableLtc(shape);
        var (x, dt, y) = RandomSequence(seed + 20, 40);
        double[] weights = [1.0, 0.7, 1.3];
        var g = new double[p.Length];
        net.SequenceLoss(p, x, dt, y, 5, weights, g);

        double scale = g.Max(Math.Abs);
        for (int i = 0; i < p.Length; i++)
        {
            double h = 1e-6 * Math.Max(1, Math.Abs(p[i]));
            var plus = (double[])p.Clone();
            var minus = (double[])p.Clone();
            plus[i] += h;
            minus[i] -= h;
            double fd = (net.SequenceLoss(plus, x, dt, y, 5, weights, null) - net.SequenceLoss(minus, x, dt, y, 5, weights, null)) / (2 * h);
            Assert.True(Math.Abs(fd - g[i]) <= 1e-5 * scale + 1e-7,
                $"parameter {i}: backpropagation {g[i]:G8}, finite difference {fd:G8}");
        }
    }

    [Fact]
    public void ZeroElapsedTimeHoldsTheState()
    {
        LtcModel m = RandomModel(7, 2);
        var shape = ModelVector.ShapeOf(m);
        var p = ModelVector.ToVector(m, shape);
        var net = new DifferentiableLtc(shape);
        net.Reset(p);
        var y = new double[3];
        net.Step(p, new double[] { 1, -1, 0.5, 2, -2, 1 }, 2000, y);
        var before = (double[])net.State.Clone();
        net.Step(p, new double[] { -1, 1, 0, 0, 0, 0 }, 0, y);
        Assert.Equal(before, net.State);
    }
}
