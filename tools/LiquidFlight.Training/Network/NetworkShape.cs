namespace LiquidFlight.Training.Network;

/// <summary>
/// The wiring of an LTC network as training sees it, and where each trainable number lives in one flat
/// parameter vector. Sensory synapses read the affinely mapped inputs; internal synapses read neuron states.
/// Keeping every parameter in one vector lets the gradient optimiser, the evolution strategy and the model file
/// conversion share a single layout.
/// </summary>
public sealed class NetworkShape
{
    public int InputCount { get; }
    public int NeuronCount { get; }
    public int Unfolds { get; }

    /// <summary>Neuron index read by each output (motor neurons).</summary>
    public int[] MotorNeurons { get; }

    public int[] SensoryPre { get; }
    public int[] SensoryPost { get; }
    public int[] SynapsePre { get; }
    public int[] SynapsePost { get; }

    /// <summary>
    /// Update stage of each neuron within an unfold (all 0 = Jacobi; the layered order is inter 0, command 1,
    /// motor 2). Stage st's synapses (those whose target is in stage st) are evaluated, then its neurons update;
    /// a synapse reads this unfold's state of a source in an earlier stage and the previous one otherwise.
    /// </summary>
    public int[] NeuronStage { get; }

    public int StageCount { get; }

    /// <summary>Per stage: its neurons and the internal synapses that target them, in index order.</summary>
    public int[][] StageNeurons { get; }
    public int[][] StageSynapses { get; }

    public int OutputCount => MotorNeurons.Length;
    public int SensorySynapseCount => SensoryPre.Length;
    public int SynapseCount => SynapsePre.Length;

    // Offsets into the flat vector. Per neuron: cm, gleak, vleak. Per synapse: w, sigma, mu, erev (sensory and
    // internal blocks). Input map: scale, offset per input. Output map: scale, offset per output.
    public int CmOffset { get; }
    public int GleakOffset { get; }
    public int VleakOffset { get; }
    public int SensoryWOffset { get; }
    public int SensorySigmaOffset { get; }
    public int SensoryMuOffset { get; }
    public int SensoryErevOffset { get; }
    public int WOffset { get; }
    public int SigmaOffset { get; }
    public int MuOffset { get; }
    public int ErevOffset { get; }
    public int InputScaleOffset { get; }
    public int InputOffsetOffset { get; }
    public int OutputScaleOffset { get; }
    public int OutputOffsetOffset { get; }
    public int ParameterCount { get; }

    /// <summary>Lower bounds that keep the solver a convex combination (w >= 0) and the time constants finite.</summary>
    public const double MinCm = 5e-4;
    public const double MinGleak = 1e-3;

