using System.Text.Json;
using System.Text.Json.Nodes;
using LiquidFlight.Model;

namespace LiquidFlight.Tools.Tests.Cli;

/// <summary>`model info` on the shipped model and on broken model files, run in-process through the real app.</summary>
[Collection(ConsoleCollection.Name)]
public class ModelCliTests
{
    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LiquidFlight.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("repository root not found above " + AppContext.BaseDirectory);
    }

    private static string ShippedModelPath => Path.Combine(RepositoryRoot(), ShippedModelFile.RepositoryPath);

    [Fact]
    public void Model_info_json_describes_the_model_file()
    {
        var r = CliHarness.Run("model", "info", "--model", ShippedModelPath, "--json");
        Assert.True(r.ExitCode == 0, r.Error);
        using var doc = JsonDocument.Parse(r.Out);
        var info = doc.RootElement;

        // Expected values read straight from the file, not through the model loader.
        var raw = JsonNode.Parse(File.ReadAllText(ShippedModelPath))!.AsObject();
        var inputs = raw["inputs"]!.AsArray().Select(i => i!["name"]!.GetValue<string>()).ToList();
        var outputs = raw["outputs"]!.AsArray().Select(o => o!["name"]!.GetValue<string>()).ToList();
        Assert.Equal(inputs, info.GetProperty("inputs").EnumerateArray().Select(e => e.GetString()!).ToList());
        Assert.Equal(outputs, info.GetProperty("outputs").EnumerateArray().Select(e => e.GetString()!).ToList());
        Assert.Equal(raw["unfolds"]!.GetValue<int>(), info.GetProperty("unfolds").GetInt32());
        Assert.Equal(raw["solver"]!.GetValue<string>(), info.GetProperty("solver").GetString());

        int neurons = info.GetProperty("neurons").GetInt32();
        int synapses = info.GetProperty("synapses").GetInt32();
        int parameters = info.GetProperty("parameters").GetInt32();
        // Roles partition the neurons; sensory and internal synapses partition the synapses.
        Assert.Equal(neurons, info.GetProperty("motorNeurons").GetInt32() + info.GetProperty("commandNeurons").GetInt32() + info.GetProperty("interNeurons").GetInt32());
        Assert.Equal(synapses, info.GetProperty("sensorySynapses").GetInt32() + info.GetProperty("internalSynapses").GetInt32());
        // One motor neuron per output, and each synapse carries at least its weight, mu, sigma and reversal.
        Assert.Equal(outputs.Count, info.GetProperty("motorNeurons").GetInt32());
        Assert.True(parameters >= 4 * synapses, $"{parameters} parameters for {synapses} synapses");
    }

    [Fact]
    public void A_model_file_missing_a_field_exits_2_naming_the_file_and_the_field()
    {
        var raw = JsonNode.Parse(File.ReadAllText(ShippedModelPath))!.AsObject();
        Assert.True(raw.Remove("unfolds"));
        string path = Path.Combine(Path.GetTempPath(), $"lf-cli-test-{Guid.NewGuid():N}.ltc.json");
        File.WriteAllText(path, raw.ToJsonString());
        try
        {
            var r = CliHarness.Run("model", "info", "--model", path, "--json");
            Assert.Equal(2, r.ExitCode);
            Assert.Equal("", r.Out);
            Assert.Contains("unfolds", r.Error);
            Assert.Contains(path, r.Error);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_model_file_that_is_not_json_exits_2()
    {
        string path = Path.Combine(Path.GetTempPath(), $"lf-cli-test-{Guid.NewGuid():N}.ltc.json");
        File.WriteAllText(path, "{ \"format\": \"liquidflight-ltc\", ");
        try
        {
            var r = CliHarness.Run("model", "info", "--model", path);
            Assert.Equal(2, r.ExitCode);
            Assert.Contains(path, r.Error);
            Assert.Contains("JSON", r.Error);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_missing_model_file_exits_2_naming_it()
    {
        var r = CliHarness.Run("model", "info", "--model", "/nonexistent/none.ltc.json");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("/nonexistent/none.ltc.json", r.Error);
    }
}
