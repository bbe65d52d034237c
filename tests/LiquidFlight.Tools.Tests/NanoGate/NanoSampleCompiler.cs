using System.Collections.Immutable;
using LiquidFlight.NanoGate;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace LiquidFlight.Tools.Tests.NanoGate;

/// <summary>
/// Compiles C# samples the way tools/LiquidFlight.NanoCheck compiles Core: C# 7.3, no standard library, the real
/// nanoFramework mscorlib as the only framework reference. Debug code generation keeps every local the sample
/// declares, so a sample's locals are exactly the ones written.
/// </summary>
internal static class NanoSampleCompiler
{
    public sealed record Compiled(bool Success, ImmutableArray<Diagnostic> Errors, byte[] Image, string FileName)
    {
        public MetadataReference AsReference() => MetadataReference.CreateFromImage(Image);
    }

    public static Compiled Compile(string assemblyName, string source, params MetadataReference[] references) =>
        Compile(assemblyName, source, pdb: null, sourcePath: "", references);

    /// <summary>Compiles, also writing a portable PDB whose documents name <paramref name="sourcePath"/>.</summary>
    public static Compiled Compile(string assemblyName, string source, Stream? pdb, string sourcePath, params MetadataReference[] references)
    {
        var tree = CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.CSharp7_3), sourcePath, System.Text.Encoding.UTF8);
        var compilation = CSharpCompilation.Create(
            assemblyName,
            [tree],
            [MetadataReference.CreateFromFile(NanoTestAssets.NanoMscorlib), .. references],
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Debug));
        using var image = new MemoryStream();
        var result = compilation.Emit(image, pdb,
            options: pdb is null ? null : new Microsoft.CodeAnalysis.Emit.EmitOptions(debugInformationFormat: Microsoft.CodeAnalysis.Emit.DebugInformationFormat.PortablePdb));
        var errors = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).ToImmutableArray();
        return new Compiled(result.Success, errors, image.ToArray(), assemblyName + ".dll");
    }

    /// <summary>
    /// Compiles a sample that must compile, and runs the gate over it, giving it the nano mscorlib and the
    /// <paramref name="libraries"/> as the assemblies it was compiled against (as the build does).
    /// </summary>
    public static GateResult CompileAndCheck(string source, params Compiled[] libraries)
    {
        var compiled = Compile("Sample", source, [.. libraries.Select(l => l.AsReference())]);
        Assert.True(compiled.Success, "sample does not compile against the nano mscorlib:\n" + string.Join("\n", compiled.Errors));
        Stream[] references = [File.OpenRead(NanoTestAssets.NanoMscorlib), .. libraries.Select(l => new MemoryStream(l.Image))];
        try
        {
            return AssemblyGate.Check(new MemoryStream(compiled.Image), compiled.FileName, references);
        }
        finally
        {
            foreach (var stream in references)
            {
                stream.Dispose();
            }
        }
    }
}
