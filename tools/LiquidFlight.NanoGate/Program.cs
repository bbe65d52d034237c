namespace LiquidFlight.NanoGate;

/// <summary>
/// <c>NanoGate [--msbuild] &lt;assembly.dll&gt; [...]</c>: checks each assembly against the nanoFramework rules and
/// prints one line per violation. Exit code 0 when every assembly passes, 1 when any violation is found, 2 for bad
/// arguments (nothing to check, a missing file, a file that is not a .NET assembly). With --msbuild each line is
/// prefixed in MSBuild's error format with the source line (from the portable PDB) and the rule's NGnnn code.
/// </summary>
public static class Program
{
    public const int Passed = 0;
    public const int ViolationsFound = 1;
    public const int BadArguments = 2;

    public static int Main(string[] args) => Run(args, Console.Out, Console.Error);

    public static int Run(IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        const string MSBuildOption = "--msbuild";
        bool msbuildFormat = args.Contains(MSBuildOption);
        args = [.. args.Where(a => a != MSBuildOption)];
        bool helpAsked = args.Any(a => a is "-h" or "--help" or "/?");
        if (args.Count == 0 || helpAsked)
        {
            // Asked-for help is a normal answer; help shown because nothing was given is a usage error.
            var usage = helpAsked ? output : error;
            usage.WriteLine("usage: NanoGate [--msbuild] <assembly.dll> [<assembly.dll> ...]");
            usage.WriteLine("Refuses generics, multi-dimensional arrays, float/double and DESIGN.md-forbidden types. Rules:");
            foreach (var rule in NanoRules.Table)
            {
                usage.WriteLine($"  {rule.Code} {rule.Id,-22} {rule.Refuses}");
            }
            return helpAsked ? Passed : BadArguments;
        }
        var options = args.Where(a => a.StartsWith('-')).ToList();
        if (options.Count > 0)
        {
            error.WriteLine($"NanoGate: error: unknown option '{options[0]}' (the only option is {MSBuildOption}; other arguments are assembly paths)");
            return BadArguments;
        }

        // Every path is validated before any is checked, so a typo does not hide behind a wall of violations.
        foreach (var path in args)
        {
            if (!File.Exists(path))
            {
                error.WriteLine($"NanoGate: error: '{path}' does not exist (expected a compiled .dll)");
                return BadArguments;
            }
        }

        int exitCode = Passed;
        foreach (var path in args)
        {
            GateResult result;
            try
            {
                result = AssemblyGate.Check(path);
            }
            catch (BadImageFormatException e)
            {
                error.WriteLine($"NanoGate: error: '{path}' is not a readable .NET assembly: {e.Message}");
                return BadArguments;
            }
            foreach (var violation in result.Violations)
            {
                output.WriteLine(msbuildFormat ? violation.ToMSBuildError() : violation.ToString());
            }
            string verdict = result.Passed ? "passed" : $"{result.Violations.Count} violation(s)";
            output.WriteLine(
                $"NanoGate: {result.Assembly}: {verdict} ({result.TypesChecked} types, {result.MethodsChecked} methods, " +
                $"{result.InstructionsChecked} IL instructions checked)");
            if (!result.Passed)
            {
                exitCode = ViolationsFound;
            }
        }
        return exitCode;
    }
}
