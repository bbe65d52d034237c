using System.Text.Json.Nodes;
using LiquidFlight.Core.Ltc;

namespace LiquidFlight.Model.Tests;

/// <summary>Model file reading and writing: round trip, and each kind of bad file refused with the field named.</summary>
public sealed class ModelFileTests : IDisposable
{
    private readonly string dir = Path.Combine(Path.GetTempPath(), "lf-model-tests-" + Guid.NewGuid().ToString("N"));

    public ModelFileTests() => Directory.CreateDirectory(dir);

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private static LtcModel Sample() => UntrainedModel.CreateDefault(7);

    [Fact]
    public void Write_then_read_gives_back_the_same_model()
    {
        LtcModel m = Sample();
        m.Description = "round trip \"quoted\" \u00e9";
        m.Unfolds = 3;
        m.Solver = LtcParameters.SolverLayered;
        m.Vleak[2] = 0.1 + 0.2; // not representable in a short decimal: needs round-trip formatting
        m.InputOffset[1] = -1e-7;
        string path = Path.Combine(dir, "m.ltc.json");

        ModelFile.Write(m, path);
        LtcModel back = ModelFile.Read(path);

        Assert.Equal(ModelFile.Serialize(m), ModelFile.Serialize(back));
        Assert.Equal(m.Description, back.Description);
        Assert.Equal(m.Unfolds, back.Unfolds);
        Assert.Equal(LtcParameters.SolverLayered, back.Solver);
        Assert.Equal(m.InputNames, back.InputNames);
        Assert.Equal(m.OutputNames, back.OutputNames);
        Assert.Equal(m.Roles, back.Roles);
        Assert.Equal(m.Vleak, back.Vleak);
        Assert.Equal(m.Cm, back.Cm);
        Assert.Equal(m.Gleak, back.Gleak);
        Assert.Equal(m.InputScale, back.InputScale);
        Assert.Equal(m.InputOffset, back.InputOffset);
        Assert.Equal(m.OutputScale, back.OutputScale);
        foreach ((SynapseSet a, SynapseSet b) in new[] { (m.Sensory, back.Sensory), (m.Synapses, back.Synapses) })
        {
            Assert.Equal(a.Source, b.Source);
            Assert.Equal(a.Target, b.Target);
            Assert.Equal(a.W, b.W);
            Assert.Equal(a.Sigma, b.Sigma);
            Assert.Equal(a.Mu, b.Mu);
            Assert.Equal(a.Erev, b.Erev);
        }
    }

    /// <summary>Edits the JSON of a valid file, reads it, and returns the error message.</summary>
    private string ErrorFor(Action<JsonObject> edit)
    {
        JsonObject o = JsonNode.Parse(ModelFile.Serialize(Sample()))!.AsObject();
        edit(o);
        string path = Path.Combine(dir, "bad.ltc.json");
        File.WriteAllText(path, o.ToJsonString());
        ModelFileException e = Assert.Throws<ModelFileException>(() => ModelFile.Read(path));
        Assert.StartsWith(path + ":", e.Message);
        return e.Message;
    }

    [Fact]
    public void Missing_field_is_named()
    {
        string message = ErrorFor(o => o["neurons"]!.AsObject().Remove("gleak"));
        Assert.Contains("'neurons.gleak' is missing", message);

        message = ErrorFor(o => o.Remove("unfolds"));
        Assert.Contains("'unfolds' is missing", message);
    }

    [Fact]
    public void Wrong_array_length_is_named_with_the_expected_length()
    {
        string message = ErrorFor(o => o["neurons"]!["cm"]!.AsArray().RemoveAt(0));
        Assert.Contains("'neurons.cm' = 12 entries", message);
        Assert.Contains("exactly 13", message);

        message = ErrorFor(o => o["synapses"]!["sigma"]!.AsArray().Add(5.0));
        Assert.Contains("'synapses.sigma'", message);
    }

    [Theory]
    [InlineData("synapses", "w")]
    [InlineData("sensorySynapses", "w")]
    [InlineData("neurons", "cm")]
    [InlineData("neurons", "gleak")]
    public void Negative_w_cm_gleak_are_refused(string set, string field)
    {
        string message = ErrorFor(o => o[set]![field]![3] = -0.25);
        Assert.Contains($"'{set}.{field}[3]' = -0.25", message);
        Assert.Contains("non-negative", message);
    }

    [Fact]
    public void Non_finite_numbers_are_refused()
    {
        string message = ErrorFor(o => o["neurons"]!["vleak"]![1] = "NaN");
        Assert.Contains("'neurons.vleak[1]' = \"NaN\": a finite number", message);

        // 1e999 is valid JSON syntax but overflows a double.
        JsonObject o = JsonNode.Parse(ModelFile.Serialize(Sample()))!.AsObject();
        string text = System.Text.RegularExpressions.Regex.Replace(o.ToJsonString(), "\"sigma\":\\[[^,]+,", "\"sigma\":[1e999,");
        Assert.Contains("1e999", text);
        string path = Path.Combine(dir, "inf.ltc.json");
        File.WriteAllText(path, text);
        ModelFileException e = Assert.Throws<ModelFileException>(() => ModelFile.Read(path));
        Assert.Contains("1e999", e.Message);
        Assert.Contains("a finite number", e.Message);
    }

