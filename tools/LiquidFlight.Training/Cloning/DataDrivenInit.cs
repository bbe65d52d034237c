using LiquidFlight.Training.Data;
using LiquidFlight.Training.Network;

namespace LiquidFlight.Training.Cloning;

/// <summary>
/// Starting points taken from the recorded flights rather than guessed. The teacher's commands are small
/// (a few hundredths) and its inputs span different units (rad vs rad/s); without this, most of the gradient
/// budget would go into rescaling maps instead of shaping the dynamics.
/// </summary>
public static class DataDrivenInit
{
    /// <summary>Root mean square of each network input over all recordings.</summary>
    public static double[] InputRms(IReadOnlyList<FlightRecording> data) => Rms(data, r => r.Inputs, r => r.InputCount);

    /// <summary>Root mean square of each teacher command over all recordings.</summary>
    public static double[] TargetRms(IReadOnlyList<FlightRecording> data) => Rms(data, r => r.Targets, r => r.OutputCount);

    private static double[] Rms(IReadOnlyList<FlightRecording> data, Func<FlightRecording, double[]> values, Func<FlightRecording, int> width)
    {
        int w = width(data[0]);
        var sum = new double[w];
        long n = 0;
        foreach (var r in data)
        {
            var v = values(r);
            for (int i = 0; i < v.Length; i++) sum[i % w] += v[i] * v[i];
            n += r.Steps;
        }

        for (int k = 0; k < w; k++) sum[k] = Math.Sqrt(sum[k] / Math.Max(1, n));
        return sum;
    }

    /// <summary>
    /// Sets each output's affine read-out (scale, offset) to the least-squares fit of the teacher's command on
    /// its motor neuron's state, with the network run over the recordings as it is.
    /// </summary>
    public static void FitReadout(NetworkShape shape, double[] p, IReadOnlyList<FlightRecording> data)
    {
        int outputs = shape.OutputCount;
        var sv = new double[outputs];
        var svv = new double[outputs];
        var sy = new double[outputs];
        var svy = new double[outputs];
        long n = 0;
        var net = new DifferentiableLtc(shape);
        var y = new double[outputs];
        foreach (var r in data)
        {
            net.Reset(p);
            for (int t = 0; t < r.Steps; t++)
            {
                net.Step(p, r.Inputs.AsSpan(t * r.InputCount, r.InputCount), r.DtUs[t], y);
                for (int k = 0; k < outputs; k++)
                {
                    double v = net.State[shape.MotorNeurons[k]];
                    double target = r.Targets[(t * outputs) + k];
                    sv[k] += v;
                    svv[k] += v * v;
                    sy[k] += target;
                    svy[k] += v * target;
                }

                n++;
            }
        }

        for (int k = 0; k < outputs; k++)
        {
            double meanV = sv[k] / n, meanY = sy[k] / n;
            double var = (svv[k] / n) - (meanV * meanV);
            double cov = (svy[k] / n) - (meanV * meanY);
            // A motor neuron that barely moves gets a bounded gain; training will make it move.
            double scale = var > 1e-10 ? cov / var : 0;
            scale = Math.Clamp(scale, -NetworkShape.MaxMapCoefficient / 10, NetworkShape.MaxMapCoefficient / 10);
            p[shape.OutputScaleOffset + k] = scale;
            p[shape.OutputOffsetOffset + k] = meanY - (scale * meanV);
        }
    }
}
