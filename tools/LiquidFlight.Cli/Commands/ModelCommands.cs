using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Nodes;
using LiquidFlight.Core.Ltc;
using LiquidFlight.Model;
using LiquidFlight.Cli.Discipline;
using Spectre.Console;
using Spectre.Console.Cli;

namespace LiquidFlight.Cli;

/// <summary>
/// `model info`, `model export`, `model new`, `model golden`: inspect a model file, generate the firmware's
/// constants, create a seeded untrained model, regenerate the golden vectors.
/// </summary>
public static class ModelCommands
{
    public static void Register(IConfigurator config)
    {
        config.AddBranch("model", model =>
        {
            model.SetDescription("Inspect, create and export LTC model files.");
            model.AddCommand<ModelInfoCommand>("info")
                .WithDescription("Size, wiring and per-step operation count of a model (default: the shipped model).")
                .WithExample("model", "info", "--json");
            model.AddCommand<ModelExportCommand>("export")
                .WithDescription("Generate the C# constants the firmware compiles from a model file.")
                .WithExample("model", "export", "--model", ShippedModelFile.RepositoryPath, "--out", ShippedModelFile.GeneratedSourcePath);
            model.AddCommand<ModelNewCommand>("new")
                .WithDescription("Write a seeded, untrained NCP model file (the default stabiliser wiring).")
                .WithExample("model", "new", "--seed", "1", "--out", ShippedModelFile.RepositoryPath);
            model.AddCommand<ModelGoldenCommand>("golden")
                .WithDescription("Regenerate the golden vectors the tests and the board replay bit-exactly.")
                .WithExample("model", "golden", "--out", GoldenVectors.RepositoryPath);
        });
    }

    /// <summary>Loads --model, or the shipped model when absent. Errors in the file become exit code 2 (ModelFileException).</summary>
    internal static ShippedModelFile.Loaded Load(string? path)
    {
        if (path == null)
        {
            return ShippedModelFile.LoadDefault();
        }

        string text = CliFiles.ReadAllText(path, "--model");
        return new ShippedModelFile.Loaded(ModelFile.Parse(text, path), path, text);
    }

    /// <summary>Writes a model file (refusing an invalid model, naming its field), naming the option and path on a file error.</summary>
    internal static void WriteModel(LtcModel model, string path, string option)
    {
        model.EnsureValid(path);
        CliFiles.WriteAllText(path, option, ModelFile.Serialize(model));
    }

    /// <summary>
    /// Loads --model (or the shipped model) for flying it as the attitude controller: a model that is valid but
    /// does not fit the controller's input and output layout is refused naming the field.
    /// </summary>
    internal static ShippedModelFile.Loaded LoadForAttitudeController(string? path)
    {
        ShippedModelFile.Loaded loaded = Load(path);
        ModelProblem? problem = AttitudeControllerFit.Check(loaded.Model);
        if (problem != null)
        {
            throw new UsageException(problem.Describe(loaded.Source));
        }

        return loaded;
    }
}

public sealed class ModelInfoSettings : CliSettings
{
    [CommandOption("--model <PATH>")]
    [Description("Model file (default: the shipped model).")]
    [InputFile]
    public string? Model { get; init; }

    [CommandOption("--json")]
    [Description("Print one JSON object instead of a table.")]
    public bool Json { get; init; }
}

public sealed class ModelInfoCommand : Command<ModelInfoSettings>
{
    public override int Execute(CommandContext context, ModelInfoSettings settings, CancellationToken cancellationToken)
    {
        ShippedModelFile.Loaded loaded = ModelCommands.Load(settings.Model);
        LtcModel m = loaded.Model;
        LtcParameters p = LtcModelConverter.ToParameters(m, loaded.Source);
        LtcOperationCount ops = LtcOperationCount.Of(p);
        int Count(int role) => m.Roles.Count(r => r == role);

        if (settings.Json)
        {
            var o = new JsonObject
            {
                ["model"] = loaded.Source,
                ["description"] = m.Description,
                ["neurons"] = m.NeuronCount,
                ["motorNeurons"] = Count(NeuronRole.Motor),
                ["commandNeurons"] = Count(NeuronRole.Command),
                ["interNeurons"] = Count(NeuronRole.Inter),
                ["synapses"] = m.SynapseCount,
                ["sensorySynapses"] = m.Sensory.Count,
                ["internalSynapses"] = m.Synapses.Count,
                ["parameters"] = m.ParameterCount,
                ["inputs"] = new JsonArray(m.InputNames.Select(n => (JsonNode)JsonValue.Create(n)!).ToArray()),
                ["outputs"] = new JsonArray(m.OutputNames.Select(n => (JsonNode)JsonValue.Create(n)!).ToArray()),
                ["unfolds"] = m.Unfolds,
                ["solver"] = LtcModel.SolverNames[m.Solver],
                ["perStep"] = new JsonObject
                {
                    ["synapseEvaluations"] = ops.SynapseEvaluations,
                    ["sigmoidLookups"] = ops.SigmoidLookups,
                    ["multiplies"] = ops.Multiplies,
                    ["divisions"] = ops.Divisions,
                },
            };
            Console.Out.WriteLine(o.ToJsonString(new JsonSerializerOptions { WriteIndented = false }));
            return CliRunner.ExitOk;
        }

        var table = new Table().AddColumn("Property").AddColumn("Value");
        table.AddRow("model", Markup.Escape(loaded.Source));
        table.AddRow("description", Markup.Escape(m.Description));
        table.AddRow("neurons", $"{m.NeuronCount} ({Count(NeuronRole.Motor)} motor, {Count(NeuronRole.Command)} command, {Count(NeuronRole.Inter)} inter)");
        table.AddRow("synapses", $"{m.SynapseCount} ({m.Sensory.Count} sensory, {m.Synapses.Count} internal)");
        table.AddRow("parameters", m.ParameterCount.ToString());
        table.AddRow("inputs", Markup.Escape(string.Join(", ", m.InputNames)));
        table.AddRow("outputs", Markup.Escape(string.Join(", ", m.OutputNames)));
        table.AddRow("unfolds", m.Unfolds.ToString());
        table.AddRow("solver order", LtcModel.SolverNames[m.Solver]);
        table.AddRow("per step", $"{ops.SynapseEvaluations} synapse evaluations, {ops.SigmoidLookups} sigmoid look-ups, {ops.Multiplies} multiplies, {ops.Divisions} divisions");
        AnsiConsole.Write(table);
        return CliRunner.ExitOk;
    }
}

