using System.Reflection;
using System.Runtime.Loader;
using LiquidFlight.Core.Control;
using LiquidFlight.Core.Ltc;
using LiquidFlight.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit.Abstractions;

namespace LiquidFlight.Core.Tests.Ltc;

/// <summary>
/// The generated straight-line step (<see cref="LtcStepGenerator"/>, written by <c>model export</c>) must compute
/// exactly what the generic <see cref="LtcNetwork"/> computes. The committed ShippedModelStep is checked against
/// LtcNetwork on the shipped parameters; and the generator itself is checked on models that exercise every branch
/// it has (both solver orders, 1 to 6 unfolds, zero w / sigma / erev / cm / gleak, the two-division path at the
/// parameter limits, the golden-vector models), by compiling its output with Roslyn (C# 7.3, as the firmware) and
/// stepping both side by side over seeded irregular sequences: states and outputs equal at every step.
/// </summary>
public sealed class GeneratedStepTests(ITestOutputHelper output)
{
    private const string CheckAssemblyName = "LiquidFlight.GeneratedStepCheck";

    [Fact]
    public void Committed_shipped_step_matches_the_generic_network_bit_for_bit()
    {
        int steps = Compare(new ShippedModelStep(), new LtcNetwork(ShippedModel.Create()), seed: 1, steps: 20_000);
        output.WriteLine($"ShippedModelStep = LtcNetwork over {steps} steps");
    }

    [Fact]
    public void Committed_shipped_step_handles_missing_inputs_and_reset_as_the_generic_network()
    {
        var generated = new ShippedModelStep();
        var generic = new LtcNetwork(ShippedModel.Create());
        var outA = new int[3];
        var outB = new int[3];
        Assert.Equal(generic.Step(null, 2_000, outB), generated.Step(null, 2_000, outA));
        Assert.Equal(generic.Step(new int[5], 2_000, outB), generated.Step(new int[5], 2_000, outA));
        Assert.False(generated.Step(new int[6], 0, null));
        Assert.True(generated.Step(new[] { 30_000, -20_000, 1_000, 70_000, -90_000, 5_000 }, 2_000, outA));
        generic.Step(new[] { 30_000, -20_000, 1_000, 70_000, -90_000, 5_000 }, 2_000, outB);
        Assert.Equal(outB, outA);
        generated.Reset();
        generic.Reset();
        for (int i = -1; i <= 12; i++)
        {
            Assert.Equal(generic.GetState(i), generated.GetState(i));
        }

        Assert.Equal(generic.InputCount, generated.InputCount);
        Assert.Equal(generic.NeuronCount, generated.NeuronCount);
        Assert.Equal(generic.MotorCount, generated.MotorCount);
        Assert.Equal(ShippedModel.Create().InputNames, generated.Parameters.InputNames);
    }

