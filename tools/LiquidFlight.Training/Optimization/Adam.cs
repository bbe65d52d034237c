namespace LiquidFlight.Training.Optimization;

/// <summary>Adam (Kingma and Ba 2015) on a flat parameter vector, minimising. Deterministic: no randomness.</summary>
public sealed class Adam
{
    private readonly double[] _m;
    private readonly double[] _v;
    private int _t;

    public Adam(int size, double learningRate, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8)
    {
        _m = new double[size];
        _v = new double[size];
        LearningRate = learningRate;
        Beta1 = beta1;
        Beta2 = beta2;
        Epsilon = epsilon;
    }

    public double LearningRate { get; set; }
    public double Beta1 { get; }
    public double Beta2 { get; }
    public double Epsilon { get; }
    public int StepCount => _t;

    /// <summary>
    /// Moves parameters against the gradient. Optional per-parameter scale multiplies the step (parameters of
    /// very different magnitudes, e.g. capacitances vs reversal potentials, get steps in their own units).
    /// </summary>
    public void Step(double[] parameters, double[] gradient, double[]? stepScale = null)
    {
        _t++;
        double c1 = 1.0 - Math.Pow(Beta1, _t);
        double c2 = 1.0 - Math.Pow(Beta2, _t);
        for (int i = 0; i < parameters.Length; i++)
        {
            double gi = gradient[i];
            if (!double.IsFinite(gi)) continue;
            _m[i] = Beta1 * _m[i] + (1 - Beta1) * gi;
            _v[i] = Beta2 * _v[i] + (1 - Beta2) * gi * gi;
            double step = LearningRate * (_m[i] / c1) / (Math.Sqrt(_v[i] / c2) + Epsilon);
            if (stepScale != null) step *= stepScale[i];
            parameters[i] -= step;
        }
    }
}
