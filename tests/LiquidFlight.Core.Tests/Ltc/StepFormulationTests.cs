using LiquidFlight.Core.FixedPoint;
using LiquidFlight.Core.Ltc;
using LiquidFlight.Model;

namespace LiquidFlight.Core.Tests.Ltc;

/// <summary>
/// LtcNetwork's step is written for the interpreter's cost (sign tested once, precomputed slopes, one division
/// when it cannot overflow, sums built in place). Its arithmetic must stay the plain formulation's, bit for bit: this
/// test runs the plain one, written here from the equations in DESIGN.md and the number formats of LtcParameters
/// (cm Q8.24) and Sigmoid (argument Q11.20, value Q8.24; Sigmoid.EvalFine, quotient plus remainder division,
/// states read by the synapses in Q24, separate base and unfold sums), side by side with the network and demands
/// identical states and outputs,
/// on the default model (the one-division path), on a stiff 6-unfold model, and at the parameter limits where
/// N = G - D v exceeds 2^47 (the two-division path).
/// </summary>
public sealed class StepFormulationTests
{
    [Theory]
    [InlineData("default")]
    [InlineData("stiff")]
    [InlineData("limits")]
    public void Step_matches_the_plain_formulation_exactly(string which)
    {
        LtcModel model = which switch
        {
            "default" => LtcTestModels.Default(),
            "stiff" => LtcTestModels.Stiff(),
            _ => AtTheLimits(),
        };
        LtcParameters p = LtcModelConverter.ToParameters(model);
        var network = new LtcNetwork(p);
        var plain = new PlainStep(p);
        var rng = new Random(which.Length * 7919);
        long[] intervals = [0, 1, 7, 500, 2_000, 4_000, 20_000, 1_000_000, 3_000_000];
        var inputs = new int[p.InputCount];
        var outputs = new int[p.MotorCount];
        var expected = new int[p.MotorCount];
        for (int s = 0; s < 3_000; s++)
        {
            long dt = intervals[rng.Next(intervals.Length)];
            for (int j = 0; j < inputs.Length; j++)
            {
                inputs[j] = rng.Next(8) == 0 ? (rng.Next(2) == 0 ? int.MaxValue : int.MinValue) : rng.Next(-6 << 16, 6 << 16);
            }

            network.Step(inputs, dt, outputs);
            plain.Step(inputs, dt, expected);
            Assert.Equal(expected, outputs);
            for (int i = 0; i < p.NeuronCount; i++)
            {
                Assert.Equal(plain.State[i], network.GetState(i));
            }
        }
    }

    internal static LtcModel AtTheLimits()
    {
        LtcModel m = UntrainedModel.CreateDefault(UntrainedModel.DefaultSeed);
        m.Unfolds = 2;
        double pot = LtcModelValidator.PotentialLimit;
        double cond = LtcModelValidator.ConductanceLimit;
        for (int i = 0; i < m.NeuronCount; i++)
        {
            m.Cm[i] = i % 2 == 0 ? 1.0 / 65536 : 0.5;
            m.Gleak[i] = cond;
            m.Vleak[i] = i % 2 == 0 ? pot : -pot;
        }

        foreach (SynapseSet set in new[] { m.Sensory, m.Synapses })
        {
            for (int k = 0; k < set.Count; k++)
            {
                set.W[k] = cond;
                set.Erev[k] = set.Erev[k] > 0 ? pot : -pot;
                set.Mu[k] = k % 2 == 0 ? pot / 2 : -pot / 2;
                set.Sigma[k] = k % 2 == 0 ? 0.01 : -0.01;
            }
        }

        return m.Quantized();
    }

    /// <summary>The LTC step as the equations read, no cost-driven shapes (integers as in Core).</summary>
    private sealed class PlainStep
    {
        private readonly LtcParameters p;
        private readonly long[] fine;
        private readonly long[] lower;
        private readonly long[] upper;
        private readonly long[] read; // Q24: the states the internal synapses read

