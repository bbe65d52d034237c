using LiquidFlight.Core.Ltc;

namespace LiquidFlight.Model;

/// <summary>
/// A seeded, untrained LTC model: an NCP wiring with parameters drawn from ranges like those ncps initialises
/// with (gleak 0.001-1, vleak -0.2-0.2, w 0.001-1, sigma 3-8, mu 0.3-0.8, erev = polarity), except cm.
/// ncps steps once per sample with dt = 1, so its cm 0.4-0.6 means "a time constant of about one sample"; here the
/// solver integrates over real seconds, so cm is drawn at 0.02-0.06 s: with gleak + sum w s near 1, time constants
/// of 20-60 ms, the time scale of a small quadrotor's attitude loop.
/// </summary>
public static class UntrainedModel
{
    /// <summary>The stabiliser's inputs: attitude and rate errors and measured body rates (rad, rad/s).</summary>
    public static readonly string[] StabiliserInputs =
        ["rollErrorRad", "pitchErrorRad", "yawRateErrorRadS", "rollRateRadS", "pitchRateRadS", "yawRateRadS"];

    /// <summary>Maps each input to about [-1, 1]: angles as they are, rates of up to 5 rad/s scaled by 0.2.</summary>
    public static readonly double[] StabiliserInputScale = [1.0, 1.0, 0.2, 0.2, 0.2, 0.2];

    /// <summary>Normalised axis commands, -1..1, one per motor neuron.</summary>
    public static readonly string[] StabiliserOutputs = ["roll", "pitch", "yaw"];

    public const int DefaultSeed = 1;

    /// <summary>
    /// The default wiring: 6 inputs, 6 inter, 4 command, 3 motor neurons (13 in all). With one unfold it costs
    /// about 36 synapse evaluations per step, inside the board budget of 100 (issue 4) with room for training to
    /// raise the unfolds to 2.
    /// </summary>
    public static NcpOptions DefaultWiring(int seed = DefaultSeed) => new(
        Inputs: StabiliserInputs.Length,
        InterNeurons: 6,
        CommandNeurons: 4,
        MotorNeurons: StabiliserOutputs.Length,
        SensoryFanout: 2,
        InterFanout: 2,
        RecurrentCommandSynapses: 3,
        MotorFanin: 2,
        Seed: seed);

    /// <summary>The model used until a trained one is shipped.</summary>
    public static LtcModel CreateDefault(int seed = DefaultSeed) =>
        Create(DefaultWiring(seed), StabiliserInputs, StabiliserInputScale, StabiliserOutputs, unfolds: 1);

    public static LtcModel Create(NcpOptions wiring, string[] inputNames, double[] inputScale, string[] outputNames, int unfolds)
    {
        if (inputNames.Length != wiring.Inputs || inputScale.Length != wiring.Inputs)
        {
            throw new ArgumentException($"{inputNames.Length} input names and {inputScale.Length} scales for {wiring.Inputs} inputs");
        }

        if (outputNames.Length != wiring.MotorNeurons)
        {
            throw new ArgumentException($"{outputNames.Length} output names for {wiring.MotorNeurons} motor neurons");
        }

        NcpWiringResult w = NcpWiring.Generate(wiring);

        // Parameters come from their own stream so that changing a range does not redraw the wiring.
        var rng = new Random(unchecked((wiring.Seed * 7919) + 104729));
        double Uniform(double low, double high) => Math.Round(low + ((high - low) * rng.NextDouble()), 4);

        int n = w.Roles.Length;
        var m = new LtcModel
        {
            Description = $"untrained NCP LTC, wiring seed {wiring.Seed}: {wiring.Inputs} inputs, {wiring.InterNeurons} inter, "
                + $"{wiring.CommandNeurons} command, {wiring.MotorNeurons} motor neurons",
            Unfolds = unfolds,
            InputNames = (string[])inputNames.Clone(),
            InputScale = (double[])inputScale.Clone(),
            InputOffset = new double[inputNames.Length],
            OutputNames = (string[])outputNames.Clone(),
            OutputScale = Enumerable.Repeat(1.0, outputNames.Length).ToArray(),
            OutputOffset = new double[outputNames.Length],
            Roles = w.Roles,
            Cm = new double[n],
            Gleak = new double[n],
            Vleak = new double[n],
        };

        for (int i = 0; i < n; i++)
        {
            m.Gleak[i] = Uniform(0.001, 1.0);
            m.Vleak[i] = Uniform(-0.2, 0.2);
            m.Cm[i] = Uniform(0.02, 0.06);
        }

        m.Sensory = Draw(w.Sensory, Uniform);
        m.Synapses = Draw(w.Synapses, Uniform);
        return m;
    }

    private static SynapseSet Draw(IReadOnlyList<WiredSynapse> wired, Func<double, double, double> uniform)
    {
        int count = wired.Count;
        var set = new SynapseSet
        {
            Source = wired.Select(s => s.Source).ToArray(),
            Target = wired.Select(s => s.Target).ToArray(),
            W = new double[count],
            Sigma = new double[count],
            Mu = new double[count],
            Erev = wired.Select(s => (double)s.Polarity).ToArray(),
        };
        for (int k = 0; k < count; k++)
        {
            set.W[k] = uniform(0.001, 1.0);
            set.Sigma[k] = uniform(3.0, 8.0);
            set.Mu[k] = uniform(0.3, 0.8);
        }

        return set;
    }
}
