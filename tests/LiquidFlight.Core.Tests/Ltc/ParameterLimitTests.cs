using LiquidFlight.Core.Ltc;
using LiquidFlight.Model;
using Xunit.Abstractions;

namespace LiquidFlight.Core.Tests.Ltc;

/// <summary>
/// The solver's 64-bit intermediates are sized for the parameter limits of LtcParameters at dt = 1 µs and 6
/// unfolds. Here every parameter sits at (or next to) its limit; an overflow anywhere would show as a state far
/// from the double reference (the hull clamp alone would hide it), so the two are compared. With potentials of
/// +-256 the sigmoid table's 6e-5 error alone can move states by several 0.01, so the reference here uses the same table
/// (read in double): what remains is the solver's rounding, where an overflow would stand out.
/// </summary>
public sealed class ParameterLimitTests(ITestOutputHelper output)
{
    private static LtcModel AtTheLimits()
    {
        LtcModel m = UntrainedModel.CreateDefault(UntrainedModel.DefaultSeed);
        m.Unfolds = LtcParameters.MaxUnfolds;
        double pot = LtcModelValidator.PotentialLimit;
        double cond = LtcModelValidator.ConductanceLimit;
        for (int i = 0; i < m.NeuronCount; i++)
        {
            m.Cm[i] = i % 3 == 0 ? LtcModelValidator.CapacitanceLimit : i % 3 == 1 ? 1.0 / 65536 : 0.5;
            m.Gleak[i] = cond;
            m.Vleak[i] = i % 2 == 0 ? pot : -pot;
        }

        foreach (SynapseSet s in new[] { m.Sensory, m.Synapses })
        {
            for (int k = 0; k < s.Count; k++)
            {
                s.W[k] = cond;
                s.Erev[k] = s.Erev[k] > 0 ? pot : -pot;
                s.Mu[k] = k % 2 == 0 ? pot / 2 : -pot / 2;
                // Smooth over the +-256 range, and with gleak at its limit too the loop gain between neurons stays
                // below 1: a network that amplifies would turn any rounding into a large difference.
                s.Sigma[k] = k % 2 == 0 ? 0.002 : -0.002;
            }
        }

        m.InputScale = m.InputScale.Select(_ => 1.0).ToArray();
        return m.Quantized();
    }

    [Fact]
    public void States_at_the_parameter_limits_follow_the_double_reference_for_dt_from_1us_to_beyond_1s()
    {
        LtcModel m = AtTheLimits();
        var net = new LtcNetwork(LtcModelConverter.ToParameters(m));
        var reference = new ReferenceNetwork(m, x => LiquidFlight.Core.FixedPoint.Sigmoid.Eval(Q16Convert.ToRaw(Math.Clamp(x, -20, 20))) / 65536.0);
        var rng = new Random(31);
        long[] intervals = [1, 2, 7, 100, 1_000, 20_000, 1_000_000, 3_000_000];
        var raw = new int[m.InputCount];
        var real = new double[m.InputCount];
        double maxDiff = 0;
        for (int s = 0; s < 4_000; s++)
        {
            long dt = intervals[rng.Next(intervals.Length)];
            for (int j = 0; j < raw.Length; j++)
            {
                raw[j] = rng.Next(-300 * 65536, 300 * 65536);
                real[j] = Q16Convert.ToDouble(raw[j]);
            }

            net.Step(raw, dt, new int[m.OutputCount]);
            reference.Step(real, dt, new double[m.OutputCount]);
            for (int i = 0; i < m.NeuronCount; i++)
            {
                double diff = Math.Abs(Q16Convert.ToDouble(net.GetState(i)) - reference.GetState(i));
                maxDiff = Math.Max(maxDiff, diff);
            }
        }

        output.WriteLine($"parameters at the limits, potentials +-256: max |fixed - double| state = {maxDiff:E3}");

        // 1e-4 relative to the +-256 potential scale; an overflow would be off by tens or hundreds.
        Assert.True(maxDiff <= 0.0256, $"max difference {maxDiff}");
    }
}