        public PlainStep(LtcParameters p)
        {
            this.p = p;
            int n = p.NeuronCount;
            fine = new long[n];
            lower = new long[n];
            upper = new long[n];
            read = new long[n];
            State = new int[n];
            for (int i = 0; i < n; i++)
            {
                fine[i] = (long)p.Vleak[i] << 16;
                State[i] = p.Vleak[i];
                read[i] = (long)p.Vleak[i] << 8;
                long lo = p.Vleak[i];
                long hi = p.Vleak[i];
                for (int k = 0; k < p.SensoryTarget.Length; k++)
                {
                    if (p.SensoryTarget[k] == i)
                    {
                        lo = Math.Min(lo, p.SensoryErev[k]);
                        hi = Math.Max(hi, p.SensoryErev[k]);
                    }
                }

                for (int k = 0; k < p.SynapseTarget.Length; k++)
                {
                    if (p.SynapseTarget[k] == i)
                    {
                        lo = Math.Min(lo, p.SynapseErev[k]);
                        hi = Math.Max(hi, p.SynapseErev[k]);
                    }
                }

                lower[i] = lo << 16;
                upper[i] = hi << 16;
            }
        }

        public int[] State { get; }

        public void Step(int[] inputs, long dt, int[] outputs)
        {
            int n = p.NeuronCount;
            if (dt > 0)
            {
                dt = Math.Min(dt, LtcNetwork.MaxStepMicros);
                var x = new long[p.InputCount];
                for (int j = 0; j < x.Length; j++)
                {
                    x[j] = Q16.Saturate((((long)inputs[j] * p.InputScale[j] + 0x8000) >> 16) + p.InputOffset[j]);
                }

                var baseD = new long[n];
                var baseG = new long[n];
                for (int i = 0; i < n; i++)
                {
                    baseD[i] = p.Gleak[i];
                    baseG[i] = (long)p.Gleak[i] * p.Vleak[i];
                }

                for (int k = 0; k < p.SensoryTarget.Length; k++)
                {
                    // Q16 * Q16 = Q32, to the Q11.20 argument.
                    int s = Sigmoid.EvalFine(Q16.Saturate((p.SensorySigma[k] * (x[p.SensorySource[k]] - p.SensoryMu[k])) >> 12));
                    long ws = ((long)p.SensoryW[k] * s + (1 << 23)) >> 24;
                    baseD[p.SensoryTarget[k]] += ws;
                    baseG[p.SensoryTarget[k]] += ws * p.SensoryErev[k];
                }

                long k10 = (long)p.Unfolds * 1_000_000 * 1024 / dt;
                for (int u = 0; u < p.Unfolds; u++)
                {
                    var d = (long[])baseD.Clone();
                    var g = (long[])baseG.Clone();
                    for (int k = 0; k < p.SynapseTarget.Length; k++)
                    {
                        // Q16 * Q24 = Q40, to the Q11.20 argument.
                        long arg = ((long)p.SynapseSigma[k] * (read[p.SynapseSource[k]] - ((long)p.SynapseMu[k] << 8))) >> 20;
                        int s = Sigmoid.EvalFine(Q16.Saturate(arg));
                        long ws = ((long)p.SynapseW[k] * s + (1 << 23)) >> 24;
                        d[p.SynapseTarget[k]] += ws;
                        g[p.SynapseTarget[k]] += ws * p.SynapseErev[k];
                    }

                    for (int i = 0; i < n; i++)
                    {
                        // cm Q8.24 * K Q10 = Q34, to Q16.
                        long den = (((long)p.Cm[i] * k10) >> 18) + d[i];
                        if (den <= 0)
                        {
                            continue;
                        }

                        long vf = fine[i];
                        long num = g[i] - d[i] * (vf >> 16) - ((d[i] * (vf & 0xFFFF)) >> 16);
                        long q = num / den;
                        long r = num - q * den;
                        vf = Math.Clamp(vf + (q << 16) + (r << 16) / den, lower[i], upper[i]);
                        fine[i] = vf;
                        State[i] = (int)((vf + 0x8000) >> 16);
                        read[i] = (vf + 0x80) >> 8;
                    }
                }
            }

            for (int k = 0; k < p.MotorCount; k++)
            {
                outputs[k] = Q16.Saturate((((long)State[k] * p.OutputScale[k] + 0x8000) >> 16) + p.OutputOffset[k]);
            }
        }
    }
}
