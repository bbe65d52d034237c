using LiquidFlight.Model;

namespace LiquidFlight.Training.Network;

/// <summary>
/// Moves an <see cref="LtcModel"/> to and from the flat parameter vector that the optimisers work on.
/// The wiring, roles, names, unfolds and solver order stay in the model; only numbers travel.
/// </summary>
public static class ModelVector
{
    public static NetworkShape ShapeOf(LtcModel model)
    {
        var motors = new int[model.OutputCount];
        for (int k = 0; k < motors.Length; k++) motors[k] = k; // motor neuron k drives output k
        return new NetworkShape(model.InputCount, model.NeuronCount, model.Unfolds, motors,
            model.Sensory.Source, model.Sensory.Target, model.Synapses.Source, model.Synapses.Target,
            Enumerable.Range(0, model.NeuronCount).Select(model.Stage).ToArray());
    }

    public static double[] ToVector(LtcModel model, NetworkShape shape)
    {
        var p = new double[shape.ParameterCount];
        model.Cm.CopyTo(p, shape.CmOffset);
        model.Gleak.CopyTo(p, shape.GleakOffset);
        model.Vleak.CopyTo(p, shape.VleakOffset);
        model.Sensory.W.CopyTo(p, shape.SensoryWOffset);
        model.Sensory.Sigma.CopyTo(p, shape.SensorySigmaOffset);
        model.Sensory.Mu.CopyTo(p, shape.SensoryMuOffset);
        model.Sensory.Erev.CopyTo(p, shape.SensoryErevOffset);
        model.Synapses.W.CopyTo(p, shape.WOffset);
        model.Synapses.Sigma.CopyTo(p, shape.SigmaOffset);
        model.Synapses.Mu.CopyTo(p, shape.MuOffset);
        model.Synapses.Erev.CopyTo(p, shape.ErevOffset);
        model.InputScale.CopyTo(p, shape.InputScaleOffset);
        model.InputOffset.CopyTo(p, shape.InputOffsetOffset);
        model.OutputScale.CopyTo(p, shape.OutputScaleOffset);
        model.OutputOffset.CopyTo(p, shape.OutputOffsetOffset);
        return p;
    }

    /// <summary>A copy of <paramref name="template"/> carrying the numbers of <paramref name="p"/>.</summary>
    public static LtcModel ToModel(LtcModel template, NetworkShape shape, double[] p)
    {
        LtcModel m = template.Clone();
        Copy(p, shape.CmOffset, m.Cm);
        Copy(p, shape.GleakOffset, m.Gleak);
        Copy(p, shape.VleakOffset, m.Vleak);
        Copy(p, shape.SensoryWOffset, m.Sensory.W);
        Copy(p, shape.SensorySigmaOffset, m.Sensory.Sigma);
        Copy(p, shape.SensoryMuOffset, m.Sensory.Mu);
        Copy(p, shape.SensoryErevOffset, m.Sensory.Erev);
        Copy(p, shape.WOffset, m.Synapses.W);
        Copy(p, shape.SigmaOffset, m.Synapses.Sigma);
        Copy(p, shape.MuOffset, m.Synapses.Mu);
        Copy(p, shape.ErevOffset, m.Synapses.Erev);
        Copy(p, shape.InputScaleOffset, m.InputScale);
        Copy(p, shape.InputOffsetOffset, m.InputOffset);
        Copy(p, shape.OutputScaleOffset, m.OutputScale);
        Copy(p, shape.OutputOffsetOffset, m.OutputOffset);
        return m;
    }

    private static void Copy(double[] p, int offset, double[] target) => Array.Copy(p, offset, target, 0, target.Length);
}
