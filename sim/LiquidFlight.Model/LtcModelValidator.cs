using System.Globalization;
using LiquidFlight.Core.Ltc;

namespace LiquidFlight.Model;

/// <summary>
/// The rules a model must meet to be converted to the firmware's fixed point: shapes, indices, signs, and the
/// ranges <see cref="LtcParameters"/> needs so the solver's 64-bit arithmetic cannot overflow. Field paths are
/// those of the model file (see <see cref="ModelFile"/>), so a problem found in a trained model in memory reads
/// the same as one found in a file.
/// </summary>
public static class LtcModelValidator
{
    public static readonly double PotentialLimit = LtcParameters.PotentialLimitRaw / 65536.0;
    public static readonly double ConductanceLimit = LtcParameters.ConductanceLimitRaw / 65536.0;
    public static readonly double CapacitanceLimit = Q16Convert.CapacitanceToDouble(LtcParameters.CapacitanceLimitRaw);

    public static IReadOnlyList<ModelProblem> Validate(LtcModel m)
    {
        var problems = new List<ModelProblem>();
        void Add(string field, string value, string allowed) => problems.Add(new ModelProblem(field, value, allowed));

        int n = m.NeuronCount;
        if (n < 1 || n > LtcParameters.MaxNeurons)
        {
            Add("neurons.role", $"{n} neurons", $"1 to {LtcParameters.MaxNeurons} neurons (fewer than 20)");
            return problems; // every per-neuron check below depends on a usable neuron count
        }

        if (m.Unfolds < LtcParameters.MinUnfolds || m.Unfolds > LtcParameters.MaxUnfolds)
        {
            Add("unfolds", m.Unfolds.ToString(CultureInfo.InvariantCulture), $"an integer from {LtcParameters.MinUnfolds} to {LtcParameters.MaxUnfolds}");
        }

        if (m.Solver != LtcParameters.SolverJacobi && m.Solver != LtcParameters.SolverLayered)
        {
            Add("solver", m.Solver.ToString(CultureInfo.InvariantCulture), "\"jacobi\" (0) or \"layered\" (1)");
        }

        int inputs = m.InputCount;
        if (inputs < 1 || inputs > LtcParameters.MaxInputs)
        {
            Add("inputs", $"{inputs} inputs", $"1 to {LtcParameters.MaxInputs} inputs");
        }

        CheckLength(problems, "inputs[].scale", m.InputScale.Length, inputs, "inputs");
        CheckLength(problems, "inputs[].offset", m.InputOffset.Length, inputs, "inputs");
        CheckReals(problems, "inputs", "scale", m.InputScale, -Q16Convert.MaxMagnitude, Q16Convert.MaxMagnitude, "representable in Q16.16");
        CheckReals(problems, "inputs", "offset", m.InputOffset, -Q16Convert.MaxMagnitude, Q16Convert.MaxMagnitude, "representable in Q16.16");

        int outputs = m.OutputCount;
        if (outputs < 1 || outputs > n)
        {
            Add("outputs", $"{outputs} outputs", $"1 to {n} outputs (one per motor neuron)");
        }

        CheckLength(problems, "outputs[].scale", m.OutputScale.Length, outputs, "outputs");
        CheckLength(problems, "outputs[].offset", m.OutputOffset.Length, outputs, "outputs");
        CheckReals(problems, "outputs", "scale", m.OutputScale, -Q16Convert.MaxMagnitude, Q16Convert.MaxMagnitude, "representable in Q16.16");
        CheckReals(problems, "outputs", "offset", m.OutputOffset, -Q16Convert.MaxMagnitude, Q16Convert.MaxMagnitude, "representable in Q16.16");

        for (int i = 0; i < n; i++)
        {
            int role = m.Roles[i];
            bool shouldBeMotor = i < outputs;
            if (role < NeuronRole.Motor || role > NeuronRole.Inter)
            {
                Add($"neurons.role[{i}]", role.ToString(CultureInfo.InvariantCulture), "motor, command or inter");
            }
            else if (shouldBeMotor != (role == NeuronRole.Motor))
            {
                Add($"neurons.role[{i}]", NeuronRole.Name(role), $"neurons 0..{outputs - 1} are the motor neurons (one per output) and no others");
            }
        }

        CheckNeuronArray(problems, "cm", m.Cm, n, 0, CapacitanceLimit);
        CheckNeuronArray(problems, "gleak", m.Gleak, n, 0, ConductanceLimit);
        CheckNeuronArray(problems, "vleak", m.Vleak, n, -PotentialLimit, PotentialLimit);

        CheckSynapses(problems, "sensorySynapses", m.Sensory, inputs, "input", n);
        CheckSynapses(problems, "synapses", m.Synapses, n, "neuron", n);

        if (problems.Count == 0)
        {
            var fanIn = new int[n];
            foreach (int t in m.Sensory.Target)
            {
                fanIn[t]++;
            }

            foreach (int t in m.Synapses.Target)
            {
                fanIn[t]++;
            }

            for (int i = 0; i < n; i++)
            {
                if (fanIn[i] > LtcParameters.MaxFanIn)
                {
                    Add($"neurons[{i}]", $"{fanIn[i]} incoming synapses", $"at most {LtcParameters.MaxFanIn}");
                }
            }
        }

        return problems;
    }

