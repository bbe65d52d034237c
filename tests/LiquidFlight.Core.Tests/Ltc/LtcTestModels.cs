using LiquidFlight.Core.Ltc;
using LiquidFlight.Model;

namespace LiquidFlight.Core.Tests.Ltc;

/// <summary>Models shared by the LTC tests: the default untrained stabiliser and a harder variant.</summary>
internal static class LtcTestModels
{
    /// <summary>The default 13-neuron NCP (seed 1), on the Q16.16 grid so that fixed and double see the same numbers.</summary>
    public static LtcModel Default(int unfolds = 1)
    {
        LtcModel m = UntrainedModel.CreateDefault(UntrainedModel.DefaultSeed);
        m.Unfolds = unfolds;
        return m.Quantized();
    }

    /// <summary>Same wiring, weights x4, 6 unfolds and short time constants: stiffer and more strongly coupled.</summary>
    public static LtcModel Stiff()
    {
        LtcModel m = UntrainedModel.CreateDefault(UntrainedModel.DefaultSeed);
        m.Unfolds = 6;
        for (int k = 0; k < m.Synapses.Count; k++)
        {
            m.Synapses.W[k] *= 4;
        }

        for (int k = 0; k < m.Sensory.Count; k++)
        {
            m.Sensory.W[k] *= 4;
        }

        for (int i = 0; i < m.NeuronCount; i++)
        {
            m.Cm[i] *= 0.25;
        }

        return m.Quantized();
    }

    public static LtcNetwork Fixed(LtcModel m) => new(LtcModelConverter.ToParameters(m));

    public static int Raw(double x) => Q16Convert.ToRaw(x);

    public static double Real(int raw) => Q16Convert.ToDouble(raw);
}
