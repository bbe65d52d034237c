using LiquidFlight.Core.Ltc;
using LiquidFlight.Training;

namespace LiquidFlight.Tools.Tests.Cli;

/// <summary>`train` refuses bad network sizes and solver orders by name, and a model says how it was trained.</summary>
[Collection(ConsoleCollection.Name)]
public class TrainCliTests
{
    [Theory]
    [InlineData(new[] { "--inter-neurons", "15" }, "give 21 neurons")]
    [InlineData(new[] { "--command-neurons", "0" }, "at least 1 of each")]
    [InlineData(new[] { "--solver", "gauss" }, "--solver gauss is not a solver order; allowed: jacobi, layered")]
    [InlineData(new[] { "--max-unfolds", "7" }, "--max-unfolds 7 is out of range; allowed: 1 to 6")]
    [InlineData(new[] { "--sensory-fanout", "0" }, "--sensory-fanout 0 is out of range; allowed: 1 to 3 (the inter neurons)")]
    [InlineData(new[] { "--inter-neurons", "2", "--sensory-fanout", "3" }, "--sensory-fanout 3 is out of range; allowed: 1 to 2 (the inter neurons)")]
    [InlineData(new[] { "--prune-tolerance", "2" }, "--prune-tolerance 2 is out of range; allowed: 0 (no pruning) to 1")]
    [InlineData(new[] { "--prune-tolerance", "-0.1" }, "--prune-tolerance -0.1 is out of range; allowed: 0 (no pruning) to 1")]
    [InlineData(new[] { "--prune-rounds", "0" }, "--prune-rounds 0 is out of range; allowed: 1 to 100")]
    [InlineData(new[] { "--prune-evolution-iterations", "-1" }, "--prune-evolution-iterations -1 is out of range; allowed: 0 to 100000")]
    public void Bad_network_options_exit_2_and_say_what_is_allowed(string[] options, string message)
    {
        var r = CliHarness.Run(["train", .. options]);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains(message, r.Error);
    }

    [Fact]
    public void The_description_names_every_option_that_differs_from_the_defaults()
    {
        Assert.Equal("", Trainer.CommandLineOptions(new TrainingOptions()));
        var o = new TrainingOptions { InterNeurons = 5, CommandNeurons = 2, SensoryFanout = 1, Solver = LtcParameters.SolverJacobi, MaxUnfolds = 3 };
        Assert.Equal(" --inter-neurons 5 --command-neurons 2 --sensory-fanout 1 --max-unfolds 3 --solver jacobi", Trainer.CommandLineOptions(o));
        var pruning = new TrainingOptions { PruneTolerance = 0, PruneRounds = 2 };
        Assert.Equal(" --prune-tolerance 0 --prune-rounds 2", Trainer.CommandLineOptions(pruning));
    }
}
