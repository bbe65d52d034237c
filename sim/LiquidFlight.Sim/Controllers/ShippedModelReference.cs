using LiquidFlight.Core.Ltc;
using LiquidFlight.Model;

namespace LiquidFlight.Sim.Controllers;

/// <summary>
/// The model the firmware flies, read back from Core's generated Q16.16 constants into real numbers, so the
/// double-precision reference flies exactly the parameters on the board (not a file that may have moved on).
/// </summary>
public static class ShippedModelReference
{
    private const double Q = 1.0 / 65536;

    public static LtcModel Create() => FromParameters(ShippedModel.Create(), "shipped model (Core ShippedModel)");

    public static LtcModel FromParameters(LtcParameters p, string description) => new()
    {
        Description = description,
        Unfolds = p.Unfolds,
        InputNames = p.InputNames != null ? (string[])p.InputNames.Clone() : Names("in", p.InputCount),
        InputScale = Real(p.InputScale),
        InputOffset = Real(p.InputOffset),
        OutputNames = p.OutputNames != null ? (string[])p.OutputNames.Clone() : Names("out", p.MotorCount),
        OutputScale = Real(p.OutputScale),
        OutputOffset = Real(p.OutputOffset),
        Roles = (int[])p.Role.Clone(),
        Cm = Real(p.Cm),
        Gleak = Real(p.Gleak),
        Vleak = Real(p.Vleak),
        Sensory = new SynapseSet
        {
            Source = (int[])p.SensorySource.Clone(),
            Target = (int[])p.SensoryTarget.Clone(),
            W = Real(p.SensoryW),
            Sigma = Real(p.SensorySigma),
            Mu = Real(p.SensoryMu),
            Erev = Real(p.SensoryErev),
        },
        Synapses = new SynapseSet
        {
            Source = (int[])p.SynapseSource.Clone(),
            Target = (int[])p.SynapseTarget.Clone(),
            W = Real(p.SynapseW),
            Sigma = Real(p.SynapseSigma),
            Mu = Real(p.SynapseMu),
            Erev = Real(p.SynapseErev),
        },
    };

    private static double[] Real(int[] raw) => raw.Select(v => v * Q).ToArray();

    private static string[] Names(string prefix, int count) => Enumerable.Range(0, count).Select(i => prefix + i).ToArray();
}
