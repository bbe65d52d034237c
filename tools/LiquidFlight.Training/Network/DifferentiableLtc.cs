namespace LiquidFlight.Training.Network;

/// <summary>
/// Double-precision LTC with a hand-written backward pass (backpropagation through time) over the fused
/// semi-implicit solver of DESIGN.md section 4:
///     x_k = inScale_k u_k + inOffset_k                      (input map, sensory synapses read x)
///     cm_t = cm_i U / dt
///     v_i &lt;- (cm_t v_i + gleak_i vleak_i + sum w s erev) / (cm_t + gleak_i + sum w s),  s = sigmoid(sigma (pre - mu))
///     y_k = outScale_k v_motor(k) + outOffset_k
/// Internal synapses read the states of the previous unfold (all neurons update together) with the Jacobi order;
/// with the layered order the neurons update stage by stage (NetworkShape.NeuronStage) and a synapse reads the
/// new state of a source in an earlier stage. Sensory synapse
/// activations are computed once per step; the state starts at vleak. This is LiquidFlight.Core.Ltc.LtcNetwork's
/// algorithm in doubles (motor neurons are neurons 0..outputs-1 there). It must produce the same numbers as the model library's reference
/// network (checked by a test) and its gradient is checked against finite differences by a test.
/// One instance holds scratch buffers for one thread; it is not thread-safe.
/// </summary>
public sealed class DifferentiableLtc
{
    private readonly NetworkShape _shape;
    private readonly double[] _state;
    private readonly double[] _x;
    private readonly double[] _sensNum;
    private readonly double[] _sensDen;
    private readonly double[] _num;
    private readonly double[] _den;

    // Tape for the backward pass, grown on demand: states before each unfold, denominators, sensory sums.
    private double[] _tapeV = Array.Empty<double>();       // [(t*U + u) * N + i], state before unfold u of step t
    private double[] _tapeVAfter = Array.Empty<double>();  // state after the last unfold of step t: [t * N + i]
    private double[] _tapeDen = Array.Empty<double>();     // [(t*U + u) * N + i]
    private double[] _tapeX = Array.Empty<double>();       // [t * In + k]
    private double[] _tapeY = Array.Empty<double>();       // [t * Out + k]
    private readonly double[] _gv;
    private readonly double[] _gvOld;
    private readonly double[] _gNumS;
    private readonly double[] _gDenS;
    private readonly double[] _gNum;
    private readonly double[] _gDen;
    private readonly double[] _gx;

    public DifferentiableLtc(NetworkShape shape)
    {
        _shape = shape;
        int n = shape.NeuronCount;
        _state = new double[n];
        _x = new double[shape.InputCount];
        _sensNum = new double[n];
        _sensDen = new double[n];
        _num = new double[n];
        _den = new double[n];
        _gv = new double[n];
        _gvOld = new double[n];
        _gNumS = new double[n];
        _gDenS = new double[n];
        _gNum = new double[n];
        _gDen = new double[n];
        _gx = new double[shape.InputCount];
    }

    /// <summary>Longest interval integrated by one step, as in the fixed-point network.</summary>
    public const long MaxStepMicros = 1_000_000;

    public NetworkShape Shape => _shape;

    /// <summary>Current neuron states (read-only view for inspection; do not modify).</summary>
    public double[] State => _state;

    /// <summary>Every neuron to its resting potential vleak, as the fixed-point network does.</summary>
    public void Reset(double[] p)
    {
        for (int i = 0; i < _shape.NeuronCount; i++) _state[i] = p[_shape.VleakOffset + i];
    }

    public static double Sigmoid(double z) => 1.0 / (1.0 + Math.Exp(-z));

    /// <summary>One step without recording (closed-loop use).</summary>
    public void Step(double[] p, ReadOnlySpan<double> inputs, long dtUs, Span<double> outputs)
    {
        StepCore(p, inputs, dtUs, -1);
        ReadOut(p, outputs);
    }

    private void ReadOut(double[] p, Span<double> outputs)
    {
        var s = _shape;
        for (int k = 0; k < s.OutputCount; k++)
            outputs[k] = p[s.OutputScaleOffset + k] * _state[s.MotorNeurons[k]] + p[s.OutputOffsetOffset + k];
    }

