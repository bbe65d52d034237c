using LiquidFlight.Cli;
using LiquidFlight.Model;
using LiquidFlight.Training;
using LiquidFlight.Training.Simulation;

namespace LiquidFlight.Tools.Tests.Training;

/// <summary>End-to-end training on a tiny budget in the real simulator (one scenario, one frame, short flights).</summary>
public class TrainingRunTests
{
    private static readonly string[] Scenario = ["attitude-steps"];
    private static readonly string[] Frame = ["quad250-brushless"];

    private static TrainingOptions Tiny(int seed, int parallelism) => new()
    {
        Seed = seed,
        MaxParallelism = parallelism,
        WiringCandidates = 1,
        CloningEpisodes = 3,
        CloningIterations = 120,
        BatchSize = 8,
        DaggerRounds = 1,
        DaggerEpisodesPerRound = 1,
        DaggerIterationsPerRound = 20,
        EvolutionIterations = 1,
        EvolutionPairs = 2,
        EvolutionEpisodesPerIteration = 1,
        EvolutionEpisodeSeconds = 2,
        SelectionLoopHz = [500],
        SelectionEpisodeSeconds = 2,
        Domain = new DomainRanges { EpisodeSeconds = 4 },
        PruneTolerance = 0,
    };

    // Tiny with pruning: a generous bound (one selection flight is a noisy judge), two short fine-tunings.
    private static TrainingOptions TinyPruned(int seed, int parallelism) => Tiny(seed, parallelism) with
    {
        PruneTolerance = 0.5,
        PruneEvolutionIterations = 2,
        PruneRounds = 2,
    };

    private static (TrainingResult Result, TrainingLog Log) Train(TrainingOptions o)
    {
        var log = new TrainingLog(null);
        var sim = TrainCommands.CreateSimulator(Scenario, Frame);
        var result = new Trainer(o, sim, log).Run();
        return (result, log);
    }

    [Fact]
    public void TinyBudgetLowersTheImitationCostOfTheUntrainedNetwork()
    {
        var (result, log) = Train(Tiny(3, 2));
        var sim = TrainCommands.CreateSimulator(Scenario, Frame);
        LtcModel untrained = Trainer.InitialModel(Tiny(3, 2), Trainer.WiringSeed(3, 0));
        double before = ImitationLoss(untrained, sim);
        double after = ImitationLoss(result.Model, sim);
        Assert.True(after < 0.7 * before, $"imitation loss before {before:G4}, after {after:G4}");
        Assert.Contains(log.Entries, e => e.Phase == "cloning");
    }

    /// <summary>Mean squared difference to the PID's commands on a fresh teacher flight (not a training flight).</summary>
    private static double ImitationLoss(LtcModel model, ITrainingSimulator sim)
    {
        var spec = new EpisodeSpec(Scenario[0], Frame[0], 12345, 4, 500);
        var shadow = new ShadowTeacher(sim.CreateTeacher(Frame[0]), null, new NetworkInputMap());
        sim.Fly(spec, shadow);
        var rec = shadow.Recorder.Build("test");
        var reference = new ReferenceNetwork(model);
        var y = new double[3];
        double sum = 0;
        for (int t = 0; t < rec.Steps; t++)
        {
            reference.Step(rec.Inputs.AsSpan(t * 6, 6), rec.DtUs[t], y);
            for (int k = 0; k < 3; k++)
            {
                double e = y[k] - rec.Targets[(t * 3) + k];
                sum += e * e;
            }
        }

        return sum / rec.Steps;
    }

