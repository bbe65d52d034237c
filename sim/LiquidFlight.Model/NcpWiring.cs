using LiquidFlight.Core.Ltc;

namespace LiquidFlight.Model;

/// <summary>Sizes of a Neural Circuit Policy wiring (Lechner et al. 2020) and the seed that draws it.</summary>
public sealed record NcpOptions(
    int Inputs,
    int InterNeurons,
    int CommandNeurons,
    int MotorNeurons,
    int SensoryFanout,
    int InterFanout,
    int RecurrentCommandSynapses,
    int MotorFanin,
    int Seed)
{
    /// <summary>In 64 bits, so huge layer sizes cannot wrap to a small, accepted total.</summary>
    public long NeuronCount => (long)InterNeurons + CommandNeurons + MotorNeurons;
}

/// <summary>One wired synapse; polarity +1 (excitatory, erev = +1) or -1 (inhibitory, erev = -1).</summary>
public readonly record struct WiredSynapse(int Source, int Target, int Polarity);

/// <summary>A drawn NCP wiring: roles per neuron (motor, command, inter order) and the sparse synapse lists.</summary>
public sealed record NcpWiringResult(int[] Roles, IReadOnlyList<WiredSynapse> Sensory, IReadOnlyList<WiredSynapse> Synapses);

/// <summary>
/// Draws the NCP layers: every input reaches SensoryFanout inter neurons, every inter neuron SensoryFanout command
/// neurons (InterFanout), RecurrentCommandSynapses random command-to-command synapses, and every motor neuron
/// listens to MotorFanin command neurons. Neurons left without input (or command neurons without a motor) get
/// the layer's mean fan-in (fan-out), so no neuron is dead. Polarity is random. Deterministic in the seed
/// (System.Random), and each (source, target) pair is wired at most once.
/// </summary>
public static class NcpWiring
{
    public static NcpWiringResult Generate(NcpOptions o)
    {
        Require(o.Inputs >= 1, "inputs", o.Inputs, "at least 1");
        Require(o.InterNeurons >= 1, "inter neurons", o.InterNeurons, "at least 1");
        Require(o.CommandNeurons >= 1, "command neurons", o.CommandNeurons, "at least 1");
        Require(o.MotorNeurons >= 1, "motor neurons", o.MotorNeurons, "at least 1");
        Require(o.NeuronCount <= LtcParameters.MaxNeurons, "neurons in total", o.NeuronCount, $"at most {LtcParameters.MaxNeurons} (fewer than 20)");
        Require(o.SensoryFanout >= 1 && o.SensoryFanout <= o.InterNeurons, "sensory fanout", o.SensoryFanout, $"1 to {o.InterNeurons} (the inter neurons)");
        Require(o.InterFanout >= 1 && o.InterFanout <= o.CommandNeurons, "inter fanout", o.InterFanout, $"1 to {o.CommandNeurons} (the command neurons)");
        Require(o.MotorFanin >= 1 && o.MotorFanin <= o.CommandNeurons, "motor fanin", o.MotorFanin, $"1 to {o.CommandNeurons} (the command neurons)");
        Require(o.RecurrentCommandSynapses >= 0, "recurrent command synapses", o.RecurrentCommandSynapses, "0 or more");

        var rng = new Random(o.Seed);
        int[] motor = Range(0, o.MotorNeurons);
        int[] command = Range(o.MotorNeurons, o.CommandNeurons);
        int[] inter = Range(o.MotorNeurons + o.CommandNeurons, o.InterNeurons);
        int[] inputs = Range(0, o.Inputs);

        var roles = new int[(int)o.NeuronCount];
        foreach (int i in command)
        {
            roles[i] = NeuronRole.Command;
        }

        foreach (int i in inter)
        {
            roles[i] = NeuronRole.Inter;
        }

        var sensory = new Layer(rng);
        var synapses = new Layer(rng);

        ConnectFanout(sensory, inputs, inter, o.SensoryFanout);
        ConnectFanout(synapses, inter, command, o.InterFanout);

        for (int i = 0; i < o.RecurrentCommandSynapses; i++)
        {
            synapses.Add(command[rng.Next(command.Length)], command[rng.Next(command.Length)]);
        }

        // Motor layer: draw each motor's command inputs, then give unused command neurons a motor to drive.
        var unusedCommands = new HashSet<int>(command);
        foreach (int dest in motor)
        {
            foreach (int src in Choose(rng, command, o.MotorFanin))
            {
                unusedCommands.Remove(src);
                synapses.Add(src, dest);
            }
        }

        int meanCommandFanout = Math.Clamp(o.MotorNeurons * o.MotorFanin / o.CommandNeurons, 1, o.MotorNeurons);
        foreach (int src in command.Where(unusedCommands.Contains))
        {
            foreach (int dest in Choose(rng, motor, meanCommandFanout))
            {
                synapses.Add(src, dest);
            }
        }

        return new NcpWiringResult(roles, sensory.Synapses, synapses.Synapses);
    }

    /// <summary>Each source reaches `fanout` distinct targets; targets left unreached get the mean fan-in from random sources.</summary>
    private static void ConnectFanout(Layer layer, int[] sources, int[] targets, int fanout)
    {
        var unreached = new HashSet<int>(targets);
        foreach (int src in sources)
        {
            foreach (int dest in Choose(layer.Rng, targets, fanout))
            {
                unreached.Remove(dest);
                layer.Add(src, dest);
            }
        }

        int meanFanin = Math.Clamp(sources.Length * fanout / targets.Length, 1, sources.Length);
        foreach (int dest in targets.Where(unreached.Contains))
        {
            foreach (int src in Choose(layer.Rng, sources, meanFanin))
            {
                layer.Add(src, dest);
            }
        }
    }

    /// <summary>`count` distinct elements in random order (partial Fisher-Yates on a copy).</summary>
    private static int[] Choose(Random rng, int[] from, int count)
    {
        int[] pool = (int[])from.Clone();
        for (int i = 0; i < count; i++)
        {
            int j = i + rng.Next(pool.Length - i);
            (pool[i], pool[j]) = (pool[j], pool[i]);
        }

        return pool[..count];
    }

    private static int[] Range(int start, int count) => Enumerable.Range(start, count).ToArray();

    private static void Require(bool ok, string what, long value, string allowed)
    {
        if (!ok)
        {
            throw new ArgumentException($"NCP wiring: {what} = {value}: allowed {allowed}");
        }
    }

    private sealed class Layer(Random rng)
    {
        private readonly HashSet<(int, int)> wired = [];

        public Random Rng { get; } = rng;

        public List<WiredSynapse> Synapses { get; } = [];

        public void Add(int source, int target)
        {
            // Draw the polarity even for a duplicate so the random stream does not depend on which pairs collide.
            int polarity = Rng.Next(2) == 0 ? -1 : 1;
            if (wired.Add((source, target)))
            {
                Synapses.Add(new WiredSynapse(source, target, polarity));
            }
        }
    }
}