    [Fact]
    public void Generated_steps_match_the_generic_network_for_both_solvers_every_unfold_count_and_edge_parameters()
    {
        var models = new List<(string Name, LtcParameters P)>();
        foreach (int solver in new[] { LtcParameters.SolverJacobi, LtcParameters.SolverLayered })
        {
            foreach (int unfolds in new[] { 1, 2, 6 })
            {
                LtcParameters p = LtcModelConverter.ToParameters(LtcTestModels.Default(unfolds));
                p.Solver = solver;
                models.Add(($"Default{solver}U{unfolds}", p));
            }

            LtcParameters stiff = LtcModelConverter.ToParameters(LtcTestModels.Stiff());
            stiff.Solver = solver;
            models.Add(($"Stiff{solver}", stiff));
            LtcParameters limits = LtcModelConverter.ToParameters(StepFormulationTests.AtTheLimits());
            limits.Solver = solver;
            models.Add(($"Limits{solver}", limits));
            models.Add(($"Edges{solver}", Edges(solver)));

            // Four inputs: the generator writes the body as the array form (no argument form), and the base
            // class's argument form refuses the call as a missing input array.
            LtcModel four = UntrainedModel.Create(UntrainedModel.DefaultWiring() with { Inputs = 4 },
                UntrainedModel.StabiliserInputs[..4], UntrainedModel.StabiliserInputScale[..4], UntrainedModel.StabiliserOutputs, unfolds: 1);
            LtcParameters fourInputs = LtcModelConverter.ToParameters(four.Quantized());
            fourInputs.Solver = solver;
            models.Add(($"FourInputs{solver}", fourInputs));
        }

        models.Add(("Shipped", ShippedModel.Create()));
        Assembly compiled = Compile(models);
        int total = 0;
        for (int m = 0; m < models.Count; m++)
        {
            var generated = (LtcStep)Activator.CreateInstance(compiled.GetType($"LiquidFlight.Core.Ltc.{models[m].Name}Step", throwOnError: true)!)!;
            total += Compare(generated, new LtcNetwork(models[m].P), seed: 100 + m, steps: 3_000, models[m].Name);
            if (generated.InputCount != LtcStep.ArgumentInputs)
            {
                int before = generated.GetState(0);
                var outputs = new int[generated.MotorCount];
                Assert.False(generated.Step(1, 2, 3, 4, 5, 6, 2000, outputs));
                Assert.Equal(before, generated.GetState(0));
            }
        }

        Assert.Contains(models, m => m.P.InputCount != LtcStep.ArgumentInputs);
        // Neurons that share a cm share its cm_t local, with one unfold and with several: both are among these models.
        Assert.Contains(models, m => m.P.Unfolds == 1 && m.P.Cm.Distinct().Count() < m.P.NeuronCount);
        Assert.Contains(models, m => m.P.Unfolds > 1 && m.P.Cm.Distinct().Count() < m.P.NeuronCount);

        output.WriteLine($"{models.Count} generated steps = LtcNetwork over {total} steps");
    }

    [Fact]
    public void The_neuron_update_takes_d_f_whole_and_one_division_only_where_the_bounds_prove_it_exact()
    {
        // Shipped: |d| <= gleak + sum |w| < 2^22 and |f| < 2^34, so |d f| < 2^56. At the parameter limits
        // (conductances up to 2^26, fan-in up to 64, potentials up to 2^24 << 16) it can reach 2^72: split.
        string shipped = LtcStepGenerator.ToCSharp(ShippedModel.Create(), "ShippedModel", "ShippedCheckStep");
        Assert.Contains(" - ((d * f", shipped);
        Assert.DoesNotContain("& 0xFFFF", shipped);
        // ... and |num| <= |g| + |d f >> 16| < 2^41: one division per neuron, no two-division fallback.
        Assert.DoesNotContain("SingleDivisionLimit", shipped);
        LtcParameters limits = LtcModelConverter.ToParameters(StepFormulationTests.AtTheLimits());
        string atLimits = LtcStepGenerator.ToCSharp(limits, "LimitsModel", "LimitsCheckStep");
        Assert.Contains("& 0xFFFF)) >> 16)", atLimits);
        Assert.Contains("q = num / den;", atLimits);
    }

    [Theory]
    // 6689 = 2^12.7: 2^20 is the first shift past 2^32 - 1 (6689 * 2^19 = 3.51e9, * 2^20 = 7.01e9), and a reach of
    // 6689 * 2^25 shifted by 20 is 2^57.7, below 2^62.
    [InlineData(6689L, 6689L << 25, 20)]
    // A reach of 2^25 * 6689 + 2^43 = 9.02e12: 2^18 takes it to 2.37e18, 2^19 to 4.73e18 >= 2^62 = 4.61e18, so 18
    // (6689 stays in 32 bits; larger literals of the set still gain).
    [InlineData(6689L, (6689L << 25) + (1L << 43), 18)]
    // The shipped weights: the smallest 11817 needs 2^19, but the largest, 424183, times an activation of 2^25 reaches
    // 3.73e18 at 2^18 and 7.46e18 at 2^19: 18.
    [InlineData(11817L, 424183L << 25, 18)]
    // No int is past 32 bits unshifted, and (2^31 - 1) * 2 = 2^32 - 2 is not either: two shifts.
    [InlineData(int.MaxValue, 1L << 40, 2)]
    // No literal: no shift.
    [InlineData(0L, 1L << 20, 0)]
    // A reach already at 2^62: no shift at all.
    [InlineData(6689L, 1L << 62, 0)]
    public void The_literal_shift_takes_the_smallest_literal_past_32_bits_unless_the_reach_would_reach_2_to_the_62(long smallest, long reach, int expected)
    {
        Assert.Equal(expected, LtcStepGenerator.LiteralShift(smallest, reach));
    }