    [Fact]
    public void Pruning_removes_synapses_within_the_cost_bound_and_keeps_the_rest_of_the_wiring()
    {
        // The same run without pruning is the network the pruning starts from: its selection cost sets the bound.
        TrainingResult whole = Train(Tiny(11, 2)).Result;
        CheckpointScore wholeScore = whole.Scores.Single(x => x.Name == whole.Checkpoint);
        var (pruned, log) = Train(TinyPruned(11, 2));
        double bound = wholeScore.Cost * 1.5;

        Assert.True(pruned.Model.SynapseCount < whole.Model.SynapseCount, $"{pruned.Model.SynapseCount} synapses, unpruned {whole.Model.SynapseCount}");
        Assert.Empty(pruned.Model.Validate());
        // Every synapse left is one of the trained network's, input/neuron to neuron.
        var wiring = Pairs(whole.Model);
        Assert.All(Pairs(pruned.Model), pair => Assert.Contains(pair, wiring));
        // Each removal stayed within the bound without a crash, and so did the checkpoint the run ends with.
        var removals = log.Entries.Where(e => e.Phase == "prune").ToList();
        Assert.Equal(whole.Model.SynapseCount - pruned.Model.SynapseCount, removals.Count(e => e.Note!.StartsWith("removed", StringComparison.Ordinal)));
        Assert.All(removals, e => Assert.True(e.Cost <= bound, $"{e.Note}: cost {e.Cost}, bound {bound}"));
        CheckpointScore final = pruned.Scores.Single(x => x.Name == pruned.Checkpoint && x.Cost <= bound);
        Assert.Equal(0, final.Crashes);
        Assert.StartsWith("prune", pruned.Checkpoint, StringComparison.Ordinal);
        Assert.Contains($"pruned from {whole.Model.SynapseCount}", pruned.Model.Description, StringComparison.Ordinal);
        Assert.Contains("--prune-tolerance 0.5", pruned.Model.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void A_pruned_synapse_leaves_the_wiring_with_all_its_parameters()
    {
        LtcModel m = Trainer.InitialModel(Tiny(3, 2), Trainer.WiringSeed(3, 0));
        int sensory = m.Sensory.Count;
        LtcModel a = Trainer.WithoutSynapse(m, 1);
        Assert.Equal(sensory - 1, a.Sensory.Count);
        Assert.Equal(m.Sensory.W.Where((_, i) => i != 1), a.Sensory.W);
        Assert.Equal(m.Sensory.Erev.Where((_, i) => i != 1), a.Sensory.Erev);
        Assert.Equal(m.Synapses.W, a.Synapses.W);
        LtcModel b = Trainer.WithoutSynapse(m, sensory + 2);
        Assert.Equal(m.Synapses.Count - 1, b.Synapses.Count);
        Assert.Equal(m.Synapses.Source.Where((_, i) => i != 2), b.Synapses.Source);
        Assert.Equal(m.Synapses.Target.Where((_, i) => i != 2), b.Synapses.Target);
        Assert.Equal(m.Synapses.Mu.Where((_, i) => i != 2), b.Synapses.Mu);
        Assert.Equal(m.Sensory.Source, b.Sensory.Source);
        // The original is untouched.
        Assert.Equal(sensory, m.Sensory.Count);
    }

    private static HashSet<(bool Sensory, int Source, int Target)> Pairs(LtcModel m) =>
        m.Sensory.Source.Select((s, k) => (true, s, m.Sensory.Target[k]))
            .Concat(m.Synapses.Source.Select((s, k) => (false, s, m.Synapses.Target[k]))).ToHashSet();

    [Fact]
    public void SameSeedAndBudgetGiveTheSameModelWhateverTheThreadCount()
    {
        // With pruning (greedy passes and their fine-tuning) as the default run has it.
        var a = Train(TinyPruned(5, 2)).Result;
        var b = Train(TinyPruned(5, 1)).Result;
        Assert.Equal(ModelFile.Serialize(a.Model), ModelFile.Serialize(b.Model));
        Assert.Equal(a.Checkpoint, b.Checkpoint);
        Assert.False(a.CutShort);
    }

    [Fact]
    public void WrittenModelIsAValidModelFileThatRoundTripsBitExactly()
    {
        var result = Train(Tiny(7, 2)).Result;
        string path = Path.Combine(Path.GetTempPath(), $"lf-train-{Guid.NewGuid():N}.ltc.json");
        try
        {
            ModelFile.Write(result.Model, path);
            LtcModel back = ModelFile.Read(path);
            Assert.Empty(back.Validate());
            AssertBitEqual(result.Model.Cm, back.Cm);
            AssertBitEqual(result.Model.Gleak, back.Gleak);
            AssertBitEqual(result.Model.Vleak, back.Vleak);
            AssertBitEqual(result.Model.Sensory.W, back.Sensory.W);
            AssertBitEqual(result.Model.Sensory.Sigma, back.Sensory.Sigma);
            AssertBitEqual(result.Model.Sensory.Mu, back.Sensory.Mu);
            AssertBitEqual(result.Model.Sensory.Erev, back.Sensory.Erev);
            AssertBitEqual(result.Model.Synapses.W, back.Synapses.W);
            AssertBitEqual(result.Model.Synapses.Sigma, back.Synapses.Sigma);
            AssertBitEqual(result.Model.Synapses.Mu, back.Synapses.Mu);
            AssertBitEqual(result.Model.Synapses.Erev, back.Synapses.Erev);
            AssertBitEqual(result.Model.InputScale, back.InputScale);
            AssertBitEqual(result.Model.InputOffset, back.InputOffset);
            AssertBitEqual(result.Model.OutputScale, back.OutputScale);
            AssertBitEqual(result.Model.OutputOffset, back.OutputOffset);
            Assert.Equal(result.Model.Synapses.Source, back.Synapses.Source);
            Assert.Equal(result.Model.Synapses.Target, back.Synapses.Target);
            Assert.Equal(result.Model.Unfolds, back.Unfolds);
            // The firmware accepts it, and within the board's budget.
            var p = LtcModelConverter.ToParameters(back);
            Assert.True(p.NeuronCount < 20);
            Assert.True((p.SensorySynapseCount + p.SynapseCount) * p.Unfolds <= 100);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static void AssertBitEqual(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected[i]), BitConverter.DoubleToInt64Bits(actual[i]));
    }
}