    // Advances _state by one step of dtUs. When tapeStep >= 0, records what the backward pass needs.
    private void StepCore(double[] p, ReadOnlySpan<double> inputs, long dtUs, int tapeStep)
    {
        var s = _shape;
        int n = s.NeuronCount;
        int unfolds = s.Unfolds;
        if (dtUs <= 0)
        {
            // No time elapsed: the state is held (as the fixed-point network does).
            if (tapeStep >= 0) Array.Copy(_state, 0, _tapeVAfter, tapeStep * n, n);
            return;
        }

        dtUs = Math.Min(dtUs, MaxStepMicros);
        for (int k = 0; k < s.InputCount; k++)
            _x[k] = p[s.InputScaleOffset + k] * inputs[k] + p[s.InputOffsetOffset + k];
        if (tapeStep >= 0) Array.Copy(_x, 0, _tapeX, tapeStep * s.InputCount, s.InputCount);

        Array.Clear(_sensNum);
        Array.Clear(_sensDen);
        for (int q = 0; q < s.SensorySynapseCount; q++)
        {
            int post = s.SensoryPost[q];
            double a = Sigmoid(p[s.SensorySigmaOffset + q] * (_x[s.SensoryPre[q]] - p[s.SensoryMuOffset + q]));
            double wa = p[s.SensoryWOffset + q] * a;
            _sensNum[post] += wa * p[s.SensoryErevOffset + q];
            _sensDen[post] += wa;
        }

        double cmScale = unfolds / (dtUs * 1e-6);
        for (int u = 0; u < unfolds; u++)
        {
            int at = (tapeStep * unfolds + u) * n;
            if (tapeStep >= 0) Array.Copy(_state, 0, _tapeV, at, n);
            for (int i = 0; i < n; i++)
            {
                double cmt = p[s.CmOffset + i] * cmScale;
                double gl = p[s.GleakOffset + i];
                _num[i] = cmt * _state[i] + gl * p[s.VleakOffset + i] + _sensNum[i];
                _den[i] = cmt + gl + _sensDen[i];
            }

            // A stage's synapses all read the state before its own neurons update (in place).
            for (int st = 0; st < s.StageCount; st++)
            {
                foreach (int q in s.StageSynapses[st])
                {
                    int post = s.SynapsePost[q];
                    double a = Sigmoid(p[s.SigmaOffset + q] * (_state[s.SynapsePre[q]] - p[s.MuOffset + q]));
                    double wa = p[s.WOffset + q] * a;
                    _num[post] += wa * p[s.ErevOffset + q];
                    _den[post] += wa;
                }

                foreach (int i in s.StageNeurons[st]) _state[i] = _num[i] / _den[i];
            }

            if (tapeStep >= 0) Array.Copy(_den, 0, _tapeDen, at, n);
        }

        if (tapeStep >= 0) Array.Copy(_state, 0, _tapeVAfter, tapeStep * n, n);
    }

    private void EnsureTape(int steps)
    {
        var s = _shape;
        int n = s.NeuronCount;
        if (_tapeVAfter.Length >= steps * n) return;
        _tapeV = new double[steps * s.Unfolds * n];
        _tapeDen = new double[steps * s.Unfolds * n];
        _tapeVAfter = new double[steps * n];
        _tapeX = new double[steps * s.InputCount];
        _tapeY = new double[steps * s.OutputCount];
    }

    /// <summary>
    /// Runs a sequence from the reset state and returns the weighted squared error summed over steps
    /// t >= burnIn: sum_t sum_k outputWeight_k (y_tk - target_tk)^2. When gradient is not null, adds
    /// d(loss)/d(p) into it. inputs is [t * InputCount + k], targets [t * OutputCount + k].
    /// </summary>
    public double SequenceLoss(double[] p, ReadOnlySpan<double> inputs, ReadOnlySpan<long> dtUs,
        ReadOnlySpan<double> targets, int burnIn, ReadOnlySpan<double> outputWeights, double[]? gradient)
    {
        var s = _shape;
        int steps = dtUs.Length;
        int nin = s.InputCount;
        int nout = s.OutputCount;
        Reset(p);
        if (gradient != null) EnsureTape(steps);
        double loss = 0;
        Span<double> y = stackalloc double[nout];
        for (int t = 0; t < steps; t++)
        {
            StepCore(p, inputs.Slice(t * nin, nin), dtUs[t], gradient != null ? t : -1);
            ReadOut(p, y);
            if (gradient != null) y.CopyTo(_tapeY.AsSpan(t * nout, nout));
            if (t < burnIn) continue;
            for (int k = 0; k < nout; k++)
            {
                double e = y[k] - targets[t * nout + k];
                loss += outputWeights[k] * e * e;
            }
        }

        if (gradient != null) Backward(p, inputs, dtUs, targets, burnIn, outputWeights, gradient);
        return loss;
    }