    private static void CheckLength(List<ModelProblem> problems, string field, int actual, int expected, string countedBy)
    {
        if (actual != expected)
        {
            problems.Add(new ModelProblem(field, $"{actual} entries", $"exactly {expected} (one per entry of {countedBy})"));
        }
    }

    private static void CheckReals(List<ModelProblem> problems, string array, string field, double[] values, double low, double high, string what)
    {
        for (int i = 0; i < values.Length; i++)
        {
            CheckReal(problems, $"{array}[{i}].{field}", values[i], low, high, what);
        }
    }

    private static void CheckReal(List<ModelProblem> problems, string field, double value, double low, double high, string what)
    {
        if (!double.IsFinite(value))
        {
            problems.Add(new ModelProblem(field, ModelProblem.Format(value), "a finite number"));
        }
        else if (value < low || value > high)
        {
            string allowed = low == 0
                ? $"non-negative and at most {ModelProblem.Format(high)} ({what})"
                : $"between {ModelProblem.Format(low)} and {ModelProblem.Format(high)} ({what})";
            problems.Add(new ModelProblem(field, ModelProblem.Format(value), allowed));
        }
    }

    private static void CheckNeuronArray(List<ModelProblem> problems, string name, double[] values, int n, double low, double high)
    {
        string field = $"neurons.{name}";
        if (values.Length != n)
        {
            problems.Add(new ModelProblem(field, $"{values.Length} entries", $"exactly {n} (one per entry of neurons.role)"));
            return;
        }

        for (int i = 0; i < n; i++)
        {
            CheckReal(problems, $"{field}[{i}]", values[i], low, high, "the fixed-point solver's range");
        }
    }

    private static void CheckSynapses(List<ModelProblem> problems, string set, SynapseSet s, int sourceCount, string sourceKind, int n)
    {
        int count = s.Source.Length;
        (string Name, int Length)[] lengths =
        [
            ("target", s.Target.Length), ("w", s.W.Length), ("sigma", s.Sigma.Length), ("mu", s.Mu.Length), ("erev", s.Erev.Length),
        ];
        bool shapeOk = true;
        foreach ((string name, int length) in lengths)
        {
            if (length != count)
            {
                problems.Add(new ModelProblem($"{set}.{name}", $"{length} entries", $"exactly {count} (one per entry of {set}.source)"));
                shapeOk = false;
            }
        }

        if (!shapeOk)
        {
            return;
        }

        var seen = new HashSet<(int, int)>();
        for (int k = 0; k < count; k++)
        {
            if (s.Source[k] < 0 || s.Source[k] >= sourceCount)
            {
                problems.Add(new ModelProblem($"{set}.source[{k}]", s.Source[k].ToString(CultureInfo.InvariantCulture), $"an {sourceKind} index from 0 to {sourceCount - 1}"));
            }

            if (s.Target[k] < 0 || s.Target[k] >= n)
            {
                problems.Add(new ModelProblem($"{set}.target[{k}]", s.Target[k].ToString(CultureInfo.InvariantCulture), $"a neuron index from 0 to {n - 1}"));
            }

            if (!seen.Add((s.Source[k], s.Target[k])))
            {
                problems.Add(new ModelProblem($"{set}.target[{k}]", s.Target[k].ToString(CultureInfo.InvariantCulture), $"one synapse per (source, target) pair: {s.Source[k]} -> {s.Target[k]} is wired twice"));
            }

            CheckReal(problems, $"{set}.w[{k}]", s.W[k], 0, ConductanceLimit, "the fixed-point solver's range");
            CheckReal(problems, $"{set}.sigma[{k}]", s.Sigma[k], -ConductanceLimit, ConductanceLimit, "the fixed-point solver's range");
            CheckReal(problems, $"{set}.mu[{k}]", s.Mu[k], -PotentialLimit, PotentialLimit, "the fixed-point solver's range");
            CheckReal(problems, $"{set}.erev[{k}]", s.Erev[k], -PotentialLimit, PotentialLimit, "the fixed-point solver's range");
        }
    }
}
