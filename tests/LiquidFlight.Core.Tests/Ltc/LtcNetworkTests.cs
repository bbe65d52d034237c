using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using LiquidFlight.Core.Ltc;
using LiquidFlight.Model;

namespace LiquidFlight.Core.Tests.Ltc;

public sealed class LtcNetworkTests
{
    private const int One = 65536;

    /// <summary>1.0 in cm's Q8.24 (LtcParameters.CapacitanceFractionBits).</summary>
    private const int CmOne = 1 << 24;

    /// <summary>
    /// One input, one motor neuron, one sensory synapse whose sigmoid is saturated to exactly 1 (argument beyond
    /// the table's ±16), so every number below can be worked out by hand.
    /// cm = 1, gleak = 1, vleak = 0, w = 1, erev = 1: v' = (cm_t v + 0 + 1) / (cm_t + 1 + 1).
    /// </summary>
    private static LtcParameters SingleNeuron(int unfolds = 1, int vleak = 0) => new()
    {
        InputCount = 1,
        NeuronCount = 1,
        MotorCount = 1,
        Unfolds = unfolds,
        Cm = [CmOne],
        Gleak = [One],
        Vleak = [vleak],
        Role = [NeuronRole.Motor],
        SensorySource = [0],
        SensoryTarget = [0],
        SensoryW = [One],
        SensorySigma = [100 * One],
        SensoryMu = [0],
        SensoryErev = [One],
        SynapseSource = [],
        SynapseTarget = [],
        SynapseW = [],
        SynapseSigma = [],
        SynapseMu = [],
        SynapseErev = [],
        InputScale = [One],
        InputOffset = [0],
        OutputScale = [2 * One],
        OutputOffset = [-One / 4],
    };

    [Fact]
    public void One_second_steps_of_a_single_neuron_match_the_hand_derived_ratio()
    {
        var net = new LtcNetwork(SingleNeuron());
        var outputs = new int[1];

        // cm_t = 1 * 1 / 1 s = 1. From v = 0: v = 1/3, then (1/3 + 1) / 3 = 4/9, towards the fixed point 1/2.
        Assert.True(net.Step([One], 1_000_000, outputs));
        Assert.Equal(21845, net.GetState(0));                 // 65536 / 3 = 21845.33
        Assert.InRange(outputs[0], 27306, 27307);             // 2/3 - 1/4 = 0.41667 -> 27306.67
        Assert.True(net.Step([One], 1_000_000, outputs));
        Assert.Equal(29127, net.GetState(0));                 // 65536 * 4 / 9 = 29127.1

        for (int i = 0; i < 40; i++)
        {
            net.Step([One], 1_000_000, outputs);
        }

        Assert.InRange(net.GetState(0), One / 2 - 1, One / 2);
    }

    [Fact]
    public void Unfolds_split_the_interval_into_sub_steps()
    {
        var net = new LtcNetwork(SingleNeuron(unfolds: 2));

        // dt = 0.5 s, 2 unfolds: cm_t = 1 * 2 / 0.5 = 4. v = (0 + 1) / 6 = 1/6, then (4/6 + 1) / 6 = 10/36.
        net.Step([One], 500_000, new int[1]);
        Assert.Equal(18204, net.GetState(0));                 // 65536 * 10 / 36 = 18204.4
    }

    [Fact]
    public void Time_constant_is_cm_over_total_conductance()
    {
        var net = new LtcNetwork(SingleNeuron());
        Assert.Equal(One, net.GetTimeConstantQ16(0));         // at rest: cm / gleak = 1 s
        net.Step([One], 1_000, new int[1]);
        Assert.Equal(One / 2, net.GetTimeConstantQ16(0));     // gleak + w s = 2: 0.5 s
        net.Step([-One], 1_000, new int[1]);                  // sigmoid saturated to 0: back to cm / gleak
        Assert.Equal(One, net.GetTimeConstantQ16(0));
    }

    [Fact]
    public void Tiny_intervals_still_move_the_state()
    {
        // cm_t = 1e6 at dt = 1 µs: each step moves v by about 1e-6, far below one Q16 LSB (1.5e-5). The solver's
        // 32-fraction-bit state must accumulate them: 100 000 steps of 1 µs = 0.1 s, the same as one 0.1 s step
        // up to the (tiny) discretisation difference: 1 - e^{-0.2} of the way to 1/2 = 0.0906, vs 0.0833 in one step.
        var fine = new LtcNetwork(SingleNeuron());
        var outputs = new int[1];
        for (int i = 0; i < 100_000; i++)
        {
            fine.Step([One], 1, outputs);
        }

        double exact = 0.5 * (1 - Math.Exp(-0.2));
        Assert.InRange(fine.GetState(0) / (double)One, exact - 2e-4, exact + 2e-4);
    }

