using LiquidFlight.NanoGate;
using static LiquidFlight.Tools.Tests.NanoGate.NanoSampleCompiler;

namespace LiquidFlight.Tools.Tests.NanoGate;

/// <summary>The console entry the build runs: exit codes and the printed lines MSBuild turns into errors.</summary>
public sealed class NanoGateConsoleTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("nanogate-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    private string WriteSample(string fileName, string source)
    {
        var compiled = Compile(Path.GetFileNameWithoutExtension(fileName), source);
        Assert.True(compiled.Success, string.Join("\n", compiled.Errors));
        string path = Path.Combine(directory, fileName);
        File.WriteAllBytes(path, compiled.Image);
        return path;
    }

    private static (int ExitCode, string[] Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exitCode = LiquidFlight.NanoGate.Program.Run(args, output, error);
        return (exitCode, output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), error.ToString());
    }

    [Fact]
    public void ViolationsPrintOneLinePerViolationAndExitOne()
    {
        string bad = WriteSample("Gains.dll", "namespace Samples { public class Gains { public float Kp; public double Ki; } }");

        var (exitCode, output, _) = Run(bad);

        Assert.Equal(LiquidFlight.NanoGate.Program.ViolationsFound, exitCode);
        Assert.Equal(
            [
                "Gains.dll: Samples.Gains::Kp: float-type (field type: float32)",
                "Gains.dll: Samples.Gains::Ki: float-type (field type: float64)",
            ],
            output.Where(line => line.StartsWith("Gains.dll: ")));
        Assert.Contains(output, line => line.StartsWith("NanoGate: Gains.dll: 2 violation(s)"));
    }

    [Fact]
    public void MSBuildFormatLocatesAnInstructionAtItsSourceLine()
    {
        // Line 7, column 13 is the return statement that holds the constant 1.5.
        const string Source = """
            namespace Samples
            {
                public static class Limits
                {
                    public static bool Above(int x)
                    {
                        return x > 1.5;
                    }
                }
            }
            """;
        string sourcePath = Path.Combine(directory, "Limits.cs");
        string assemblyPath = Path.Combine(directory, "Limits.dll");
        using (var pdb = File.Create(Path.Combine(directory, "Limits.pdb")))
        {
            var compiled = Compile("Limits", Source, pdb, sourcePath);
            Assert.True(compiled.Success, string.Join("\n", compiled.Errors));
            File.WriteAllBytes(assemblyPath, compiled.Image);
        }

        var (exitCode, output, _) = Run("--msbuild", assemblyPath);

        Assert.Equal(LiquidFlight.NanoGate.Program.ViolationsFound, exitCode);
        Assert.Contains($"{sourcePath}(7,13): error NG006: Limits.dll: Samples.Limits::Above: float-constant (IL_0003 ldc.r8 1.5)", output);
        Assert.Contains($"{sourcePath}(7,13): error NG007: Limits.dll: Samples.Limits::Above: float-conversion (IL_0002 conv.r8)", output);
    }

    [Fact]
    public void MSBuildFormatWithoutASourceLineNamesTheAssembly()
    {
        string bad = WriteSample("Gains.dll", "namespace Samples { public class Gains { public float Kp; } }");

        var (exitCode, output, _) = Run("--msbuild", bad);

        Assert.Equal(LiquidFlight.NanoGate.Program.ViolationsFound, exitCode);
        Assert.Contains("Gains.dll: error NG005: Gains.dll: Samples.Gains::Kp: float-type (field type: float32)", output);
    }

    [Fact]
    public void CleanAssemblyExitsZero()
    {
        string clean = WriteSample("Clean.dll", "namespace Samples { public static class Add { public static int Of(int a, int b) { return a + b; } } }");

        var (exitCode, output, _) = Run(clean);

        Assert.Equal(LiquidFlight.NanoGate.Program.Passed, exitCode);
        Assert.Single(output);
        Assert.StartsWith("NanoGate: Clean.dll: passed", output[0]);
    }

    [Fact]
    public void AnyFailingAssemblyAmongSeveralExitsOne()
    {
        string clean = WriteSample("Clean.dll", "namespace Samples { public class Ok { } }");
        string bad = WriteSample("Bad.dll", "namespace Samples { public class Box<T> { } }");

        Assert.Equal(LiquidFlight.NanoGate.Program.ViolationsFound, Run(clean, bad).ExitCode);
    }

    [Fact]
    public void NoArgumentsIsBadUsage()
    {
        var (exitCode, _, error) = Run();

        Assert.Equal(LiquidFlight.NanoGate.Program.BadArguments, exitCode);
        Assert.Contains("usage: NanoGate", error);
    }

    [Fact]
    public void HelpListsEveryRuleAndExitsZero()
    {
        var (exitCode, output, _) = Run("--help");

        Assert.Equal(LiquidFlight.NanoGate.Program.Passed, exitCode);
        Assert.All(NanoRules.Table, rule => Assert.Contains(output, line => line.StartsWith($"{rule.Code} {rule.Id} ")));
    }

    [Fact]
    public void UnknownOptionIsBadUsageNamingTheOption()
    {
        var (exitCode, _, error) = Run("--strict", "Core.dll");

        Assert.Equal(LiquidFlight.NanoGate.Program.BadArguments, exitCode);
        Assert.Contains("'--strict'", error);
    }

    [Fact]
    public void MissingFileIsBadUsageNamingThePath()
    {
        string missing = Path.Combine(directory, "Nowhere.dll");

        var (exitCode, _, error) = Run(missing);

        Assert.Equal(LiquidFlight.NanoGate.Program.BadArguments, exitCode);
        Assert.Contains(missing, error);
    }

    [Fact]
    public void FileThatIsNotAnAssemblyIsBadUsageNamingThePath()
    {
        string text = Path.Combine(directory, "notes.dll");
        File.WriteAllText(text, "not a portable executable");

        var (exitCode, _, error) = Run(text);

        Assert.Equal(LiquidFlight.NanoGate.Program.BadArguments, exitCode);
        Assert.Contains("notes.dll", error);
        Assert.Contains("not a readable .NET assembly", error);
    }

    [Fact]
    public void RuleTableHasOneRowPerRuleWithUniqueIds()
    {
        var rules = Enum.GetValues<NanoRule>();

        Assert.Equal(rules.Length, NanoRules.Table.Count);
        Assert.All(rules, rule => Assert.Equal(rule, NanoRules.Info(rule).Rule));
        Assert.Equal(rules.Length, NanoRules.Table.Select(r => r.Id).Distinct().Count());
    }
}
