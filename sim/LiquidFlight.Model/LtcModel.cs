using LiquidFlight.Core.Ltc;

namespace LiquidFlight.Model;

/// <summary>
/// One LTC network in real numbers: the desktop form of a model (training, the double reference, the model file,
/// export). Same layout as Core's <see cref="LtcParameters"/>: motor neurons first (neuron k drives output k),
/// then command, then inter neurons; synapses sparse as parallel arrays. Units: seconds, and potentials and
/// conductances in the network's own normalised units.
/// </summary>
public sealed class LtcModel
{
    public string Description { get; set; } = "";

    /// <summary>Solver sub-steps per sample, 1..6.</summary>
    public int Unfolds { get; set; } = 1;

    /// <summary>Update order within an unfold: <see cref="LtcParameters.SolverJacobi"/> or <see cref="LtcParameters.SolverLayered"/>.</summary>
    public int Solver { get; set; } = LtcParameters.SolverJacobi;

    /// <summary>File names of the solver orders, by code.</summary>
    public static readonly string[] SolverNames = ["jacobi", "layered"];

    /// <summary>Layered stage of neuron i (inter 0, command 1, motor 2); always 0 with the Jacobi order.</summary>
    public int Stage(int i) => LtcParameters.Stage(Solver, Roles[i]);

    public string[] InputNames { get; set; } = [];
    public double[] InputScale { get; set; } = [];
    public double[] InputOffset { get; set; } = [];

    /// <summary>One per motor neuron, in motor-neuron order.</summary>
    public string[] OutputNames { get; set; } = [];
    public double[] OutputScale { get; set; } = [];
    public double[] OutputOffset { get; set; } = [];

    /// <summary>Per neuron: <see cref="NeuronRole"/> code.</summary>
    public int[] Roles { get; set; } = [];
    public double[] Cm { get; set; } = [];
    public double[] Gleak { get; set; } = [];
    public double[] Vleak { get; set; } = [];

    public SynapseSet Sensory { get; set; } = new();
    public SynapseSet Synapses { get; set; } = new();

    public int InputCount => InputNames.Length;
    public int OutputCount => OutputNames.Length;
    public int NeuronCount => Roles.Length;

    /// <summary>Synapses in the wiring (sensory + internal).</summary>
    public int SynapseCount => Sensory.Count + Synapses.Count;

    /// <summary>Trainable numbers: 3 per neuron, 4 per synapse, 2 per input and per output.</summary>
    public int ParameterCount => (3 * NeuronCount) + (4 * SynapseCount) + (2 * InputCount) + (2 * OutputCount);

    public LtcModel Clone() => new()
    {
        Description = Description,
        Unfolds = Unfolds,
        Solver = Solver,
        InputNames = (string[])InputNames.Clone(),
        InputScale = (double[])InputScale.Clone(),
        InputOffset = (double[])InputOffset.Clone(),
        OutputNames = (string[])OutputNames.Clone(),
        OutputScale = (double[])OutputScale.Clone(),
        OutputOffset = (double[])OutputOffset.Clone(),
        Roles = (int[])Roles.Clone(),
        Cm = (double[])Cm.Clone(),
        Gleak = (double[])Gleak.Clone(),
        Vleak = (double[])Vleak.Clone(),
        Sensory = Sensory.Clone(),
        Synapses = Synapses.Clone(),
    };

    /// <summary>
    /// This model with every number rounded to the grid the firmware uses (Q16.16; cm Q8.24): the double reference run on it
    /// differs from the fixed-point network only by arithmetic, not by parameter rounding.
    /// </summary>
    public LtcModel Quantized()
    {
        LtcModel q = Clone();
        Round(q.InputScale);
        Round(q.InputOffset);
        Round(q.OutputScale);
        Round(q.OutputOffset);
        for (int i = 0; i < q.Cm.Length; i++)
        {
            q.Cm[i] = Q16Convert.CapacitanceToDouble(Q16Convert.ToRawCapacitance(q.Cm[i]));
        }

        Round(q.Gleak);
        Round(q.Vleak);
        foreach (SynapseSet set in new[] { q.Sensory, q.Synapses })
        {
            Round(set.W);
            Round(set.Sigma);
            Round(set.Mu);
            Round(set.Erev);
        }

        return q;

        static void Round(double[] values)
        {
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = Q16Convert.ToDouble(Q16Convert.ToRaw(values[i]));
            }
        }
    }

    /// <summary>Every problem of this model, each with the model-file field path, the value and what is allowed.</summary>
    public IReadOnlyList<ModelProblem> Validate() => LtcModelValidator.Validate(this);

    /// <summary>Throws <see cref="ModelFileException"/> naming <paramref name="source"/> and the first problem.</summary>
    public void EnsureValid(string source)
    {
        IReadOnlyList<ModelProblem> problems = Validate();
        if (problems.Count > 0)
        {
            throw new ModelFileException(problems[0].Describe(source));
        }
    }
}

/// <summary>Sparse synapses as parallel arrays: synapse k goes from Source[k] to Target[k].</summary>
public sealed class SynapseSet
{
    /// <summary>Input index for sensory synapses, neuron index for internal ones.</summary>
    public int[] Source { get; set; } = [];
    public int[] Target { get; set; } = [];
    public double[] W { get; set; } = [];
    public double[] Sigma { get; set; } = [];
    public double[] Mu { get; set; } = [];
    public double[] Erev { get; set; } = [];

    public int Count => Source.Length;

    public SynapseSet Clone() => new()
    {
        Source = (int[])Source.Clone(),
        Target = (int[])Target.Clone(),
        W = (double[])W.Clone(),
        Sigma = (double[])Sigma.Clone(),
        Mu = (double[])Mu.Clone(),
        Erev = (double[])Erev.Clone(),
    };
}