    [Fact]
    public void The_shipped_step_forms_a_rounded_state_at_the_start_only_where_a_synapse_of_its_own_stage_reads_it()
    {
        // Layered order: the inter neurons (6-8) are read only by the command stage, after their update; of the
        // command neurons, 4 has a synapse within the command stage (4 -> 3: it reads the start value), 3 and 5 are
        // read only by the motor stage.
        LtcParameters p = ShippedModel.Create();
        string shipped = LtcStepGenerator.ToCSharp(p, "ShippedModel", "ShippedCheckStep");
        int firstUpdate = shipped.IndexOf(" += (((g", StringComparison.Ordinal);
        Assert.True(firstUpdate > 0);
        for (int i = 0; i < p.NeuronCount; i++)
        {
            bool readInOwnStage = Enumerable.Range(0, p.SynapseCount).Any(k => p.SynapseSource[k] == i
                && LtcParameters.Stage(p.Solver, p.Role[p.SynapseTarget[k]]) <= LtcParameters.Stage(p.Solver, p.Role[i]));
            bool read = p.SynapseSource.Contains(i);
            int declared = shipped.IndexOf($"long v{i} = ", StringComparison.Ordinal);
            if (!read)
            {
                Assert.Equal(-1, declared);
            }
            else if (readInOwnStage)
            {
                Assert.True(declared >= 0 && declared < firstUpdate, $"v{i} at {declared}");
            }
            else
            {
                Assert.True(declared > shipped.IndexOf($"f{i} += ", StringComparison.Ordinal), $"v{i} at {declared}");
            }
        }

        Assert.Equal(new[] { 4 }, Enumerable.Range(0, p.NeuronCount).Where(i => shipped.IndexOf($"long v{i} = ", StringComparison.Ordinal) is int at && at >= 0 && at < firstUpdate));
    }

    [Theory]
    // The shipped cm of neuron 6, 10222, over the largest K (dt = 1 µs: 1.024e9): 2^18 takes it to 2.68e9, still in
    // 32 bits, 2^19 to 5.36e9. The product at 2^19 is 5.49e18: below 2^63 (9.22e18), not below 2^62 (4.61e18).
    [InlineData(10222L, 10222L * 1_024_000_000L, 63, 19)]
    [InlineData(10222L, 10222L * 1_024_000_000L, 62, 18)]
    public void The_literal_shift_of_a_lone_product_may_reach_2_to_the_63(long smallest, long reach, int limitBits, int expected)
    {
        Assert.Equal(expected, LtcStepGenerator.LiteralShift(smallest, reach, (Int128)1 << limitBits));
    }

    [Fact]
    public void The_shipped_step_writes_its_map_constants_and_capacitances_as_literals_beyond_32_bits()
    {
        // The input maps' constants (the scale cannot pass 32 bits over an int input), the output maps' scales and
        // constants, and every cm of the neuron update: each loads with one ldc.i8. (The argument form's body; the
        // attitude form's is the same emitter's.)
        string shipped = ArgumentBody(LtcStepGenerator.ToCSharp(ShippedModel.Create(), "ShippedModel", "ShippedCheckStep"));
        var inputs = System.Text.RegularExpressions.Regex.Matches(shipped, @"\(input\d \* (-?\d+)L \+ (-?\d+)L\) >> (\d+);");
        Assert.Equal(6, inputs.Count);
        Assert.All(inputs, m => Assert.True(Math.Abs(long.Parse(m.Groups[2].Value)) > uint.MaxValue, m.Value));
        var outputs = System.Text.RegularExpressions.Regex.Matches(shipped, @">> 16\) \* (-?\d+)L \+ (-?\d+)L\) >> (\d+)\);");
        Assert.Equal(3, outputs.Count);
        Assert.All(outputs, m => Assert.True(Math.Abs(long.Parse(m.Groups[1].Value)) > uint.MaxValue && Math.Abs(long.Parse(m.Groups[2].Value)) > uint.MaxValue, m.Value));
        // One cm term per distinct cm: neurons that share one read it from a local computed once.
        var capacitances = System.Text.RegularExpressions.Regex.Matches(shipped, @"\(\((\d+)L \* k10\) >> (\d+)\)");
        Assert.Equal(ShippedModel.Create().Cm.Distinct().Count(), capacitances.Count);
        Assert.True(capacitances.Count < ShippedModel.Create().NeuronCount, "the shipped model's neurons share a cm");
        Assert.All(capacitances, m => Assert.True(long.Parse(m.Groups[1].Value) > uint.MaxValue, m.Value));
        // Each is the model's cm shifted as far as the shift after it: the same integer as cm K >> 18.
        LtcParameters p = ShippedModel.Create();
        Assert.All(capacitances, m =>
        {
            long literal = long.Parse(m.Groups[1].Value);
            int k = int.Parse(m.Groups[2].Value) - 18;
            Assert.Contains(literal >> k, p.Cm.Select(c => (long)c));
            Assert.Equal(0, literal & ((1L << k) - 1));
        });
    }