public sealed class ModelExportSettings : CliSettings
{
    [CommandOption("--model <PATH>")]
    [Description("Model file to export (default: the shipped model).")]
    [InputFile]
    public string? Model { get; init; }

    [CommandOption("--out <PATH>")]
    [Description("C# file to write, e.g. " + ShippedModelFile.GeneratedSourcePath + ".")]
    [OutputFile]
    public string? Out { get; init; }

    [CommandOption("--class <NAME>")]
    [Description("Name of the generated static class (default ShippedModel).")]
    public string ClassName { get; init; } = ModelExporter.DefaultClassName;

    public override ValidationResult Validate()
    {
        if (string.IsNullOrWhiteSpace(Out))
        {
            return ValidationResult.Error("--out PATH is required: the C# file to write");
        }

        if (!System.Text.RegularExpressions.Regex.IsMatch(ClassName, "^[A-Z][A-Za-z0-9]*$"))
        {
            return ValidationResult.Error($"--class {ClassName}: a C# identifier starting with a capital letter is required");
        }

        return ValidationResult.Success();
    }
}

public sealed class ModelExportCommand : Command<ModelExportSettings>
{
    public override int Execute(CommandContext context, ModelExportSettings settings, CancellationToken cancellationToken)
    {
        ShippedModelFile.Loaded loaded = ModelCommands.Load(settings.Model);
        string label = settings.Model == null ? ShippedModelFile.RepositoryPath : ShippedModelFile.RepositoryLabel(settings.Model);
        string outLabel = ShippedModelFile.RepositoryLabel(settings.Out!);
        string command = $"liquidflight model export --model {label} --out {outLabel}"
            + (settings.ClassName == ModelExporter.DefaultClassName ? "" : $" --class {settings.ClassName}");
        string source = ModelExporter.ToCSharp(loaded.Model, label, loaded.Text, command, settings.ClassName);
        CliFiles.WriteAllText(settings.Out!, "--out", source);

        Console.Out.WriteLine($"wrote {settings.Out} from {loaded.Source}");
        return CliRunner.ExitOk;
    }
}

public sealed class ModelNewSettings : CliSettings
{
    [CommandOption("--seed <N>")]
    [Description("Wiring and parameter seed (default 1).")]
    public int Seed { get; init; } = UntrainedModel.DefaultSeed;

    [CommandOption("--unfolds <N>")]
    [Description("Solver unfolds per step, 1-6 (default 1).")]
    public int Unfolds { get; init; } = 1;

    [CommandOption("--out <PATH>")]
    [Description("Model file to write.")]
    [OutputFile]
    public string? Out { get; init; }

    public override ValidationResult Validate()
    {
        if (string.IsNullOrWhiteSpace(Out))
        {
            return ValidationResult.Error("--out PATH is required: the model file to write");
        }

        return Unfolds is < LtcParameters.MinUnfolds or > LtcParameters.MaxUnfolds
            ? ValidationResult.Error($"--unfolds {Unfolds}: allowed 1 to 6")
            : ValidationResult.Success();
    }
}

public sealed class ModelNewCommand : Command<ModelNewSettings>
{
    public override int Execute(CommandContext context, ModelNewSettings settings, CancellationToken cancellationToken)
    {
        LtcModel model = UntrainedModel.CreateDefault(settings.Seed);
        model.Unfolds = settings.Unfolds;
        ModelCommands.WriteModel(model, settings.Out!, "--out");
        Console.Out.WriteLine($"wrote {settings.Out}: {model.Description}, {model.SynapseCount} synapses, {model.Unfolds} unfold(s)");
        return CliRunner.ExitOk;
    }
}

public sealed class ModelGoldenSettings : CliSettings
{
    [CommandOption("--out <PATH>")]
    [Description("Golden vector file to write (default " + GoldenVectors.RepositoryPath + ").")]
    [OutputFile]
    public string Out { get; init; } = GoldenVectors.RepositoryPath;
}

public sealed class ModelGoldenCommand : Command<ModelGoldenSettings>
{
    public override int Execute(CommandContext context, ModelGoldenSettings settings, CancellationToken cancellationToken)
    {
        GoldenVectorSet set = GoldenVectors.Generate();
        CliFiles.WriteAllText(settings.Out, "--out", GoldenVectors.Format(set));

        Console.Out.WriteLine($"wrote {settings.Out}: {set.Models.Count} models, {set.Sequences.Count} sequences, {set.Sequences.Sum(s => s.Steps.Count)} steps");
        return CliRunner.ExitOk;
    }
}
