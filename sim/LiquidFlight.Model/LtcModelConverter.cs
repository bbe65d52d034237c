using LiquidFlight.Core.Ltc;

namespace LiquidFlight.Model;

/// <summary>Model (real numbers) to the firmware's raw Q16.16 parameters: every number rounded to nearest.</summary>
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
            Cm = Raw(m.Cm),
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