    [Fact]
    public void The_shipped_step_writes_weights_reversal_potentials_and_most_internal_arguments_as_literals_beyond_32_bits()
    {
        // A long literal within 32 bits is ldc.i4 + conv.i8 on the interpreter (112 host instructions), one beyond
        // it ldc.i8 (62): the shifted forms load each weight, and each sigma that allows it, with one opcode.
        LtcParameters p = ShippedModel.Create();
        string whole = LtcStepGenerator.ToCSharp(p, "ShippedModel", "ShippedCheckStep");
        string shipped = ArgumentBody(whole);
        long[] weights = System.Text.RegularExpressions.Regex.Matches(shipped, @"ws = \((-?\d+)L \*").Select(m => long.Parse(m.Groups[1].Value)).ToArray();
        int synapses = p.SensorySynapseCount + p.SynapseCount;
        Assert.Equal(20, synapses);
        Assert.Equal(synapses, weights.Length);
        // The attitude form's body has the same synapses, in the same order.
        string attitude = whole[shipped.Length..];
        Assert.Equal(weights, System.Text.RegularExpressions.Regex.Matches(attitude, @"ws = \((-?\d+)L \*").Select(m => long.Parse(m.Groups[1].Value)));
        // One shift for all (they share the rounding half): 2^15, the first that takes the smallest weight, 139181
        // (2.12 in Q16), past 32 bits (4.56e9); the largest, 529955, is only 3.8 times it, so every weight gets there.
        Assert.Equal(139181, p.SensoryW.Concat(p.SynapseW).Min());
        Assert.All(weights, w => Assert.True(Math.Abs(w) > uint.MaxValue, $"{w}"));
        Assert.Contains(139181L << 15, weights);
        long[] internalSigmas = System.Text.RegularExpressions.Regex.Matches(shipped, @"t = \((-?\d+)L \* v\d").Select(m => long.Parse(m.Groups[1].Value)).ToArray();
        Assert.Equal(p.SynapseCount, internalSigmas.Length);
        Assert.All(internalSigmas, sigma => Assert.True(Math.Abs(sigma) > uint.MaxValue, string.Join(", ", internalSigmas)));

        // Each neuron's g sum is kept shifted (g >> k in its update), so every reversal potential is past 32 bits too.
        long[] erevs = System.Text.RegularExpressions.Regex.Matches(shipped, @"g \+?= ws \* (-?\d+)L").Select(m => long.Parse(m.Groups[1].Value)).ToArray();
        Assert.Equal(synapses, erevs.Length);
        Assert.All(erevs, e => Assert.True(Math.Abs(e) > uint.MaxValue, $"{e}"));
        Assert.Equal(9, System.Text.RegularExpressions.Regex.Matches(shipped, @"\(\(g >> \d+\) - ").Count);
    }

