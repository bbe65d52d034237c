using LiquidFlight.Core.Ltc;
using LiquidFlight.Model;
using Xunit.Abstractions;

namespace LiquidFlight.Core.Tests.Ltc;

/// <summary>
/// Replays tests/golden/ltc-golden.txt (format: sim/LiquidFlight.Model/GoldenVectors.cs) bit-exactly. The same
/// file is replayed on the ESP32 by the on-device tests. The recorded values are not taken on trust: the double
/// reference, run on the same parameters, must agree with every recorded state.
/// </summary>
public sealed class GoldenVectorTests(ITestOutputHelper output)
{
    private static string GoldenPath =>
        Path.Combine(ShippedModelFile.FindRepositoryRoot(AppContext.BaseDirectory) ?? throw new InvalidOperationException("repository root not found"),
            GoldenVectors.RepositoryPath);

    internal static GoldenVectorSet Load() => GoldenVectors.Parse(File.ReadAllText(GoldenPath));

    /// <summary>
    /// Replays every golden sequence through a step made by <paramref name="create"/> (model index in the set, its
    /// parameters) and demands every output and state bit for bit; returns the number of steps checked.
    /// </summary>
    internal static int ReplayBitExactly(GoldenVectorSet set, Func<int, LtcParameters, LtcStep> create)
    {
        Assert.NotEmpty(set.Sequences);
        int checkedSteps = 0;
        foreach (GoldenSequence sequence in set.Sequences)
        {
            int index = set.Models.ToList().FindIndex(m => m.Name == sequence.ModelName);
            LtcParameters p = set.Models[index].Parameters;
            LtcStep net = create(index, p);
            var outputs = new int[p.MotorCount];
            long previous = sequence.StartMicros;
            for (int s = 0; s < sequence.Steps.Count; s++)
            {
                GoldenStep step = sequence.Steps[s];
                net.Step(step.Inputs, step.TimeMicros - previous, outputs);
                previous = step.TimeMicros;
                Assert.True(step.Outputs.SequenceEqual(outputs), $"{sequence.Name} step {s}: outputs [{string.Join(' ', outputs)}], golden [{string.Join(' ', step.Outputs)}]");
                for (int i = 0; i < p.NeuronCount; i++)
                {
                    Assert.True(step.States[i] == net.GetState(i), $"{sequence.Name} step {s} neuron {i}: state {net.GetState(i)}, golden {step.States[i]}");
                }

                checkedSteps++;
            }
        }

        return checkedSteps;
    }

    [Fact]
    public void Fixed_point_network_reproduces_every_golden_output_and_state_bit_exactly()
    {
        int checkedSteps = ReplayBitExactly(Load(), (_, p) => new LtcNetwork(p));
        output.WriteLine($"{checkedSteps} golden steps reproduced bit-exactly");
    }

    [Fact]
    public void Golden_states_agree_with_the_double_reference()
    {
        GoldenVectorSet set = Load();
        foreach (GoldenSequence sequence in set.Sequences)
        {
            LtcParameters p = set.Models.Single(m => m.Name == sequence.ModelName).Parameters;
            var reference = new ReferenceNetwork(LtcModelConverter.FromParameters(p));
            var outputs = new double[p.MotorCount];
            long previous = sequence.StartMicros;
            double maxDiff = 0;
            foreach (GoldenStep step in sequence.Steps)
            {
                reference.Step(step.Inputs.Select(Q16Convert.ToDouble).ToArray(), step.TimeMicros - previous, outputs);
                previous = step.TimeMicros;
                for (int i = 0; i < p.NeuronCount; i++)
                {
                    maxDiff = Math.Max(maxDiff, Math.Abs(Q16Convert.ToDouble(step.States[i]) - reference.GetState(i)));
                }

                for (int k = 0; k < p.MotorCount; k++)
                {
                    maxDiff = Math.Max(maxDiff, Math.Abs(Q16Convert.ToDouble(step.Outputs[k]) - outputs[k]));
                }
            }

            output.WriteLine($"{sequence.Name}: {sequence.Steps.Count} steps, max |golden - double| = {maxDiff:E3}");
            // Measured 3.0e-5 (flight), 8.7e-5 (edges), 3.2e-5 (layered-flight) since cm is Q8.24 and the sigmoid
            // Q11.20 -> Q8.24; the previous arithmetic needed 1e-3 (6.4e-5 and 2.7e-4).
            Assert.True(maxDiff <= 2e-4, $"{sequence.Name}: golden values differ from the double reference by {maxDiff:E3}");
        }
    }

    [Fact]
    public void Golden_schedules_cover_irregular_and_edge_intervals()
    {
        var intervals = new List<long>();
        foreach (GoldenSequence sequence in Load().Sequences)
        {
            long previous = sequence.StartMicros;
            foreach (GoldenStep step in sequence.Steps)
            {
                intervals.Add(step.TimeMicros - previous);
                previous = step.TimeMicros;
            }
        }

        Assert.Contains(1L, intervals);
        Assert.Contains(0L, intervals);
        Assert.Contains(intervals, dt => dt < 0);
        Assert.Contains(intervals, dt => dt > LtcNetwork.MaxStepMicros);
        Assert.Contains(50_000L, intervals);
        Assert.True(intervals.Count(dt => dt is >= 500 and <= 8_000) > 200, "a flight-like stretch of 0.5-8 ms intervals");
    }

    [Fact]
    public void Golden_file_is_what_the_committed_generator_writes()
    {
        // If this fails after an intended change of the solver, regenerate with
        // `liquidflight model golden --out tests/golden/ltc-golden.txt` and explain the change in the commit.
        string committed = File.ReadAllText(GoldenPath).ReplaceLineEndings("\n");
        Assert.Equal(GoldenVectors.Format(GoldenVectors.Generate()), committed);
    }
}