    public NetworkShape(int inputCount, int neuronCount, int unfolds, int[] motorNeurons,
        int[] sensoryPre, int[] sensoryPost, int[] synapsePre, int[] synapsePost, int[]? neuronStage = null)
    {
        if (inputCount <= 0) throw new ArgumentOutOfRangeException(nameof(inputCount));
        if (neuronCount <= 0) throw new ArgumentOutOfRangeException(nameof(neuronCount));
        if (unfolds < 1) throw new ArgumentOutOfRangeException(nameof(unfolds));
        if (sensoryPre.Length != sensoryPost.Length) throw new ArgumentException("sensory pre/post length differ");
        if (synapsePre.Length != synapsePost.Length) throw new ArgumentException("synapse pre/post length differ");
        foreach (int m in motorNeurons) CheckIndex(m, neuronCount, "motor neuron");
        for (int s = 0; s < sensoryPre.Length; s++)
        {
            CheckIndex(sensoryPre[s], inputCount, "sensory pre");
            CheckIndex(sensoryPost[s], neuronCount, "sensory post");
        }

        for (int s = 0; s < synapsePre.Length; s++)
        {
            CheckIndex(synapsePre[s], neuronCount, "synapse pre");
            CheckIndex(synapsePost[s], neuronCount, "synapse post");
        }

        InputCount = inputCount;
        NeuronCount = neuronCount;
        Unfolds = unfolds;
        MotorNeurons = (int[])motorNeurons.Clone();
        SensoryPre = (int[])sensoryPre.Clone();
        SensoryPost = (int[])sensoryPost.Clone();
        SynapsePre = (int[])synapsePre.Clone();
        SynapsePost = (int[])synapsePost.Clone();
        NeuronStage = neuronStage == null ? new int[neuronCount] : (int[])neuronStage.Clone();
        if (NeuronStage.Length != neuronCount || NeuronStage.Any(s => s < 0 || s >= neuronCount))
            throw new ArgumentException("neuronStage needs one stage in [0, neuronCount) per neuron");
        StageCount = NeuronStage.Max() + 1;
        StageNeurons = new int[StageCount][];
        StageSynapses = new int[StageCount][];
        for (int st = 0; st < StageCount; st++)
        {
            int stage = st;
            StageNeurons[st] = Enumerable.Range(0, neuronCount).Where(i => NeuronStage[i] == stage).ToArray();
            StageSynapses[st] = Enumerable.Range(0, SynapsePre.Length).Where(q => NeuronStage[SynapsePost[q]] == stage).ToArray();
        }

        int o = 0;
        CmOffset = o; o += neuronCount;
        GleakOffset = o; o += neuronCount;
        VleakOffset = o; o += neuronCount;
        int ns = SensorySynapseCount;
        SensoryWOffset = o; o += ns;
        SensorySigmaOffset = o; o += ns;
        SensoryMuOffset = o; o += ns;
        SensoryErevOffset = o; o += ns;
        int n = SynapseCount;
        WOffset = o; o += n;
        SigmaOffset = o; o += n;
        MuOffset = o; o += n;
        ErevOffset = o; o += n;
        InputScaleOffset = o; o += inputCount;
        InputOffsetOffset = o; o += inputCount;
        OutputScaleOffset = o; o += OutputCount;
        OutputOffsetOffset = o; o += OutputCount;
        ParameterCount = o;
    }

    /// <summary>Synapse evaluations per step: sensory synapses once, internal synapses once per unfold.</summary>
    public int SynapseEvaluationsPerStep => SensorySynapseCount + SynapseCount * Unfolds;

    /// <summary>Largest |potential| (vleak, erev, mu), conductance (w, gleak, |sigma|) and capacitance the
    /// fixed-point solver accepts (LtcParameters limits), kept a little inside so rounding cannot cross them.</summary>
    public const double MaxPotential = 255;
    public const double MaxConductance = 1000;
    public const double MaxCm = 255;
    public const double MaxMapCoefficient = 30000;

    /// <summary>Clamps a parameter vector onto the feasible set (projected optimisation).</summary>
    public void Project(double[] p)
    {
        for (int i = 0; i < NeuronCount; i++)
        {
            Clamp(p, CmOffset + i, MinCm, MaxCm);
            Clamp(p, GleakOffset + i, MinGleak, MaxConductance);
            Clamp(p, VleakOffset + i, -MaxPotential, MaxPotential);
        }

        for (int s = 0; s < SensorySynapseCount; s++)
        {
            Clamp(p, SensoryWOffset + s, 0, MaxConductance);
            Clamp(p, SensorySigmaOffset + s, -MaxConductance, MaxConductance);
            Clamp(p, SensoryMuOffset + s, -MaxPotential, MaxPotential);
            Clamp(p, SensoryErevOffset + s, -MaxPotential, MaxPotential);
        }

        for (int s = 0; s < SynapseCount; s++)
        {
            Clamp(p, WOffset + s, 0, MaxConductance);
            Clamp(p, SigmaOffset + s, -MaxConductance, MaxConductance);
            Clamp(p, MuOffset + s, -MaxPotential, MaxPotential);
            Clamp(p, ErevOffset + s, -MaxPotential, MaxPotential);
        }

        for (int i = InputScaleOffset; i < ParameterCount; i++) Clamp(p, i, -MaxMapCoefficient, MaxMapCoefficient);
    }

    private static void Clamp(double[] p, int i, double low, double high)
    {
        double v = p[i];
        p[i] = double.IsNaN(v) ? low : Math.Clamp(v, low, high);
    }

    private static void CheckIndex(int value, int count, string what)
    {
        if (value < 0 || value >= count)
            throw new ArgumentOutOfRangeException(what, value, $"{what} index must be in [0, {count - 1}]");
    }
}