    [Fact]
    public void A_synapse_loses_its_range_test_only_where_its_source_hull_keeps_the_argument_inside_the_table()
    {
        // The shipped model's internal synapses read states inside their hulls: where sigma (v - mu) stays within the
        // table's +-16 over the whole hull (worked out here in doubles from the parameters), the test goes; its sensory
        // synapses read mapped inputs that an int input drives far past the table, so each keeps its test. Per body.
        LtcParameters shippedParameters = ShippedModel.Create();
        var hulls = new LtcNetwork(shippedParameters);
        int across = 0;
        for (int k = 0; k < shippedParameters.SynapseCount; k++)
        {
            int source = shippedParameters.SynapseSource[k];
            double sigma = shippedParameters.SynapseSigma[k] / 65536.0, mu = shippedParameters.SynapseMu[k] / 65536.0;
            double a = sigma * ((hulls.GetStateLowerBound(source) / 65536.0) - mu);
            double b = sigma * ((hulls.GetStateUpperBound(source) / 65536.0) - mu);
            // None reaches the table's top end (the count below assumes none is above or below it throughout).
            Assert.True(Math.Max(a, b) < 15.99, $"synapse {k} reaches the table's top: {a:F2} to {b:F2}");
            across += Math.Min(a, b) > -15.99 ? 0 : 1;
        }

        Assert.Equal(1, across);
        string shipped = LtcStepGenerator.ToCSharp(shippedParameters, "ShippedModel", "ShippedCheckStep");
        Assert.Equal(2 * (shippedParameters.SensorySynapseCount + across), Count(shipped, "if ((ulong)t < (ulong)Sigmoid.LookupSpan)"));
        Assert.Equal(2 * (shippedParameters.SensorySynapseCount + shippedParameters.SynapseCount), Count(shipped, "e = lookup["));

        // Every internal synapse of the default wiring set to one reach at a time (sigma and mu only: the hulls stay),
        // with one and two unfolds (summed per neuron and in running sums): each steps as LtcNetwork does, and the text
        // has what the reach leaves.
        var models = new List<(string Name, LtcParameters P)>();
        foreach (int unfolds in new[] { 1, 2 })
        {
            foreach (string reach in new[] { "Inside", "Above", "Below", "Across" })
            {
                models.Add(($"Reach{reach}U{unfolds}", WithReach(LtcModelConverter.ToParameters(LtcTestModels.Default(unfolds)), reach)));
            }
        }

        Assembly compiled = Compile(models);
        for (int m = 0; m < models.Count; m++)
        {
            (string name, LtcParameters p) = models[m];
            var generated = (LtcStep)Activator.CreateInstance(compiled.GetType($"LiquidFlight.Core.Ltc.{name}Step", throwOnError: true)!)!;
            Compare(generated, new LtcNetwork(p), seed: 300 + m, steps: 3_000, name);

            string text = LtcStepGenerator.ToCSharp(p, name + "Model", name + "CheckStep");
            int bodies = p.InputCount == LtcStep.ArgumentInputs ? 2 : 1;
            int sensory = p.SensoryW.Where((w, k) => w != 0 && p.SensorySigma[k] != 0).Count();
            // The internal synapses are written once per unfold.
            int internalLookUps = name.Contains("Above") || name.Contains("Below") ? 0 : p.SynapseCount * p.Unfolds;
            int internalTests = name.Contains("Across") ? p.SynapseCount * p.Unfolds : 0;
            Assert.True(bodies * (sensory + internalLookUps) == Count(text, "e = lookup["), $"{name}: look-ups");
            Assert.True(bodies * (sensory + internalTests) == Count(text, "if ((ulong)t < (ulong)Sigmoid.LookupSpan)"), $"{name}: range tests");
        }
    }

    // Sets every internal synapse's sigma and mu so that its argument over its source's hull lies inside the table
    // (|arg| <= 1/8 of the hull's width), above it (at least 20 for the whole hull), below it, or across its upper end.
    private static LtcParameters WithReach(LtcParameters p, string reach)
    {
        var generic = new LtcNetwork(p);
        for (int k = 0; k < p.SynapseCount; k++)
        {
            int source = p.SynapseSource[k];
            int lower = generic.GetStateLowerBound(source);
            int upper = generic.GetStateUpperBound(source);
            int middle = (int)(((long)lower + upper) / 2);
            (p.SynapseSigma[k], p.SynapseMu[k]) = reach switch
            {
                "Inside" => (1 << 14, middle),
                "Above" => (1 << 16, lower - (20 << 16)),
                "Below" => (1 << 16, upper + (20 << 16)),
                // 64 / width: the argument runs from -32 to 32 over the hull, and the table ends at 16.
                _ => ((int)((64L << 32) / Math.Max(1L, (long)upper - lower)), middle),
            };
        }

        Assert.Null(p.Validate());
        return p;
    }

