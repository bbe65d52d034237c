using LiquidFlight.Core.Ltc;

namespace LiquidFlight.Model;

/// <summary>
/// The LTC network of <see cref="LiquidFlight.Core.Ltc.LtcNetwork"/> in double precision with the exact sigmoid:
/// same wiring, same fused semi-implicit update, same unfolds and solver order, same handling of dt (held for
/// dt &lt;= 0, capped at 1 s), same reset to vleak. It is the yardstick for the fixed-point network and the network training runs.
/// </summary>
public sealed class ReferenceNetwork
{
    public const long MaxStepMicros = 1_000_000;

    private readonly LtcModel model;
    private readonly Func<double, double> sigmoid;
    private readonly double[] mapped;
    private readonly double[] baseD;
    private readonly double[] baseG;
    private readonly double[] d;
    private readonly double[] g;
    private readonly double[] state;
    private readonly double[] lower;
    private readonly double[] upper;

    /// <param name="model">A valid model.</param>
    /// <param name="sigmoid">The activation, the exact logistic function unless a test substitutes another.</param>
    public ReferenceNetwork(LtcModel model, Func<double, double>? sigmoid = null)
    {
        this.sigmoid = sigmoid ?? Sigmoid;
        model.EnsureValid("model");
        this.model = model.Clone();
        int n = model.NeuronCount;
        mapped = new double[model.InputCount];
        baseD = new double[n];
        baseG = new double[n];
        d = new double[n];
        g = new double[n];
        state = new double[n];
        lower = (double[])model.Vleak.Clone();
        upper = (double[])model.Vleak.Clone();
        Widen(model.Sensory);
        Widen(model.Synapses);
        Reset();
    }

    public int NeuronCount => state.Length;

    public int OutputCount => model.OutputCount;

    public IReadOnlyList<double> States => state;

    public double GetState(int i) => state[i];

    public double StateLowerBound(int i) => lower[i];

    public double StateUpperBound(int i) => upper[i];

    /// <summary>cm / (gleak + sum w s) of the last unfold, seconds (infinity when nothing conducts).</summary>
    public double GetTimeConstant(int i) => d[i] > 0 ? model.Cm[i] / d[i] : double.PositiveInfinity;

    public void Reset()
    {
        for (int i = 0; i < state.Length; i++)
        {
            state[i] = model.Vleak[i];
            d[i] = model.Gleak[i];
        }
    }

    public static double Sigmoid(double x) => 1.0 / (1.0 + Math.Exp(-x));

    /// <summary>Advances by dtMicros (held when dt &lt;= 0) and writes the outputs; true when the state advanced.</summary>
    public bool Step(ReadOnlySpan<double> inputs, long dtMicros, Span<double> outputs)
    {
        bool advanced = dtMicros > 0;
        if (advanced)
        {
            Integrate(inputs, Math.Min(dtMicros, MaxStepMicros) / 1e6);
        }

        for (int k = 0; k < model.OutputCount; k++)
        {
            outputs[k] = (state[k] * model.OutputScale[k]) + model.OutputOffset[k];
        }

        return advanced;
    }

    private void Integrate(ReadOnlySpan<double> inputs, double dtSeconds)
    {
        LtcModel m = model;
        int n = state.Length;
        for (int j = 0; j < mapped.Length; j++)
        {
            mapped[j] = (inputs[j] * m.InputScale[j]) + m.InputOffset[j];
        }

        for (int i = 0; i < n; i++)
        {
            baseD[i] = m.Gleak[i];
            baseG[i] = m.Gleak[i] * m.Vleak[i];
        }

        SynapseSet s = m.Sensory;
        for (int k = 0; k < s.Count; k++)
        {
            double ws = s.W[k] * sigmoid(s.Sigma[k] * (mapped[s.Source[k]] - s.Mu[k]));
            baseD[s.Target[k]] += ws;
            baseG[s.Target[k]] += ws * s.Erev[k];
        }

        double unfoldRate = m.Unfolds / dtSeconds;
        SynapseSet y = m.Synapses;
        int stages = LtcParameters.StageCount(m.Solver);
        for (int u = 0; u < m.Unfolds; u++)
        {
            Array.Copy(baseD, d, n);
            Array.Copy(baseG, g, n);
            // Stage by stage (one stage with the Jacobi order): a stage's synapses are all evaluated before its
            // neurons update, so they read this unfold's state of earlier stages and the previous one otherwise.
            for (int st = 0; st < stages; st++)
            {
                for (int k = 0; k < y.Count; k++)
                {
                    if (m.Stage(y.Target[k]) != st)
                    {
                        continue;
                    }

                    double ws = y.W[k] * sigmoid(y.Sigma[k] * (state[y.Source[k]] - y.Mu[k]));
                    d[y.Target[k]] += ws;
                    g[y.Target[k]] += ws * y.Erev[k];
                }

                for (int i = 0; i < n; i++)
                {
                    if (m.Stage(i) != st)
                    {
                        continue;
                    }

                    double cmT = m.Cm[i] * unfoldRate;
                    double den = cmT + d[i];
                    double v = den > 0 ? ((cmT * state[i]) + g[i]) / den : state[i];

                    // Mathematically inside the hull already; the clamp only absorbs floating-point rounding.
                    state[i] = Math.Clamp(v, lower[i], upper[i]);
                }
            }
        }
    }

    private void Widen(SynapseSet set)
    {
        for (int k = 0; k < set.Count; k++)
        {
            int t = set.Target[k];
            lower[t] = Math.Min(lower[t], set.Erev[k]);
            upper[t] = Math.Max(upper[t], set.Erev[k]);
        }
    }
}