    [Fact]
    public void Twenty_neurons_are_refused()
    {
        string message = ErrorFor(o =>
        {
            JsonObject neurons = o["neurons"]!.AsObject();
            foreach (string f in new[] { "role", "cm", "gleak", "vleak" })
            {
                JsonArray a = neurons[f]!.AsArray();
                while (a.Count < 20)
                {
                    a.Add(f == "role" ? JsonValue.Create("inter") : JsonValue.Create(0.5));
                }
            }
        });
        Assert.Contains("'neurons.role' = 20 neurons", message);
        Assert.Contains("fewer than 20", message);
    }

    [Fact]
    public void Unknown_version_and_format_are_refused()
    {
        string message = ErrorFor(o => o["version"] = 2);
        Assert.Contains("'version' = 2", message);
        Assert.Contains("only version", message);

        message = ErrorFor(o => o["format"] = "keras");
        Assert.Contains("'format' = \"keras\"", message);
    }

    [Theory]
    [InlineData("synapses", "source", 13)]
    [InlineData("synapses", "target", -1)]
    [InlineData("sensorySynapses", "source", 6)]
    public void Synapse_index_out_of_range_is_refused(string set, string field, int value)
    {
        string message = ErrorFor(o => o[set]![field]![0] = value);
        Assert.Contains($"'{set}.{field}[0]' = {value}", message);
        Assert.Contains("index from 0 to", message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    public void Unfolds_outside_1_to_6_are_refused(int unfolds)
    {
        string message = ErrorFor(o => o["unfolds"] = unfolds);
        Assert.Contains($"'unfolds' = {unfolds}: an integer from 1 to 6", message);
    }

    [Fact]
    public void Solver_order_defaults_to_jacobi_and_unknown_orders_are_refused()
    {
        JsonObject o = JsonNode.Parse(ModelFile.Serialize(Sample()))!.AsObject();
        Assert.Equal("jacobi", (string?)o["solver"]);
        o.Remove("solver");
        string path = Path.Combine(dir, "no-solver.ltc.json");
        File.WriteAllText(path, o.ToJsonString());
        Assert.Equal(LtcParameters.SolverJacobi, ModelFile.Read(path).Solver);

        string message = ErrorFor(o => o["solver"] = "gauss");
        Assert.Contains("'solver' = \"gauss\"", message);
        Assert.Contains("\"layered\"", message);
    }

    [Fact]
    public void Wrong_types_and_roles_are_named()
    {
        Assert.Contains("'unfolds' = \"2\": an integer", ErrorFor(o => o["unfolds"] = "2"));
        Assert.Contains("'neurons.role[4]' = \"sensory\"", ErrorFor(o => o["neurons"]!["role"]![4] = "sensory"));
        Assert.Contains("'neurons.role[0]' = command", ErrorFor(o => o["neurons"]!["role"]![0] = "command"));
        Assert.Contains("'inputs[2].scale' is missing", ErrorFor(o => o["inputs"]![2]!.AsObject().Remove("scale")));
    }

    [Fact]
    public void Values_beyond_the_fixed_point_range_are_refused()
    {
        Assert.Contains("'synapses.erev[0]' = 300", ErrorFor(o => o["synapses"]!["erev"]![0] = 300));
        Assert.Contains("'neurons.cm[0]' = 1000", ErrorFor(o => o["neurons"]!["cm"]![0] = 1000));
    }

    [Fact]
    public void Unreadable_and_invalid_json_files_name_the_file()
    {
        string missing = Path.Combine(dir, "nope.json");
        Assert.StartsWith(missing + ": cannot read", Assert.Throws<ModelFileException>(() => ModelFile.Read(missing)).Message);

        string broken = Path.Combine(dir, "broken.json");
        File.WriteAllText(broken, "{ \"format\": ");
        Assert.StartsWith(broken + ": not a valid JSON document", Assert.Throws<ModelFileException>(() => ModelFile.Read(broken)).Message);
    }

    [Fact]
    public void Shipped_model_file_is_valid_and_within_the_board_budget()
    {
        ShippedModelFile.Loaded loaded = ShippedModelFile.LoadDefault();
        Assert.EndsWith("shipped.ltc.json", loaded.Source);
        LtcParameters p = LtcModelConverter.ToParameters(loaded.Model);
        Assert.True(p.NeuronCount < 20);

        // Issue 4's budget: synapses x unfolds <= 100.
        Assert.True(loaded.Model.SynapseCount * loaded.Model.Unfolds <= 100);
    }
}