    private static int Count(string text, string part)
    {
        int count = 0;
        for (int at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    [Fact]
    public void Generated_steps_reproduce_the_golden_vectors()
    {
        GoldenVectorSet set = GoldenVectorTests.Load();
        var models = set.Models.Select((m, i) => ($"Golden{i}", m.Parameters)).ToList();
        Assembly compiled = Compile(models);
        int checkedSteps = GoldenVectorTests.ReplayBitExactly(set, (index, _) =>
            (LtcStep)Activator.CreateInstance(compiled.GetType($"LiquidFlight.Core.Ltc.Golden{index}Step", throwOnError: true)!)!);
        Assert.True(checkedSteps > 0);
        output.WriteLine($"{checkedSteps} golden steps reproduced bit-exactly by generated steps");
    }

    [Fact]
    public void Generated_attitude_step_is_the_controllers_input_map_step_and_clamp_bit_for_bit()
    {
        // StepAttitude writes LtcController's input errors, the step and the clamp to [-1, 1] into one body; the twin
        // is the plain composition (FormInputs, the generic network's array form, ToCommand). The shipped model as it
        // is (its output maps fit an int), with the output map widened 5 times (the clamps act) and 200,000 times
        // (the maps no longer fit an int: the long clamp), and the committed ShippedModelStep.
        var models = new List<(string Name, LtcParameters P)> { ("Plain", ShippedModel.Create()) };
        foreach (int widen in new[] { 5, 200_000 })
        {
            LtcParameters wide = ShippedModel.Create();
            for (int k = 0; k < wide.OutputScale.Length; k++)
            {
                wide.OutputScale[k] = (int)Math.Clamp((long)wide.OutputScale[k] * widen, int.MinValue + 1, int.MaxValue);
            }

            Assert.Null(wide.Validate());
            models.Add(($"Wide{widen}", wide));
        }

        // The roll error's map moved up so that it passes int.MaxValue at the top of the int range but not int.MinValue at
        // the bottom: the error's saturation to an int then acts on errors below int.MinValue and must stay.
        LtcParameters lifted = ShippedModel.Create();
        lifted.InputOffset[0] = 700_000_000;
        Assert.Null(lifted.Validate());
        models.Add(("Lifted", lifted));
        Assert.Contains("if ((ulong)(x0 + 2147483648L) > 4294967295UL)", AttitudeErrorLines(ModelExporter.Classes(lifted, "Lifted", "test"), 0));

        Assert.Contains("y = ", ModelExporter.Classes(models[2].P, "Wide", "test"));
        Assembly compiled = Compile(models);
        var steps = models.Select(m => (m.Name, m.P, (LtcStep)Activator.CreateInstance(
            compiled.GetType($"LiquidFlight.Core.Ltc.{m.Name}Step", throwOnError: true)!)!)).ToList();
        steps.Add(("Committed", ShippedModel.Create(), new ShippedModelStep()));
        foreach (var (name, p, generated) in steps)
        {
            var generic = new LtcNetwork(p);
            var rng = new Random(name.Length * 31 + 7);
            var inputs = new int[LtcController.InputCount];
            var outputs = new int[LtcController.OutputCount];
            var expected = new AxisCommand();
            var command = new AxisCommand();
            int Value() => rng.Next(5) switch
            {
                0 => int.MinValue,
                1 => int.MaxValue,
                2 => rng.Next(int.MinValue, int.MaxValue),
                _ => rng.Next(-4 * 65_536, 4 * 65_536),
            };
            int clamped = 0;
            for (int k = 0; k < 5_000; k++)
            {
                var sp = new ControlSetpoint { RollRad = Value(), PitchRad = Value(), YawRateRadS = Value(), Throttle = Value() };
                var state = new VehicleState { Roll = Value(), Pitch = Value(), Yaw = Value(), RollRate = Value(), PitchRate = Value(), YawRate = Value() };
                long dt = rng.Next(5) == 0 ? rng.Next(-10, 10) : rng.Next(100, 20_000);
                if (rng.Next(300) == 0)
                {
                    generated.Reset();
                    generic.Reset();
                }

                generated.StepAttitude(sp, state, dt, command);
                LtcController.FormInputs(sp, state, inputs);
                generic.Step(inputs, dt, outputs);
                LtcController.ToCommand(outputs, expected);
                Assert.True((expected.Roll, expected.Pitch, expected.Yaw) == (command.Roll, command.Pitch, command.Yaw),
                    $"{name} step {k} (dt {dt}): ({command.Roll}, {command.Pitch}, {command.Yaw}) against ({expected.Roll}, {expected.Pitch}, {expected.Yaw})");
                for (int i = 0; i < generic.NeuronCount; i++)
                {
                    Assert.True(generated.GetState(i) == generic.GetState(i), $"{name} step {k} neuron {i}");
                }

                clamped += (Math.Abs(command.Roll) == 65_536 ? 1 : 0) + (Math.Abs(command.Pitch) == 65_536 ? 1 : 0)
                    + (Math.Abs(command.Yaw) == 65_536 ? 1 : 0);
            }

            // The map widened 5 times drives the outputs into the clamps often, but not always.
            output.WriteLine($"{name}: {clamped} clamped outputs of {3 * 5_000}");
            if (name == "Wide5")
            {
                Assert.InRange(clamped, 1, (3 * 5_000) - 1);
            }
            else if (name == "Wide200000")
            {
                Assert.True(clamped > 0);
            }
        }
    }

    [Fact]
    public void The_attitude_step_saturates_an_error_to_an_int_only_where_its_input_map_does_not_make_that_idle()
    {
        // The shipped roll and pitch error maps (gains 1.3 and 3.0) are clamped to an int and take both ends of the int
        // range past its limits, so an error beyond an int lands on the same limit with or without LtcController's
        // saturation, which the generator leaves out; the yaw-rate error's map (gain 0.28) stays inside an int, so its
        // saturation stays. The bit-for-bit test above flies the committed step with errors up to 2^32 in size.
        string generated = ModelExporter.Classes(ShippedModel.Create(), "Shipped", "test");
        bool[] saturated = Enumerable.Range(0, 3)
            .Select(j => AttitudeErrorLines(generated, j).Contains($"if ((ulong)(x{j} + 2147483648L) > 4294967295UL)")).ToArray();
        Assert.Equal([false, false, true], saturated);
    }

    // StepAttitude's lines from error j's difference up to the line that maps it.
    private static string AttitudeErrorLines(string generated, int j)
    {
        string body = generated[generated.IndexOf("public override void StepAttitude(", StringComparison.Ordinal)..];
        int start = body.IndexOf($"long x{j} = (long)setpoint.", StringComparison.Ordinal);
        int end = body.IndexOf($"x{j} = (x{j} * ", start, StringComparison.Ordinal);
        Assert.True(start > 0 && end > start, $"error {j} not found in StepAttitude");
        return body[start..end];
    }

    // The generated class up to StepAttitude: its argument form of Step, with the array form before it.
    private static string ArgumentBody(string generated)
    {
        int attitude = generated.IndexOf("public override void StepAttitude(", StringComparison.Ordinal);
        Assert.True(attitude > 0, "no StepAttitude in the generated step");
        return generated[..attitude];
    }

    // Steps both over the same seeded irregular sequence (dt from 0 and negative to beyond the 1 s cap, inputs from
    // quiet to full-scale, a reset now and then) and demands equal results, states and outputs at every step.
    private static int Compare(LtcStep generated, LtcNetwork generic, int seed, int steps, string name = "shipped")
    {
        var rng = new Random(seed);
        long[] intervals = [-5, 0, 1, 7, 125, 500, 1_000, 2_000, 2_500, 4_000, 20_000, 1_000_000, 3_000_000];
        int n = generic.NeuronCount;
        var inputs = new int[generic.InputCount];
        var outA = new int[generic.MotorCount];
        var outB = new int[generic.MotorCount];
        for (int s = 0; s < steps; s++)
        {
            long dt = rng.Next(4) == 0 ? intervals[rng.Next(intervals.Length)] : rng.Next(100, 20_000);
            int scale = rng.Next(4);
            for (int j = 0; j < inputs.Length; j++)
            {
                inputs[j] = scale switch
                {
                    0 => rng.Next(-65_536, 65_537),
                    1 => rng.Next(-20 * 65_536, 20 * 65_537),
                    2 => rng.Next(int.MinValue, int.MaxValue),
                    _ => rng.Next(2) == 0 ? int.MinValue : int.MaxValue,
                };
            }

            if (rng.Next(500) == 0)
            {
                generated.Reset();
                generic.Reset();
            }

            // Both entry points of each: the array form, its missing-array case, and the argument form of a
            // six-input model (the generated step's body; LtcNetwork's is the base class's copy into an array).
            int entry = rng.Next(10);
            bool a, b;
            if (entry == 0)
            {
                a = generated.Step(null, dt, outA);
                b = generic.Step(null, dt, outB);
            }
            else if (entry < 6 && inputs.Length == LtcStep.ArgumentInputs)
            {
                a = generated.Step(inputs[0], inputs[1], inputs[2], inputs[3], inputs[4], inputs[5], dt, outA);
                b = rng.Next(2) == 0
                    ? generic.Step(inputs[0], inputs[1], inputs[2], inputs[3], inputs[4], inputs[5], dt, outB)
                    : generic.Step(inputs, dt, outB);
            }
            else
            {
                a = generated.Step(inputs, dt, outA);
                b = generic.Step(inputs, dt, outB);
            }

            Assert.True(a == b, $"{name} step {s}: advanced {a} vs {b}");
            Assert.True(outA.SequenceEqual(outB), $"{name} step {s} (dt {dt}): generated [{string.Join(' ', outA)}], LtcNetwork [{string.Join(' ', outB)}]");
            for (int i = 0; i < n; i++)
            {
                Assert.True(generated.GetState(i) == generic.GetState(i), $"{name} step {s} neuron {i}: generated {generated.GetState(i)}, LtcNetwork {generic.GetState(i)}");
            }
        }

        return steps;
    }

    // The default wiring with the parameters the generator treats specially: zero w (synapse left out), zero sigma
    // (constant activation), zero erev (no G term), and a neuron with cm = 0 and gleak = 0 (den > 0 test kept).
    private static LtcParameters Edges(int solver)
    {
        LtcParameters p = LtcModelConverter.ToParameters(LtcTestModels.Default(2));
        p.Solver = solver;
        p.SensoryW[0] = 0;
        p.SensorySigma[1] = 0;
        p.SensoryErev[2] = 0;
        p.SynapseW[0] = 0;
        p.SynapseSigma[1] = 0;
        p.SynapseErev[2] = 0;
        int last = p.NeuronCount - 1;
        p.Cm[last] = 0;
        p.Gleak[last] = 0;
        p.Cm[0] = 0;
        Assert.Null(p.Validate());
        return p;
    }

    // All models' exports in one assembly (named as Core's InternalsVisibleTo allows: the step reads Sigmoid's
    // table), compiled as the firmware compiles Core: C# 7.3, optimised.
    private static Assembly Compile(IEnumerable<(string Name, LtcParameters P)> models)
    {
        var parse = new CSharpParseOptions(LanguageVersion.CSharp7_3);
        var trees = models.Select(m => CSharpSyntaxTree.ParseText(ModelExporter.Classes(m.P, m.Name, "test"), parse)).ToList();
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(f => Path.GetFileName(f) is var n && (n.StartsWith("System.", StringComparison.Ordinal) || n is "mscorlib.dll" or "netstandard.dll"))
            .Select(f => (MetadataReference)MetadataReference.CreateFromFile(f))
            .Append(MetadataReference.CreateFromFile(typeof(LtcStep).Assembly.Location));
        var compilation = CSharpCompilation.Create(CheckAssemblyName, trees, references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release));
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        Assert.True(result.Success, "generated steps do not compile: " + string.Join("; ", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(5)));
        stream.Position = 0;
        return new AssemblyLoadContext(null, isCollectible: true).LoadFromStream(stream);
    }
}
