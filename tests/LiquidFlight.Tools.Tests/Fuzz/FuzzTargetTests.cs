using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using LiquidFlight.Fuzz;
using LiquidFlight.Model;
using Xunit.Abstractions;

namespace LiquidFlight.Tools.Tests.Fuzz;

/// <summary>
/// The fuzz targets in the normal test run: every seed of the corpus passes its target, and the model-file
/// loader survives 10^5 seeded mutations of real model files (byte edits and JSON-structure edits).
/// </summary>
public class FuzzTargetTests(ITestOutputHelper output)
{
    public const int MutatedModelFiles = 100_000;

    private static readonly string Corpus = Path.Combine(ShippedModelFile.FindRepositoryRoot(AppContext.BaseDirectory)!, "tools", "LiquidFlight.Fuzz", "corpus");

    [Fact]
    public void Every_target_has_a_seed_corpus_and_every_seed_passes()
    {
        foreach ((string name, Action<byte[]> target) in FuzzTargets.All)
        {
            string[] seeds = Directory.GetFiles(Path.Combine(Corpus, name));
            Assert.NotEmpty(seeds);
            foreach (string seed in seeds)
            {
                target(File.ReadAllBytes(seed));
            }
        }
    }

    [Theory]
    [InlineData("heartbeat.bin", 1)]
    [InlineData("attitude.bin", 1)]
    [InlineData("bad-crc-then-heartbeat.bin", 1)]
    [InlineData("mixed-stream.bin", 3)]
    public void The_mavlink_seeds_hold_real_frames(string seed, int goodFrames)
    {
        // The seeds were written by a CRC-16/MCRF4XX + CRC_EXTRA encoder outside the repository's code: the parser
        // must find the frames in them, or the fuzzer would start from noise only.
        byte[] data = File.ReadAllBytes(Path.Combine(Corpus, "mavlink", seed));
        var parser = new LiquidFlight.Core.Links.Mavlink.MavlinkParser();
        parser.Feed(data, 1, data.Length - 1, null!);
        Assert.Equal(goodFrames, parser.GoodFrames);
    }

    private static readonly string[] Tokens =
    [
        "", "null", "true", "[]", "{}", "\"\"", "\"x\"", "0", "-0", "1", "-1", "0.5", "1e308", "-1e308", "1e400", "5e-324",
        "2147483647", "2147483648", "-2147483649", "9223372036854775808", "NaN", "\"NaN\"", "\"Infinity\"", ",", ":", "]", "}", "[", "{",
        "\n", "\"\\u0000\"", "\"\\ud800\"", "/*", "//", "\"motor\"", "\"inter\"", "\"command\"", "\"layered\"", "\"jacobi\"",
        new string('[', 100) + new string(']', 100),
    ];

    /// <summary>Seeded mutations of a model file's text.</summary>
    private static class Mutations
    {
        public static string Apply(Random rng, string text, JsonObject tree)
        {
            return rng.Next(3) == 0 ? Structural(rng, (JsonObject)tree.DeepClone()) : Textual(rng, text);
        }

        private static string Textual(Random rng, string text)
        {
            var b = new StringBuilder(text);
            int edits = 1 + rng.Next(4);
            for (int k = 0; k < edits && b.Length > 0; k++)
            {
                int at = rng.Next(b.Length);
                int span = Math.Min(b.Length - at, rng.Next(1, 40));
                switch (rng.Next(5))
                {
                    case 0:
                        b.Remove(at, span);
                        break;
                    case 1:
                        b.Insert(at, Tokens[rng.Next(Tokens.Length)]);
                        break;
                    case 2:
                        b[at] = (char)rng.Next(32, 127);
                        break;
                    case 3:
                        b.Insert(rng.Next(b.Length), b.ToString(at, span));
                        break;
                    default:
                        b.Length = at; // truncated file
                        break;
                }
            }

            return b.ToString();
        }

