using LiquidFlight.Core.Ltc;

namespace LiquidFlight.Model;

/// <summary>Model (real numbers) to the firmware's raw parameters (Q16.16; cm Q8.24): every number rounded to nearest.</summary>
public static class LtcModelConverter
{
    /// <summary>Validates, then converts. Throws <see cref="ModelFileException"/> naming <paramref name="source"/> on an invalid model.</summary>
    public static LtcParameters ToParameters(LtcModel m, string source = "model")
    {
        m.EnsureValid(source);
        var p = new LtcParameters
        {
            InputCount = m.InputCount,
            NeuronCount = m.NeuronCount,
            MotorCount = m.OutputCount,
            Unfolds = m.Unfolds,
            Solver = m.Solver,
            Cm = m.Cm.Select(Q16Convert.ToRawCapacitance).ToArray(),
            Gleak = Raw(m.Gleak),
            Vleak = Raw(m.Vleak),
            Role = (int[])m.Roles.Clone(),
            SensorySource = (int[])m.Sensory.Source.Clone(),
            SensoryTarget = (int[])m.Sensory.Target.Clone(),
            SensoryW = Raw(m.Sensory.W),
            SensorySigma = Raw(m.Sensory.Sigma),
            SensoryMu = Raw(m.Sensory.Mu),
            SensoryErev = Raw(m.Sensory.Erev),
            SynapseSource = (int[])m.Synapses.Source.Clone(),
            SynapseTarget = (int[])m.Synapses.Target.Clone(),
            SynapseW = Raw(m.Synapses.W),
            SynapseSigma = Raw(m.Synapses.Sigma),
            SynapseMu = Raw(m.Synapses.Mu),
            SynapseErev = Raw(m.Synapses.Erev),
            InputScale = Raw(m.InputScale),
            InputOffset = Raw(m.InputOffset),
            OutputScale = Raw(m.OutputScale),
            OutputOffset = Raw(m.OutputOffset),
            InputNames = (string[])m.InputNames.Clone(),
            OutputNames = (string[])m.OutputNames.Clone(),
        };

        // The model rules are stricter than Core's; a disagreement here is a bug in one of them.
        string? coreError = p.Validate();
        if (coreError != null)
        {
            throw new ModelFileException($"{source}: converted parameters refused by the firmware: {coreError}");
        }

        return p;
    }

    /// <summary>The exact real values of raw parameters (names default to in0.., out0.. when absent).</summary>
    public static LtcModel FromParameters(LtcParameters p, string description = "")
    {
        string? error = p.Validate();
        if (error != null)
        {
            throw new ArgumentException($"invalid LTC parameters: {error}", nameof(p));
        }

        return new LtcModel
        {
            Description = description,
            Unfolds = p.Unfolds,
            Solver = p.Solver,
            InputNames = p.InputNames ?? Enumerable.Range(0, p.InputCount).Select(i => $"in{i}").ToArray(),
            InputScale = Real(p.InputScale),
            InputOffset = Real(p.InputOffset),
            OutputNames = p.OutputNames ?? Enumerable.Range(0, p.MotorCount).Select(i => $"out{i}").ToArray(),
            OutputScale = Real(p.OutputScale),
            OutputOffset = Real(p.OutputOffset),
            Roles = (int[])p.Role.Clone(),
            Cm = p.Cm.Select(Q16Convert.CapacitanceToDouble).ToArray(),
            Gleak = Real(p.Gleak),
            Vleak = Real(p.Vleak),
            Sensory = new SynapseSet
            {
                Source = (int[])p.SensorySource.Clone(), Target = (int[])p.SensoryTarget.Clone(),
                W = Real(p.SensoryW), Sigma = Real(p.SensorySigma), Mu = Real(p.SensoryMu), Erev = Real(p.SensoryErev),
            },
            Synapses = new SynapseSet
            {
                Source = (int[])p.SynapseSource.Clone(), Target = (int[])p.SynapseTarget.Clone(),
                W = Real(p.SynapseW), Sigma = Real(p.SynapseSigma), Mu = Real(p.SynapseMu), Erev = Real(p.SynapseErev),
            },
        };
    }

    private static double[] Real(int[] raw) => raw.Select(Q16Convert.ToDouble).ToArray();

    private static int[] Raw(double[] values)
    {
        var raw = new int[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            raw[i] = Q16Convert.ToRaw(values[i]);
        }

        return raw;
    }
}
