using LiquidFlight.Core.Ltc;
using LiquidFlight.Model;
using Xunit.Abstractions;

namespace LiquidFlight.Core.Tests.Ltc;

/// <summary>
/// The fixed-point network against the double-precision reference: untrained models on the same (fixed-point grid)
/// parameters, where the difference is the arithmetic alone (sigmoid table, rounding, truncated divisions), and the
/// shipped model against its unrounded double twin.
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
        Run run = Compare(LtcTestModels.Fixed(model), new ReferenceNetwork(model), model, 4242, Steps);
        output.WriteLine($"{name}: {Steps} steps ({run.Gaps} gaps of 50 ms), {model.NeuronCount} neurons, {model.Unfolds} unfold(s)");
        output.WriteLine($"max |fixed - double| state = {run.MaxState:E3} (step {run.WorstStep}, neuron {run.WorstNeuron}), output = {run.MaxOutput:E3}");
        Assert.True(run.Gaps > 100, "the schedule must contain 50 ms gaps");
        Assert.True(run.MaxState <= Tolerance, $"max state difference {run.MaxState:E3} > {Tolerance:E0}");
        Assert.True(run.MaxOutput <= Tolerance, $"max output difference {run.MaxOutput:E3} > {Tolerance:E0}");
    }

    /// <summary>
    /// The shipped model as the firmware flies it (ShippedModel.Create(), the generated constants) against its
    /// double twin: the model file's own numbers, not rounded to any grid, with the exact sigmoid. The difference is
    /// everything fixed point costs: parameter rounding (cm in Q8.24, the rest Q16.16), the sigmoid table and the
    /// arithmetic. Trained neurons are fast (cm = 0.0005 s) and steep (sigma up to about 10), which amplifies
    /// rounding from layer to layer: with cm in Q16.16 and the 1/16-segment Q16 table the same runs differed by
    /// 4.2e-3 in states and 1.5e-3 in outputs.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Shipped_model_follows_its_double_twin_within_1e3_over_2000_irregular_steps(int seed)
    {
        const int steps = 2_000;
        LtcModel twin = ShippedModelFile.LoadDefault().Model;
        Run run = Compare(new LtcNetwork(ShippedModel.Create()), new ReferenceNetwork(twin), twin, seed, steps);
        output.WriteLine($"shipped, seed {seed}: {steps} steps ({run.Gaps} gaps of 50 ms), {twin.NeuronCount} neurons, {twin.Unfolds} unfold(s)");
        output.WriteLine($"max |fixed - double| state = {run.MaxState:E3} (step {run.WorstStep}, neuron {run.WorstNeuron}), output = {run.MaxOutput:E3}");
        Assert.True(run.Gaps > 10, "the schedule must contain 50 ms gaps");
        Assert.True(run.MaxState <= Tolerance, $"max state difference {run.MaxState:E3} > {Tolerance:E0}");
        Assert.True(run.MaxOutput <= Tolerance, $"max output difference {run.MaxOutput:E3} > {Tolerance:E0}");
    }

    private sealed record Run(double MaxState, double MaxOutput, int WorstStep, int WorstNeuron, int Gaps);

    /// <summary>
    /// Steps both networks with the same seeded schedule: dt 0.5-8 ms, with a 50 ms gap (a dropped burst of
    /// samples) about one step in fifty; every input uniform across its mapped range and a little beyond (the
    /// mapped input spans about [-1.5, 1.5]), drawn on the Q16.16 grid so that both see the same inputs.
    /// </summary>
    private static Run Compare(LtcNetwork fixedNet, ReferenceNetwork reference, LtcModel model, int seed, int steps)
    {
        var rng = new Random(seed);
        int inputs = model.InputCount;
        var rawInputs = new int[inputs];
        var realInputs = new double[inputs];
        var rawOutputs = new int[model.OutputCount];
        var realOutputs = new double[model.OutputCount];
        double maxStateDiff = 0;
        double maxOutputDiff = 0;
        int worstStep = -1;
        int worstNeuron = -1;
        int gaps = 0;

        for (int s = 0; s < steps; s++)
        {
            long dt = rng.NextDouble() < 0.02 ? 50_000 : 500 + rng.Next(7_501);
            gaps += dt == 50_000 ? 1 : 0;
            for (int j = 0; j < inputs; j++)
            {
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

        return new Run(maxStateDiff, maxOutputDiff, worstStep, worstNeuron, gaps);
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
