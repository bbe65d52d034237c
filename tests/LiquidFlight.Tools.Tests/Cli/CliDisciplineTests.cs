using System.Text.Json.Nodes;
using LiquidFlight.Cli;
using LiquidFlight.Cli.Discipline;
using LiquidFlight.Model;
using Spectre.Console.Cli;

namespace LiquidFlight.Tools.Tests.Cli;

/// <summary>
/// Every verb with bad command lines: the cases of issue 11 and more, and a generated table (unknown, missing,
/// empty, repeated and wrong-typed options) over every verb of the recorded command tree, so a verb added later
/// is covered without editing this file. Each must exit with its code and one line on stderr naming the
/// option, path or field, with nothing on stdout and no stack trace.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class CliDisciplineTests : IDisposable
{
    private static readonly string Root = ShippedModelFile.FindRepositoryRoot(AppContext.BaseDirectory)!;
    private static readonly string Shipped = Path.Combine(Root, ShippedModelFile.RepositoryPath);
    private readonly string temp = Directory.CreateTempSubdirectory("lf-cli-discipline-").FullName;

    public void Dispose() => Directory.Delete(temp, recursive: true);

    /// <summary>Asserts the error contract and returns the one stderr line.</summary>
    internal static string AssertRefused(CliHarness.Outcome r, int code, params string[] mentioned)
    {
        Assert.True(r.ExitCode == code, $"exit {r.ExitCode}, expected {code}; stderr: {r.Error}");
        Assert.Equal("", r.Out);
        string error = r.Error.TrimEnd('\n', '\r');
        Assert.False(error.Contains('\n'), $"more than one line: {r.Error}");
        Assert.StartsWith("error: ", error);
        Assert.DoesNotContain("Unhandled exception", r.Error);
        Assert.DoesNotContain("   at ", r.Error);
        foreach (string m in mentioned)
        {
            Assert.Contains(m, error);
        }

        return error;
    }

    private string Temp(string name) => Path.Combine(temp, name);

    private string ModelWith(Action<JsonObject> edit)
    {
        var raw = JsonNode.Parse(File.ReadAllText(Shipped))!.AsObject();
        edit(raw);
        string path = Temp($"model-{Guid.NewGuid():N}.ltc.json");
        File.WriteAllText(path, raw.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        return path;
    }

    public static TheoryData<string[], string[]> IssueCases => new()
    {
        // The silently ignored cases of issue 11.
        { ["fly", "--windd", "12"], ["--windd", "did you mean --wind?", "--wind,"] },
        { ["fly", "--controller", "ltc", "--model", "X"], ["unknown option --model", "--controller"] },
        { ["model", "info", "--bogus"], ["--bogus", "--model, --json"] },
        { ["fly", "--controller", "pid", "--scenario", "gusts", "--seconds", ""], ["--seconds", "empty value", "Flight length"] },
        { ["fly", "--controller", "pid", "--scenario", "gusts", "--wind", " "], ["--wind", "empty value"] },
        { ["model", "info", "--model", ""], ["--model", "empty value"] },
        { ["compare", "--controllers", "ltc,,pid"], ["--controllers", "empty item", "ltc,ltc-float,pid"] },
        { ["compare", "--controllers", "ltc,pid,ltc"], ["--controllers", "ltc is listed twice"] },
        { ["compare", "--controllers", "ltc,mpc"], ["--controllers", "\"mpc\""] },
        { ["compare", "--loop-hz", "200,,500"], ["--loop-hz", "empty item"] },
        { ["fly", "--controller", "pid", "--scenario", "gusts", "--fault", "rc-loss@1", "--fault", "meteor@2"], ["--fault", "meteor"] },
        { ["fly", "--controller", "pid", "--scenario", "gusts", "--fault", "rc-loss@1", "--fault", ""], ["--fault", "empty value"] },
        { ["model"], ["model needs a sub-command", "info, export, new, golden"] },
        { [], ["needs a command", "model, scenarios, fly, compare, train, inspect, nano"] },
        { ["nano"], ["nano needs a sub-command", "golden-source"] },
        // Crashes of issue 11 that are argument errors.
        { ["fly", "--controller", "pid", "--scenario", "gusts", "--plot", ""], ["--plot", "empty value"] },
        { ["fly", "--controller", "pid", "--scenario", "gusts", "--csv", ""], ["--csv", "empty value"] },
        { ["train", "--inter-neurons", "2147483647"], ["--inter-neurons 2147483647", "at most 19 neurons"] },
        { ["train", "--inter-neurons", "2147483647", "--command-neurons", "2147483647"], ["--inter-neurons 2147483647", "at most 19 neurons"] },
        { ["train", "--inter-neurons", "2147483648"], ["--inter-neurons 2147483648", "integer range"] },
        // More: unknown verbs, switches with values, wrong types, stray arguments.
        { ["fyl"], ["unknown command 'fyl'", "did you mean fly?", "model, scenarios"] },
        { ["model", "inf"], ["model: unknown sub-command 'inf'", "did you mean info?"] },
        { ["model", "info", "--json=yes"], ["--json is a switch", "yes"] },
        { ["model", "info", "extra"], ["unexpected argument 'extra'", "--model"] },
        { ["fly", "--controller", "pid", "--scenario", "gusts", "--", "x"], ["unexpected '--'"] },
        { ["fly", "--seed", "1.5"], ["--seed 1.5", "not a whole number"] },
        { ["fly", "--seed", "one"], ["--seed one", "not an integer"] },
        { ["fly", "--seconds", "NaN"], ["--seconds NaN", "not a finite number"] },
        { ["fly", "--seconds", "1,5"], ["--seconds 1,5", "not a finite number"] },
        { ["fly", "--wind"], ["--wind needs a value <MPS>"] },
        { ["fly", "--wind", "--json"], ["--wind needs a value <MPS>"] },
        { ["fly", "--controller", "pid", "--scenario", "gusts", "--seconds", "-3"], ["--seconds", "-3"] },
        { ["fly", "--json", "--json"], ["--json is given more than once"] },
        { ["scenarios", "--json", "--frame", "x"], ["scenarios: unknown option --frame"] },
        { ["compare", "--seeds", "0"], ["--seeds 0", "1 to 1000"] },
        { ["compare", "--jobs", "99999999999"], ["--jobs 99999999999", "integer range"] },
        { ["train", "--minutes", "0"], ["--minutes 0", "more than 0"] },
        { ["train", "--threads", "0"], ["--threads 0", "1 to 64"] },
        { ["train", "--solver", ""], ["--solver", "empty value"] },
        { ["model", "export"], ["--out PATH is required"] },
        { ["model", "export", "--out", "x.cs", "--class", "lower"], ["--class lower"] },
        { ["model", "new", "--out", "x.json", "--unfolds", "0"], ["--unfolds 0", "1 to 6"] },
        { ["inspect", "--plot", "x.png"], ["--scenario is required"] },
        { ["inspect", "--scenario", "gusts"], ["--plot PATH is required"] },
        { ["inspect", "--scenario", "gusts", "--plot", "x.png", "--loop-hz", "5"], ["--loop-hz 5", "out of range"] },
        { ["nano", "golden-source", "--golden"], ["--golden needs a value <PATH>"] },
        { ["frame", "export-pid"], ["--out PATH is required"] },
        { ["frame", "export-pid", "--out", "/tmp"], ["--out /tmp"] },
        { ["frame", "export-pid", "--out", "/proc/x.cs"], ["--out /proc/x.cs"] },
        { ["frame", "export-pid", "--out", "x.cs", "--frame", "x"], ["unknown option --frame"] },
        { ["frame", "nope"], ["nope"] },
    };

    [Theory]
    [MemberData(nameof(IssueCases))]
    public void Bad_command_lines_exit_2_with_one_line_naming_the_problem(string[] args, string[] mentioned)
    {
        AssertRefused(CliHarness.Run(args), CliRunner.ExitUsage, mentioned);
    }

    /// <summary>Every verb of the tree, and per verb a bad line for each of its options, derived from the tree.</summary>
    public static TheoryData<string[], string[]> GeneratedCases()
    {
        var data = new TheoryData<string[], string[]>();
        var tree = CliApp.Build().Tree;
        foreach ((string[] path, Type settings) in Verbs(tree.Root, []))
        {
            data.Add([.. path, "--no-such-option"], ["unknown option --no-such-option"]);
            foreach (OptionSpec o in OptionSpec.Of(settings))
            {
                if (o.ValueName == null)
                {
                    if (o.Property.DeclaringType == typeof(CliSettings))
                    {
                        continue; // --verbose adds the stack trace on purpose; tested on its own below
                    }

                    data.Add([.. path, o.Name, o.Name], [o.Name, "more than once"]);
                    data.Add([.. path, o.Name + "=1"], [o.Name, "takes no value"]);
                    continue;
                }

                string good = SampleValue(o.Property.PropertyType);
                data.Add([.. path, o.Name], [o.Name, "needs a value"]);
                data.Add([.. path, o.Name, ""], [o.Name, "empty value"]);
                data.Add([.. path, o.Name + "="], [o.Name, "empty value"]);
                if (!o.Repeatable)
                {
                    data.Add([.. path, o.Name, good, o.Name, good], [o.Name, "more than once"]);
                }
                if (ArgumentCheck.TypeProblem(o.Property.PropertyType, "twelve") != null)
                {
                    data.Add([.. path, o.Name, "twelve"], [o.Name + " twelve", "not"]);
                }
            }
        }

        return data;
    }

    private static string SampleValue(Type t) => ArgumentCheck.TypeProblem(t, "1") == null ? "1" : "x";

    private static IEnumerable<(string[] Path, Type Settings)> Verbs(CommandTree.Node node, string[] path)
    {
        foreach (var child in node.Children)
        {
            string[] p = [.. path, child.Name];
            if (child.Settings != null)
            {
                yield return (p, child.Settings);
            }

            foreach (var v in Verbs(child, p))
            {
                yield return v;
            }
        }
    }

    [Theory]
    [MemberData(nameof(GeneratedCases))]
    public void Every_option_of_every_verb_refuses_misuse(string[] args, string[] mentioned)
    {
        AssertRefused(CliHarness.Run(args), CliRunner.ExitUsage, mentioned);
    }

    [Fact]
    public void The_generated_table_covers_every_verb()
    {
        var verbs = Verbs(CliApp.Build().Tree.Root, []).Select(v => string.Join(" ", v.Path)).ToList();
        // An independent list of the verbs the README names: the tree must hold at least these.
        foreach (string verb in new[] { "model info", "model export", "model new", "model golden", "scenarios", "fly", "compare", "train", "inspect", "nano golden-source", "frame export-pid" })
        {
            Assert.Contains(verb, verbs);
        }

        var generated = GeneratedCases().Select(row => string.Join(" ", ((string[])row[0]).TakeWhile(a => !a.StartsWith('-')))).ToHashSet();
        Assert.All(verbs, v => Assert.Contains(v, generated));
    }

    // ---- files ----

    [Fact]
    public void Output_paths_that_cannot_be_files_exit_2_naming_the_option_and_path()
    {
        string file = Temp("a-file");
        File.WriteAllText(file, "x");
        string[] fly = ["fly", "--controller", "pid", "--scenario", "gusts", "--seconds", "0.5"];
        AssertRefused(CliHarness.Run([.. fly, "--plot", temp]), 2, "--plot " + temp, "is a directory");
        AssertRefused(CliHarness.Run([.. fly, "--plot", "/sys/x.png"]), 2, "--plot /sys/x.png", "under /sys");
        AssertRefused(CliHarness.Run([.. fly, "--csv", "/proc/x.csv"]), 2, "--csv /proc/x.csv", "under /proc");
        AssertRefused(CliHarness.Run([.. fly, "--csv", Path.Combine(file, "x.csv")]), 2, "--csv " + Path.Combine(file, "x.csv"), "not a directory");
        AssertRefused(CliHarness.Run("inspect", "--scenario", "gusts", "--plot", temp), 2, "--plot " + temp, "is a directory");
        AssertRefused(CliHarness.Run("inspect", "--scenario", "gusts", "--plot", Temp("n.png"), "--wiring", temp), 2, "--wiring " + temp);
        AssertRefused(CliHarness.Run("train", "--out", "/proc/x.json"), 2, "--out /proc/x.json");
        AssertRefused(CliHarness.Run("train", "--log", "/proc/x.jsonl"), 2, "--log /proc/x.jsonl");
        AssertRefused(CliHarness.Run("train", "--out", temp), 2, "--out " + temp);
        AssertRefused(CliHarness.Run("model", "new", "--out", "/sys/m.json"), 2, "--out /sys/m.json");
        AssertRefused(CliHarness.Run("model", "export", "--out", temp), 2, "--out " + temp);
        AssertRefused(CliHarness.Run("model", "golden", "--out", temp), 2, "--out " + temp);
        AssertRefused(CliHarness.Run("nano", "golden-source", "--golden", Path.Combine(Root, GoldenVectors.RepositoryPath), "--out", "/proc/g.cs"), 2, "--out /proc/g.cs");
        // Nothing was left behind by the checks (they probe without creating the file).
        Assert.Equal(new[] { file }, Directory.GetFileSystemEntries(temp));
    }

    [Fact]
    public void A_full_disk_is_exit_2_naming_the_option_and_path()
    {
        Assert.True(File.Exists("/dev/full"), "this test needs Linux's /dev/full");
        AssertRefused(CliHarness.Run("fly", "--controller", "pid", "--scenario", "gusts", "--seconds", "0.5", "--csv", "/dev/full"), 2, "--csv /dev/full", "cannot write");
        AssertRefused(CliHarness.Run("fly", "--controller", "pid", "--scenario", "gusts", "--seconds", "0.5", "--plot", "/dev/full"), 2, "--plot /dev/full");
        AssertRefused(CliHarness.Run("model", "new", "--out", "/dev/full"), 2, "--out /dev/full");
        AssertRefused(CliHarness.Run("train", "--log", "/dev/full", "--out", Temp("t.json"), "--episodes", "1", "--cloning-iterations", "1",
            "--dagger-rounds", "0", "--evolution-iterations", "0"), 2, "--log /dev/full", "cannot write");
    }

    [Fact]
    public void Input_paths_that_cannot_be_read_exit_2_naming_the_option_and_path()
    {
        AssertRefused(CliHarness.Run("model", "info", "--model", "/proc/self/mem"), 2, "--model /proc/self/mem", "cannot read");
        AssertRefused(CliHarness.Run("nano", "golden-source", "--golden", "/proc/self/mem", "--out", Temp("g.cs")), 2, "--golden /proc/self/mem");
        AssertRefused(CliHarness.Run("model", "info", "--model", temp), 2, "--model " + temp, "is a directory");
        AssertRefused(CliHarness.Run("model", "info", "--model", Temp("none.json")), 2, "--model " + Temp("none.json"), "no such file");
        AssertRefused(CliHarness.Run("model", "export", "--model", "/dev/zero", "--out", Temp("x.cs")), 2, "--model /dev/zero", "larger than");
        AssertRefused(CliHarness.Run("inspect", "--scenario", "gusts", "--plot", Temp("p.png"), "--model", "/sys"), 2, "--model /sys");
        Assert.False(File.Exists(Temp("x.cs")));
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void An_unreadable_file_is_exit_2_unless_the_system_lets_this_user_read_it()
    {
        string path = Temp("locked.ltc.json");
        File.Copy(Shipped, path);
        File.SetUnixFileMode(path, UnixFileMode.None);
        bool readable;
        try
        {
            using var _ = File.OpenRead(path);
            readable = true; // root reads any file
        }
        catch (UnauthorizedAccessException)
        {
            readable = false;
        }

        var r = CliHarness.Run("model", "info", "--model", path, "--json");
        if (readable)
        {
            Assert.Equal(0, r.ExitCode);
        }
        else
        {
            AssertRefused(r, 2, "--model " + path, "cannot read");
        }
    }

    // ---- models that load but do not fit ----

    [Fact]
    public void A_model_with_a_renamed_input_passes_info_but_inspect_refuses_it_naming_the_field()
    {
        string path = ModelWith(m => m["inputs"]![2]!["name"] = "yawErrorRad");
        Assert.Equal(0, CliHarness.Run("model", "info", "--model", path, "--json").ExitCode);
        AssertRefused(CliHarness.Run("inspect", "--scenario", "gusts", "--plot", Temp("p.png"), "--model", path), 2,
            path, "inputs[2].name", "\"yawErrorRad\"", "\"yawRateErrorRadS\"");
        Assert.False(File.Exists(Temp("p.png")));
    }

    [Fact]
    public void A_model_with_seven_inputs_passes_info_but_inspect_refuses_it_naming_the_field()
    {
        string path = ModelWith(m => m["inputs"]!.AsArray().Add(JsonNode.Parse("""{ "name": "extra", "scale": 1, "offset": 0 }""")));
        Assert.Equal(0, CliHarness.Run("model", "info", "--model", path, "--json").ExitCode);
        AssertRefused(CliHarness.Run("inspect", "--scenario", "gusts", "--plot", Temp("p.png"), "--model", path), 2,
            path, "'inputs'", "7 inputs", "exactly 6");
    }

    [Fact]
    public void A_model_with_a_renamed_output_is_refused_naming_the_field()
    {
        string path = ModelWith(m => m["outputs"]![0]!["name"] = "aileron");
        AssertRefused(CliHarness.Run("inspect", "--scenario", "gusts", "--plot", Temp("p.png"), "--model", path), 2, "outputs[0].name", "\"roll\"");
    }

    [Fact]
    public void A_wrong_typed_json_value_is_quoted_on_one_line()
    {
        string path = ModelWith(m => m["unfolds"] = JsonNode.Parse("[\n  1,\n  2\n]"));
        string error = AssertRefused(CliHarness.Run("model", "info", "--model", path), 2, path, "'unfolds'", "[ 1, 2 ]", "an integer");
        Assert.DoesNotContain("\t", error);
    }

    // ---- internal errors and --verbose ----

    private sealed class FailingCommand : Command<FailingCommand.Settings>
    {
        public sealed class Settings : CliSettings;

        public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("broken\ninvariant");
    }

    private static CliApplication AppWithAFailingVerb()
    {
        var tree = new CommandTree();
        var app = new CommandApp();
        app.Configure(c =>
        {
            c.PropagateExceptions();
            tree.Record(c).AddCommand<FailingCommand>("fail");
        });
        return new CliApplication(app, tree);
    }

    [Fact]
    public void An_internal_error_is_exit_1_with_one_line_and_the_stack_trace_only_with_verbose()
    {
        string error = AssertRefused(CliHarness.Run(AppWithAFailingVerb(), "fail"), 1, "internal error", "InvalidOperationException", "broken invariant", "--verbose");
        Assert.Contains("broken invariant", error);

        foreach (string flag in new[] { "--verbose", "--debug" })
        {
            var r = CliHarness.Run(AppWithAFailingVerb(), "fail", flag);
            Assert.Equal(1, r.ExitCode);
            Assert.Contains("   at ", r.Error);
            Assert.StartsWith("error: internal error", r.Error);
        }
    }

    [Fact]
    public void Verbose_adds_the_trace_to_a_usage_error_and_keeps_its_exit_code()
    {
        var r = CliHarness.Run("fly", "--controller", "nope", "--scenario", "gusts", "--verbose");
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith("error: unknown controller \"nope\"", r.Error);
        Assert.Contains("UsageException", r.Error);
    }

    [Fact]
    public void A_verb_whose_settings_skip_the_base_class_is_refused_when_the_app_is_built()
    {
        var tree = new CommandTree();
        var app = new CommandApp();
        var e = Record.Exception(() => app.Configure(c => tree.Record(c).AddCommand<PlainCommand>("plain")));
        Assert.IsType<InvalidOperationException>(e);
        Assert.Contains(nameof(CliSettings), e.Message);
    }

    private sealed class PlainCommand : Command<PlainCommand.Settings>
    {
        public sealed class Settings : CommandSettings;

        public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken) => 0;
    }

    // ---- what still works ----

    [Fact]
    public void Help_negative_values_and_equals_syntax_still_work()
    {
        // Spectre prints help on its own console (not captured here): the exit code is what a script sees.
        Assert.Equal(0, CliHarness.Run("fly", "--help").ExitCode);
        Assert.Contains(OptionSpec.Of(typeof(FlyCommand.Settings)), o => o.Name == CliSettings.VerboseOption);
        Assert.Equal(0, CliHarness.Run("model", "--help").ExitCode);
        Assert.Equal(0, CliHarness.Run("--help").ExitCode);

        var r = CliHarness.Run("fly", "--controller=pid", "--scenario", "gusts", "--seconds=0.5", "--seed", "-3", "--json");
        Assert.True(r.ExitCode == 0, r.Error);
        Assert.Contains("\"seed\":-3", r.Out);

        string csv = Path.Combine(temp, "new", "dir", "f.csv");
        r = CliHarness.Run("fly", "--controller", "pid", "--scenario", "gusts", "--seconds", "0.5", "--csv", csv, "--json");
        Assert.True(r.ExitCode == 0, r.Error);
        Assert.StartsWith("time_s,", File.ReadAllText(csv));
    }
}