    [Fact]
    public void Zero_or_negative_dt_holds_the_state_and_still_writes_outputs()
    {
        var net = new LtcNetwork(SingleNeuron());
        var outputs = new int[] { 12345 };
        Assert.False(net.Step([One], 0, outputs));
        Assert.Equal(0, net.GetState(0));
        Assert.Equal(-One / 4, outputs[0]);                  // 2 * 0 - 0.25
        Assert.False(net.Step([One], -5_000, outputs));
        Assert.Equal(0, net.GetState(0));
    }

    [Fact]
    public void Intervals_beyond_one_second_integrate_as_one_second()
    {
        var capped = new LtcNetwork(SingleNeuron());
        var oneSecond = new LtcNetwork(SingleNeuron());
        capped.Step([One], 30_000_000, new int[1]);
        oneSecond.Step([One], 1_000_000, new int[1]);
        Assert.Equal(21845, capped.GetState(0));
        Assert.Equal(oneSecond.GetState(0), capped.GetState(0));
    }

    [Fact]
    public void Missing_or_short_arrays_hold_the_state_without_throwing()
    {
        var net = new LtcNetwork(SingleNeuron());
        Assert.False(net.Step(null!, 1_000, new int[1]));
        Assert.False(net.Step([], 1_000, new int[1]));
        Assert.True(net.Step([One], 1_000, null!));
        Assert.True(net.Step([One], 1_000, []));
        Assert.Equal(0, net.GetState(-1));
        Assert.Equal(0, net.GetState(1));
    }

    [Fact]
    public void Reset_returns_every_neuron_to_its_resting_potential()
    {
        LtcModel m = LtcTestModels.Default();
        LtcNetwork net = LtcTestModels.Fixed(m);
        var rng = new Random(5);
        var inputs = new int[m.InputCount];
        for (int s = 0; s < 200; s++)
        {
            for (int j = 0; j < inputs.Length; j++)
            {
                inputs[j] = rng.Next(-One, One);
            }

            net.Step(inputs, 4_000, new int[m.OutputCount]);
        }

        Assert.Contains(Enumerable.Range(0, m.NeuronCount), i => net.GetState(i) != Q16Convert.ToRaw(m.Vleak[i]));
        net.Reset();
        for (int i = 0; i < m.NeuronCount; i++)
        {
            Assert.Equal(Q16Convert.ToRaw(m.Vleak[i]), net.GetState(i));
            Assert.InRange(net.GetTimeConstantQ16(i), Q16Convert.ToRaw(m.Cm[i] / m.Gleak[i]) - 1, Q16Convert.ToRaw(m.Cm[i] / m.Gleak[i]) + 1);
        }
    }

    [Fact]
    public void All_neurons_of_an_unfold_read_the_previous_unfold_states()
    {
        // Neuron 1 (inter, vleak -0.5) is driven up by the input; neuron 0 (motor) listens to neuron 1 through a
        // synapse that is exactly off while neuron 1 is negative (sigma * v = -512 -> s = 0). In the first step
        // neuron 0 must see neuron 1's old, negative state and stay at rest, even though neuron 1 is already positive.
        LtcParameters p = new()
        {
            InputCount = 1, NeuronCount = 2, MotorCount = 1, Unfolds = 1,
            Cm = [CmOne / 100, CmOne / 100], Gleak = [One, One / 100], Vleak = [0, -One / 2], Role = [NeuronRole.Motor, NeuronRole.Inter],
            SensorySource = [0], SensoryTarget = [1], SensoryW = [10 * One], SensorySigma = [100 * One], SensoryMu = [0], SensoryErev = [One],
            SynapseSource = [1], SynapseTarget = [0], SynapseW = [One], SynapseSigma = [1024 * One], SynapseMu = [0], SynapseErev = [One],
            InputScale = [One], InputOffset = [0], OutputScale = [One], OutputOffset = [0],
        };
        var net = new LtcNetwork(p);
        net.Step([One], 10_000, new int[1]);
        Assert.True(net.GetState(1) > 0, "the input drives neuron 1 positive in one step");
        Assert.Equal(0, net.GetState(0));
        net.Step([One], 10_000, new int[1]);
        Assert.True(net.GetState(0) > One / 4, "one step later neuron 0 follows");
    }

    [Fact]
    public void Stepping_allocates_nothing()
    {
        LtcNetwork net = LtcTestModels.Fixed(LtcTestModels.Stiff());
        var inputs = new int[net.InputCount];
        var outputs = new int[net.MotorCount];
        var rng = new Random(11);
        var schedule = new long[10_000];
        var values = new int[10_000];
        for (int s = 0; s < schedule.Length; s++)
        {
            schedule[s] = rng.Next(-10, 2_000_000);
            values[s] = rng.Next(int.MinValue, int.MaxValue);
        }

        net.Step(inputs, 1_000, outputs); // JIT and static initialisers out of the measurement
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int s = 0; s < schedule.Length; s++)
        {
            inputs[s % inputs.Length] = values[s];
            net.Step(inputs, schedule[s], outputs);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
    }

