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
        const string ReferenceOption = "--reference";
        bool msbuildFormat = args.Contains(MSBuildOption);
        args = [.. args.Where(a => a != MSBuildOption)];
        var references = new List<string>();
        var rest = new List<string>();
        for (int i = 0; i < args.Count; i++)
        {
            if (args[i] != ReferenceOption)
            {
                rest.Add(args[i]);
            }
            else if (i + 1 < args.Count)
            {
                references.Add(args[++i]);
            }
            else
            {
                error.WriteLine($"NanoGate: error: {ReferenceOption} needs a path (an assembly the checked one was compiled against)");
                return BadArguments;
            }
        }
        args = rest;
        bool helpAsked = args.Any(a => a is "-h" or "--help" or "/?");
        if (args.Count == 0 || helpAsked)
        {
            // Asked-for help is a normal answer; help shown because nothing was given is a usage error.
            var usage = helpAsked ? output : error;
            usage.WriteLine("usage: NanoGate [--msbuild] [--reference <compiled-against.dll> ...] <assembly.dll> [<assembly.dll> ...]");
            usage.WriteLine("Refuses generics, multi-dimensional arrays, float/double, DESIGN.md-forbidden types, struct locals,");
            usage.WriteLine("struct newobj/initobj and box. --reference names an assembly read to tell referenced structs from enums. Rules:");
            foreach (var rule in NanoRules.Table)
            {
                usage.WriteLine($"  {rule.Code} {rule.Id,-22} {rule.Refuses}");
            }
            return helpAsked ? Passed : BadArguments;
        }
        var options = args.Where(a => a.StartsWith('-')).ToList();
        if (options.Count > 0)
        {
            error.WriteLine($"NanoGate: error: unknown option '{options[0]}' (the options are {MSBuildOption} and {ReferenceOption} <path>; other arguments are assembly paths)");
            return BadArguments;
        }

        // Every path is validated before any is checked, so a typo does not hide behind a wall of violations.
        foreach (var path in args.Concat(references))
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
                result = AssemblyGate.Check(path, references);
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