        private static readonly Func<Random, JsonNode?>[] Values =
        [
            _ => null, _ => JsonValue.Create(0), _ => JsonValue.Create(-1), _ => JsonValue.Create(1e300), _ => JsonValue.Create(-1e-300),
            _ => JsonValue.Create(int.MaxValue), _ => JsonValue.Create(int.MinValue), _ => JsonValue.Create(19), _ => JsonValue.Create(20),
            _ => JsonValue.Create("x"), _ => JsonValue.Create(true), _ => new JsonArray(), _ => new JsonObject(),
            r => JsonValue.Create(r.NextDouble() * 10 - 5), r => JsonValue.Create(r.Next(-3, 25)),
            _ => new JsonArray(JsonValue.Create(1), JsonValue.Create("motor")),
        ];

        private static string Structural(Random rng, JsonObject root)
        {
            var nodes = new List<JsonNode>();
            Collect(root, nodes);
            int edits = 1 + rng.Next(3);
            for (int k = 0; k < edits; k++)
            {
                JsonNode target = nodes[rng.Next(nodes.Count)];
                JsonNode? parent = target.Parent;
                if (parent is JsonObject o)
                {
                    string key = target.GetPropertyName();
                    switch (rng.Next(3))
                    {
                        case 0:
                            o.Remove(key);
                            break;
                        case 1:
                            o[key] = Values[rng.Next(Values.Length)](rng);
                            break;
                        default:
                            o["unknown" + rng.Next(3)] = Values[rng.Next(Values.Length)](rng);
                            break;
                    }
                }
                else if (parent is JsonArray a)
                {
                    int index = target.GetElementIndex();
                    switch (rng.Next(4))
                    {
                        case 0:
                            a.RemoveAt(index);
                            break;
                        case 1:
                            a[index] = Values[rng.Next(Values.Length)](rng);
                            break;
                        case 2:
                            a.Add(target.DeepClone());
                            break;
                        default:
                            // Swap with another element of the same array (index and role permutations).
                            int other = rng.Next(a.Count);
                            JsonNode? x = a[index]?.DeepClone(), y = a[other]?.DeepClone();
                            a[index] = y;
                            a[other] = x;
                            break;
                    }
                }

                nodes.Clear();
                Collect(root, nodes);
                if (nodes.Count == 0)
                {
                    break;
                }
            }

            return root.ToJsonString();
        }

        private static void Collect(JsonNode node, List<JsonNode> nodes)
        {
            if (node is JsonObject o)
            {
                foreach (var p in o)
                {
                    if (p.Value != null)
                    {
                        nodes.Add(p.Value);
                        Collect(p.Value, nodes);
                    }
                }
            }
            else if (node is JsonArray a)
            {
                foreach (var e in a)
                {
                    if (e != null)
                    {
                        nodes.Add(e);
                        Collect(e, nodes);
                    }
                }
            }
        }

    }

    [Fact]
    public void Mutated_model_files_load_or_are_refused_with_one_line_naming_the_field()
    {
        string[] bases = Directory.GetFiles(Path.Combine(Corpus, "model")).Select(File.ReadAllText).ToArray();
        JsonObject[] trees = bases.Select(t => JsonNode.Parse(t, documentOptions: new System.Text.Json.JsonDocumentOptions { CommentHandling = System.Text.Json.JsonCommentHandling.Skip })!.AsObject()).ToArray();
        var clock = Stopwatch.StartNew();
        int loaded = 0, refused = 0;
        for (int i = 0; i < MutatedModelFiles; i++)
        {
            var rng = new Random(i);
            int which = rng.Next(bases.Length);
            string text = Mutations.Apply(rng, bases[which], trees[which]);
            try
            {
                FuzzTargets.ModelFileText(Encoding.UTF8.GetBytes(text));
            }
            catch (Exception e)
            {
                Assert.Fail($"mutation {i} of {which}: {e.GetType().Name}: {e.Message}\n{text}");
            }

            try
            {
                ModelFile.Parse(text, "m");
                loaded++;
            }
            catch (ModelFileException)
            {
                refused++;
            }
        }

        output.WriteLine($"{MutatedModelFiles} mutated model files: {loaded} loaded, {refused} refused, {clock.Elapsed.TotalSeconds:F1} s");
        // Both outcomes occur, so the mutations reach past the first error into the validator and the solver.
        Assert.True(loaded > MutatedModelFiles / 100, $"{loaded} loaded");
        Assert.True(refused > MutatedModelFiles / 2, $"{refused} refused");
    }
}