    [Property(MaxTest = 150, Replay = "(20261128,1234567)")]
    public Property States_stay_inside_the_vleak_erev_hull_for_any_inputs_and_any_dt_from_1us_to_1s()
    {
        Gen<int> anyInt = Gen.OneOf(Gen.Choose(int.MinValue, int.MaxValue), Gen.Choose(-4 * One, 4 * One), Gen.Elements(int.MinValue, int.MaxValue, 0));
        Gen<int> dt = Gen.OneOf(Gen.Choose(1, 1_000_000), Gen.Choose(1, 100), Gen.Elements(1, 1_000_000));
        Gen<(int Dt, int[] Inputs)> step =
            from d in dt
            from x in Gen.ArrayOf(anyInt, 6)
            select (d, x);
        Gen<(bool Stiff, int Unfolds, (int Dt, int[] Inputs)[] Steps)> scenario =
            from stiff in Gen.Elements(false, true)
            from unfolds in Gen.Choose(1, 6)
            from steps in Gen.ArrayOf(step)
            select (stiff, unfolds, steps);

        return Prop.ForAll(scenario.ToArbitrary(), c =>
        {
            LtcModel m = c.Stiff ? LtcTestModels.Stiff() : LtcTestModels.Default();
            m.Unfolds = c.Unfolds;
            LtcNetwork net = LtcTestModels.Fixed(m);

            // The hull, derived from the model file's numbers, not from the network.
            var low = new int[m.NeuronCount];
            var high = new int[m.NeuronCount];
            for (int i = 0; i < m.NeuronCount; i++)
            {
                IEnumerable<double> erevs = m.Sensory.Erev.Where((_, k) => m.Sensory.Target[k] == i)
                    .Concat(m.Synapses.Erev.Where((_, k) => m.Synapses.Target[k] == i));
                low[i] = Q16Convert.ToRaw(erevs.Append(m.Vleak[i]).Min());
                high[i] = Q16Convert.ToRaw(erevs.Append(m.Vleak[i]).Max());
            }

            var outputs = new int[m.OutputCount];
            foreach ((int d, int[] x) in c.Steps)
            {
                net.Step(x, d, outputs);
                for (int i = 0; i < m.NeuronCount; i++)
                {
                    int v = net.GetState(i);
                    if (v < low[i] || v > high[i])
                    {
                        return false;
                    }
                }
            }

            return true;
        });
    }

    [Fact]
    public void Invalid_parameters_are_refused_with_the_field_named()
    {
        (Action<LtcParameters> Break, string Field)[] cases =
        [
            (p => p.NeuronCount = 20, "NeuronCount"),
            (p => p.Unfolds = 7, "Unfolds"),
            (p => p.Unfolds = 0, "Unfolds"),
            (p => p.SensoryW[0] = -1, "SensoryW[0]"),
            (p => p.Cm[0] = -1, "Cm[0]"),
            (p => p.Cm[0] = LtcParameters.CapacitanceLimitRaw + 1, "Cm[0]"),
            (p => p.Gleak = [], "Gleak"),
            (p => p.SensorySource[0] = 1, "SensorySource[0]"),
            (p => p.SensoryTarget[0] = 3, "SensoryTarget[0]"),
            (p => p.Role[0] = NeuronRole.Inter, "Role[0]"),
            (p => p.SensoryErev = null!, "SensoryErev"),
        ];
        foreach ((Action<LtcParameters> breakIt, string field) in cases)
        {
            LtcParameters p = SingleNeuron();
            breakIt(p);
            string? error = p.Validate();
            Assert.NotNull(error);
            Assert.StartsWith(field, error);
            ArgumentException e = Assert.Throws<ArgumentException>(() => new LtcNetwork(p));
            Assert.Contains(field, e.Message);
        }

        Assert.Null(SingleNeuron().Validate());
    }

    [Fact]
    public void Operation_count_matches_the_wiring()
    {
        LtcParameters p = SingleNeuron(unfolds: 3);
        LtcOperationCount c = LtcOperationCount.Of(p);

        // 1 sensory synapse once + 0 internal; divisions: K once + 2 per neuron per unfold.
        Assert.Equal(1, c.SynapseEvaluations);
        Assert.Equal(1, c.SigmoidLookups);
        Assert.Equal(1 + (3 * 1 * 2), c.Divisions);

        // input map 1 + synapse 4 + cm_t 1 + 3 unfolds x 3 + output map 1.
        Assert.Equal(1 + 4 + 1 + 9 + 1, c.Multiplies);
    }
}