    private void Backward(double[] p, ReadOnlySpan<double> inputs, ReadOnlySpan<long> dtUs,
        ReadOnlySpan<double> targets, int burnIn, ReadOnlySpan<double> outputWeights, double[] g)
    {
        var s = _shape;
        int n = s.NeuronCount;
        int unfolds = s.Unfolds;
        int nin = s.InputCount;
        int nout = s.OutputCount;
        int steps = dtUs.Length;
        Array.Clear(_gv);

        for (int t = steps - 1; t >= 0; t--)
        {
            // Output read-out of step t.
            if (t >= burnIn)
            {
                for (int k = 0; k < nout; k++)
                {
                    double dy = 2.0 * outputWeights[k] * (_tapeY[t * nout + k] - targets[t * nout + k]);
                    int m = s.MotorNeurons[k];
                    g[s.OutputScaleOffset + k] += dy * _tapeVAfter[t * n + m];
                    g[s.OutputOffsetOffset + k] += dy;
                    _gv[m] += dy * p[s.OutputScaleOffset + k];
                }
            }

            if (dtUs[t] <= 0) continue; // state held: the gradient passes through unchanged
            double cmScale = unfolds / (Math.Min(dtUs[t], MaxStepMicros) * 1e-6);
            Array.Clear(_gNumS);
            Array.Clear(_gDenS);
            for (int u = unfolds - 1; u >= 0; u--)
            {
                int at = (t * unfolds + u) * n;
                // State after this unfold: the next unfold's "before", or the step's final state.
                int afterAt = u + 1 < unfolds ? at + n : -1;
                Array.Clear(_gvOld);

                // Stages in reverse: when stage st is reached, _gv of its neurons holds every use of their new
                // state (later unfolds and steps, the read-out, and the synapses of later stages of this unfold).
                for (int st = s.StageCount - 1; st >= 0; st--)
                {
                    foreach (int i in s.StageNeurons[st])
                    {
                        double vNew = afterAt >= 0 ? _tapeV[afterAt + i] : _tapeVAfter[t * n + i];
                        double den = _tapeDen[at + i];
                        _gNum[i] = _gv[i] / den;
                        _gDen[i] = -_gv[i] * vNew / den;
                        double vOld = _tapeV[at + i];
                        double cm = p[s.CmOffset + i];
                        g[s.CmOffset + i] += cmScale * (_gNum[i] * vOld + _gDen[i]);
                        _gvOld[i] += _gNum[i] * cm * cmScale;
                        g[s.GleakOffset + i] += _gNum[i] * p[s.VleakOffset + i] + _gDen[i];
                        g[s.VleakOffset + i] += _gNum[i] * p[s.GleakOffset + i];
                        _gNumS[i] += _gNum[i];
                        _gDenS[i] += _gDen[i];
                    }

                    foreach (int q in s.StageSynapses[st])
                    {
                        int pre = s.SynapsePre[q];
                        int post = s.SynapsePost[q];
                        // The synapse read its source after the source's update when the source's stage came first.
                        bool readNew = s.NeuronStage[pre] < st;
                        double vPre = readNew ? (afterAt >= 0 ? _tapeV[afterAt + pre] : _tapeVAfter[t * n + pre]) : _tapeV[at + pre];
                        double gPre = SynapseBackward(p, g, s.WOffset + q, s.SigmaOffset + q, s.MuOffset + q, s.ErevOffset + q,
                            vPre, _gNum[post], _gDen[post]);
                        if (readNew) _gv[pre] += gPre;
                        else _gvOld[pre] += gPre;
                    }
                }

                Array.Copy(_gvOld, _gv, n);
            }

            Array.Clear(_gx);
            for (int q = 0; q < s.SensorySynapseCount; q++)
            {
                int pre = s.SensoryPre[q];
                int post = s.SensoryPost[q];
                _gx[pre] += SynapseBackward(p, g, s.SensoryWOffset + q, s.SensorySigmaOffset + q, s.SensoryMuOffset + q,
                    s.SensoryErevOffset + q, _tapeX[t * nin + pre], _gNumS[post], _gDenS[post]);
            }

            for (int k = 0; k < nin; k++)
            {
                g[s.InputScaleOffset + k] += _gx[k] * inputs[t * nin + k];
                g[s.InputOffsetOffset + k] += _gx[k];
            }
        }

        // The initial state is vleak.
        for (int i = 0; i < n; i++) g[s.VleakOffset + i] += _gv[i];
    }

    /// <summary>
    /// Backward through one synapse w s(sigma (pre - mu)) feeding num (times erev) and den of its target, given
    /// d(loss)/d(num) and d(loss)/d(den) of the target: adds the gradients of w, erev, sigma and mu into g and
    /// returns d(loss)/d(pre).
    /// </summary>
    private static double SynapseBackward(double[] p, double[] g, int wAt, int sigmaAt, int muAt, int erevAt, double pre,
        double gNum, double gDen)
    {
        double sigma = p[sigmaAt];
        double d = pre - p[muAt];
        double a = Sigmoid(sigma * d);
        double w = p[wAt];
        double ga = gNum * p[erevAt] + gDen;
        g[wAt] += a * ga;
        g[erevAt] += gNum * w * a;
        double gz = w * ga * a * (1.0 - a);
        g[sigmaAt] += gz * d;
        g[muAt] -= gz * sigma;
        return gz * sigma;
    }
}
