using LiquidFlight.Core.Ltc;
using LiquidFlight.Model;
using Xunit.Abstractions;

namespace LiquidFlight.Core.Tests.Ltc;

/// <summary>
/// The fixed-point network against the double-precision reference on the same (Q16.16-grid) parameters: the
/// difference is the arithmetic alone (sigmoid table, rounding, truncated divisions).
/// </summary>
public sealed class FixedVersusDoubleTests(ITestOutputHelper output)
{
    private const int Steps = 12_000;
    private const double Tolerance = 1e-3;

    public static TheoryData<string> Models => new() { "default", "default-2-unfolds", "stiff-6-unfolds", "layered", "layered-3-unfolds" };

    [Theory]
    [MemberData(nameof(Models))]
    public void Fixed_point_states_follow_the_double_reference_within_1e3_over_irregular_steps(string name)
    {
        LtcModel model = name switch
        {
            "default" => LtcTestModels.Default(),
            "default-2-unfolds" => LtcTestModels.Default(unfolds: 2),
            "layered" => Layered(LtcTestModels.Default(), 1),
            "layered-3-unfolds" => Layered(LtcTestModels.Default(), 3),
            _ => LtcTestModels.Stiff(),
        };
        LtcNetwork fixedNet = LtcTestModels.Fixed(model);
        var reference = new ReferenceNetwork(model);
        var rng = new Random(4242);

        int inputs = model.InputCount;
        var rawInputs = new int[inputs];
        var realInputs = new double[inputs];
        var rawOutputs = new int[model.OutputCount];
        var realOutputs = new double[model.OutputCount];
        double maxStateDiff = 0;
        double maxOutputDiff = 0;
        int worstStep = -1;
        int worstNeuron = -1;
        long gaps = 0;

        for (int s = 0; s < Steps; s++)
        {
            // dt 0.5-8 ms, with a 50 ms gap (a dropped burst of samples) about one step in fifty.
            long dt = rng.NextDouble() < 0.02 ? 50_000 : 500 + rng.Next(7_501);
            gaps += dt == 50_000 ? 1 : 0;
            for (int j = 0; j < inputs; j++)
            {
                // Across the whole input range and a little beyond: the mapped input spans about [-1.5, 1.5].
                double range = 1.5 / model.InputScale[j];
                rawInputs[j] = LtcTestModels.Raw(range * ((2 * rng.NextDouble()) - 1));
                realInputs[j] = LtcTestModels.Real(rawInputs[j]);
            }

            fixedNet.Step(rawInputs, dt, rawOutputs);
            reference.Step(realInputs, dt, realOutputs);
            for (int i = 0; i < model.NeuronCount; i++)
            {
                double diff = Math.Abs(LtcTestModels.Real(fixedNet.GetState(i)) - reference.GetState(i));
                if (diff > maxStateDiff)
                {
                    maxStateDiff = diff;
                    worstStep = s;
                    worstNeuron = i;
                }
            }

            for (int k = 0; k < model.OutputCount; k++)
            {
                maxOutputDiff = Math.Max(maxOutputDiff, Math.Abs(LtcTestModels.Real(rawOutputs[k]) - realOutputs[k]));
            }
        }

        output.WriteLine($"{name}: {Steps} steps ({gaps} gaps of 50 ms), {model.NeuronCount} neurons, {model.Unfolds} unfold(s)");
        output.WriteLine($"max |fixed - double| state = {maxStateDiff:E3} (step {worstStep}, neuron {worstNeuron}), output = {maxOutputDiff:E3}");
        Assert.True(gaps > 100, "the schedule must contain 50 ms gaps");
        Assert.True(maxStateDiff <= Tolerance, $"max state difference {maxStateDiff:E3} > {Tolerance:E0}");
        Assert.True(maxOutputDiff <= Tolerance, $"max output difference {maxOutputDiff:E3} > {Tolerance:E0}");
    }

    private static LtcModel Layered(LtcModel m, int unfolds)
    {
        m.Solver = LtcParameters.SolverLayered;
        m.Unfolds = unfolds;
        return m;
    }

    [Fact]
    public void Time_constants_follow_the_double_reference()
    {
        LtcModel model = LtcTestModels.Default();
        LtcNetwork fixedNet = LtcTestModels.Fixed(model);
        var reference = new ReferenceNetwork(model);
        var rng = new Random(99);
        var raw = new int[model.InputCount];
        var real = new double[model.InputCount];
        var o1 = new int[model.OutputCount];
        var o2 = new double[model.OutputCount];
        double maxRelative = 0;
        for (int s = 0; s < 2_000; s++)
        {
            for (int j = 0; j < raw.Length; j++)
            {
                raw[j] = LtcTestModels.Raw((2 * rng.NextDouble()) - 1);
                real[j] = LtcTestModels.Real(raw[j]);
            }

            fixedNet.Step(raw, 2_000, o1);
            reference.Step(real, 2_000, o2);
            for (int i = 0; i < model.NeuronCount; i++)
            {
                double tauRef = reference.GetTimeConstant(i);
                double tauFixed = LtcTestModels.Real(fixedNet.GetTimeConstantQ16(i));
                maxRelative = Math.Max(maxRelative, Math.Abs(tauFixed - tauRef) / tauRef);
            }
        }

        output.WriteLine($"max relative time-constant difference: {maxRelative:E3}");

        // cm is 0.02-0.06 s, so one Q16 LSB of tau (1.5e-5 s) is up to 8e-4 relative; sigmoid error adds ~1e-4.
        Assert.True(maxRelative < 2e-3, $"relative difference {maxRelative:E3}");
    }
}
