using System.Text.RegularExpressions;
using LiquidFlight.Cli.Nano;
using LiquidFlight.Core.Ltc;
using LiquidFlight.Model;
using LiquidFlight.Tools.Tests.NanoGate;

namespace LiquidFlight.Tools.Tests.GoldenSource;

/// <summary>
/// The on-device tests replay the golden vectors from generated C# (tests/NFUnitTest/GoldenVectors.g.cs). These
/// tests keep that file honest: it must be exactly what the generator makes from the committed golden file, and
/// the generator must carry every number across unchanged (checked here on a small hand-made set).
/// </summary>
public class NanoGoldenSourceTests
{
    private static string RepoFile(string relative) =>
        Path.Combine(NanoTestAssets.RepositoryRoot, relative.Replace('/', Path.DirectorySeparatorChar));

    [Fact]
    public void Committed_source_is_the_generator_output_for_the_committed_golden_file()
    {
        string golden = File.ReadAllText(RepoFile(GoldenVectors.RepositoryPath));
        string committed = File.ReadAllText(RepoFile(NanoGoldenSource.RepositoryPath));

        string regenerated = NanoGoldenSource.Generate(GoldenVectors.Parse(golden), GoldenVectors.RepositoryPath);

        Assert.True(regenerated == committed,
            $"{NanoGoldenSource.RepositoryPath} is stale: run `liquidflight nano golden-source` after changing {GoldenVectors.RepositoryPath}");
    }

    [Fact]
    public void Committed_source_holds_every_step_of_the_golden_file()
    {
        GoldenVectorSet set = GoldenVectors.Parse(File.ReadAllText(RepoFile(GoldenVectors.RepositoryPath)));
        string committed = File.ReadAllText(RepoFile(NanoGoldenSource.RepositoryPath));

        Assert.Contains($"public const int SequenceCount = {set.Sequences.Count};", committed);
        foreach (GoldenSequence sequence in set.Sequences)
        {
            string body = MethodBody(committed, NanoGoldenSource.MethodName("Sequence", sequence.Name));
            long[] numbers = Numbers(body);
            // start time, then times, inputs, outputs, states in that order
            long[] expected = new[] { sequence.StartMicros }
                .Concat(sequence.Steps.Select(s => s.TimeMicros))
                .Concat(sequence.Steps.SelectMany(s => s.Inputs).Select(v => (long)v))
                .Concat(sequence.Steps.SelectMany(s => s.Outputs).Select(v => (long)v))
                .Concat(sequence.Steps.SelectMany(s => s.States).Select(v => (long)v))
                .ToArray();
            Assert.Equal(expected, numbers);
        }
    }

    [Fact]
    public void Small_set_becomes_the_expected_arrays()
    {
        var p = new LtcParameters
        {
            InputCount = 1, NeuronCount = 2, MotorCount = 1, Unfolds = 2,
            Cm = [65536, 131072], Gleak = [1, 2], Vleak = [-3, 4], Role = [1, 2],
            SensorySource = [0], SensoryTarget = [0], SensoryW = [5], SensorySigma = [6], SensoryMu = [7], SensoryErev = [8],
            SynapseSource = [], SynapseTarget = [], SynapseW = [], SynapseSigma = [], SynapseMu = [], SynapseErev = [],
            InputScale = [9], InputOffset = [10], OutputScale = [11], OutputOffset = [12],
        };
        var steps = new List<GoldenStep>
        {
            new(1_000, [int.MinValue], [-1], [100, 200]),
            new(900, [int.MaxValue], [2], [300, -400]),
        };
        var set = new GoldenVectorSet([new GoldenModel("tiny-net", p)], [new GoldenSequence("two steps", "tiny-net", 500, steps)]);

        string source = NanoGoldenSource.Generate(set, "golden.txt");

        Assert.Contains("public const int SequenceCount = 1;", source);
        Assert.Contains("case 0:\n                    return SequenceTwoSteps();", source);
        string model = MethodBody(source, "ModelTinyNet");
        Assert.Contains("p.InputCount = 1;", model);
        Assert.Contains("p.Unfolds = 2;", model);
        Assert.Equal([65536L, 131072L], Numbers(Between(model, "p.Cm =", ";")));
        Assert.Equal([-3L, 4L], Numbers(Between(model, "p.Vleak =", ";")));
        Assert.Contains("p.SynapseW = new int[] { };", model);
        string sequence = MethodBody(source, "SequenceTwoSteps");
        Assert.Contains("\"two steps\"", sequence);
        Assert.Contains("ModelTinyNet()", sequence);
        // int.MinValue has no plain negative literal in C#: it is written by name and read back as the same value.
        Assert.Contains("int.MinValue", sequence);
        Assert.Equal(
            [500L, 1_000L, 900L, int.MinValue, int.MaxValue, -1L, 2L, 100L, 200L, 300L, -400L],
            Numbers(sequence));
    }

    [Theory]
    [InlineData("Model", "ncp13x6", "ModelNcp13x6")]
    [InlineData("Sequence", "flight", "SequenceFlight")]
    [InlineData("Sequence", "two steps-edge_case", "SequenceTwoStepsEdgeCase")]
    public void Names_become_identifiers(string prefix, string name, string expected)
    {
        Assert.Equal(expected, NanoGoldenSource.MethodName(prefix, name));
    }

    [Fact]
    public void Generation_is_deterministic()
    {
        GoldenVectorSet set = GoldenVectors.Generate();

        Assert.Equal(NanoGoldenSource.Generate(set, "a.txt"), NanoGoldenSource.Generate(set, "a.txt"));
    }

    /// <summary>The text of method <paramref name="name"/> from its signature to the next method.</summary>
    private static string MethodBody(string source, string name)
    {
        int start = source.IndexOf($" {name}()\n", StringComparison.Ordinal);
        Assert.True(start >= 0, $"method {name} not generated");
        int end = source.IndexOf("\n        private static", start + 1, StringComparison.Ordinal);
        return end < 0 ? source[start..] : source[start..end];
    }

    private static string Between(string text, string from, string to)
    {
        int a = text.IndexOf(from, StringComparison.Ordinal);
        Assert.True(a >= 0, $"'{from}' not found");
        int b = text.IndexOf(to, a + from.Length, StringComparison.Ordinal);
        return text[(a + from.Length)..b];
    }

    /// <summary>Every integer literal (and int.MinValue / int.MaxValue by name) in order, skipping identifiers' digits.</summary>
    private static long[] Numbers(string text) =>
        Regex.Matches(text, @"int\.MinValue|int\.MaxValue|(?<![\w.])-?\d+(?![\w.])")
            .Select(m => m.Value switch
            {
                "int.MinValue" => int.MinValue,
                "int.MaxValue" => int.MaxValue,
                _ => long.Parse(m.Value, System.Globalization.CultureInfo.InvariantCulture),
            })
            .ToArray();
}
