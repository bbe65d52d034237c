using LiquidFlight.Core.Ltc;

namespace LiquidFlight.Model.Tests;

public sealed class NcpWiringTests
{
    private static NcpOptions Options(int seed) => UntrainedModel.DefaultWiring(seed);

    [Fact]
    public void Same_seed_same_wiring_different_seed_different_wiring()
    {
        NcpWiringResult a = NcpWiring.Generate(Options(5));
        NcpWiringResult b = NcpWiring.Generate(Options(5));
        NcpWiringResult c = NcpWiring.Generate(Options(6));
        Assert.Equal(a.Sensory, b.Sensory);
        Assert.Equal(a.Synapses, b.Synapses);
        Assert.NotEqual(a.Synapses.Concat(a.Sensory), c.Synapses.Concat(c.Sensory));
    }

    [Theory]
    [InlineData(int.MaxValue, 4)]
    [InlineData(int.MaxValue, int.MaxValue)] // the int sum wraps to 1 (2^32 + 1 - 2^32); it must not pass as 1 neuron
    [InlineData(5, int.MaxValue - 7)]
    public void Layer_sizes_whose_sum_overflows_an_int_are_refused_by_name(int inter, int command)
    {
        NcpOptions o = Options(1) with { InterNeurons = inter, CommandNeurons = command };
        var e = Assert.Throws<ArgumentException>(() => NcpWiring.Generate(o));
        Assert.Contains("neurons in total", e.Message);
        Assert.Contains(((long)inter + command + o.MotorNeurons).ToString(System.Globalization.CultureInfo.InvariantCulture), e.Message);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(17)]
    public void Layers_follow_the_ncp_structure(int seed)
    {
        NcpOptions o = Options(seed);
        NcpWiringResult w = NcpWiring.Generate(o);
        int[] roles = w.Roles;
        Assert.Equal(o.NeuronCount, roles.Length);
        Assert.All(Enumerable.Range(0, o.MotorNeurons), i => Assert.Equal(NeuronRole.Motor, roles[i]));
        Assert.All(Enumerable.Range(o.MotorNeurons, o.CommandNeurons), i => Assert.Equal(NeuronRole.Command, roles[i]));
        Assert.All(Enumerable.Range(o.MotorNeurons + o.CommandNeurons, o.InterNeurons), i => Assert.Equal(NeuronRole.Inter, roles[i]));

        // Sensory synapses end on inter neurons only; every input reaches SensoryFanout of them, every inter neuron hears an input.
        Assert.All(w.Sensory, s => Assert.Equal(NeuronRole.Inter, roles[s.Target]));
        Assert.All(Enumerable.Range(0, o.Inputs), j => Assert.True(w.Sensory.Count(s => s.Source == j) >= o.SensoryFanout));
        Assert.All(Enumerable.Range(0, roles.Length).Where(i => roles[i] == NeuronRole.Inter), i => Assert.Contains(w.Sensory, s => s.Target == i));

        // Internal synapses: inter -> command, command -> command, command -> motor, nothing else.
        foreach (WiredSynapse s in w.Synapses)
        {
            (int from, int to) = (roles[s.Source], roles[s.Target]);
            Assert.True(
                (from == NeuronRole.Inter && to == NeuronRole.Command) || (from == NeuronRole.Command && to is NeuronRole.Command or NeuronRole.Motor),
                $"{NeuronRole.Name(from)} {s.Source} -> {NeuronRole.Name(to)} {s.Target} is not an NCP synapse");
        }

        // Every command neuron hears an inter neuron and drives a motor neuron; every motor neuron hears MotorFanin commands.
        foreach (int i in Enumerable.Range(0, roles.Length).Where(i => roles[i] == NeuronRole.Command))
        {
            Assert.Contains(w.Synapses, s => s.Target == i && roles[s.Source] == NeuronRole.Inter);
            Assert.Contains(w.Synapses, s => s.Source == i && roles[s.Target] == NeuronRole.Motor);
        }

        Assert.All(Enumerable.Range(0, o.MotorNeurons), i => Assert.True(w.Synapses.Count(s => s.Target == i) >= o.MotorFanin));

        // Sparse and unique, with both polarities.
        Assert.Equal(w.Synapses.Count, w.Synapses.Select(s => (s.Source, s.Target)).Distinct().Count());
        Assert.Equal(w.Sensory.Count, w.Sensory.Select(s => (s.Source, s.Target)).Distinct().Count());
        Assert.Contains(w.Synapses.Concat(w.Sensory), s => s.Polarity == 1);
        Assert.Contains(w.Synapses.Concat(w.Sensory), s => s.Polarity == -1);
    }

    [Fact]
    public void Twenty_neurons_are_refused()
    {
        NcpOptions o = Options(1) with { InterNeurons = 13 }; // 13 + 4 + 3 = 20
        ArgumentException e = Assert.Throws<ArgumentException>(() => NcpWiring.Generate(o));
        Assert.Contains("neurons in total = 20", e.Message);
    }

    [Fact]
    public void Default_untrained_model_is_valid_small_and_inside_the_board_budget()
    {
        LtcModel m = UntrainedModel.CreateDefault();
        Assert.Empty(m.Validate());
        Assert.Equal(13, m.NeuronCount);
        Assert.True(m.SynapseCount * m.Unfolds <= 100, $"{m.SynapseCount} synapses x {m.Unfolds} unfolds");
        Assert.All(m.Cm, cm => Assert.InRange(cm, 0.02, 0.06));
        Assert.All(m.Synapses.Erev.Concat(m.Sensory.Erev), e => Assert.True(e is 1 or -1));
    }
}
