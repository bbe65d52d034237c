using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace LiquidFlight.NanoGate;

/// <summary>A place in a source file, from the assembly's portable PDB.</summary>
public readonly record struct SourceLocation(string File, int Line, int Column);

/// <summary>
/// Maps a method (and an IL offset in it) to the source line that produced it, using the portable PDB beside the
/// assembly or embedded in it, so a build error can point at the line to change. Without a PDB nothing is located.
/// </summary>
public sealed class SourceLocator : IDisposable
{
    private readonly MetadataReaderProvider? provider;
    private readonly MetadataReader? pdb;

    private SourceLocator(MetadataReaderProvider? provider)
    {
        this.provider = provider;
        pdb = provider?.GetMetadataReader();
    }

    public static SourceLocator None { get; } = new(null);

    public static SourceLocator Open(PEReader peReader, string assemblyPath)
    {
        try
        {
            return peReader.TryOpenAssociatedPortablePdb(assemblyPath, path => File.Exists(path) ? File.OpenRead(path) : null, out var pdbProvider, out _)
                ? new SourceLocator(pdbProvider)
                : None;
        }
        catch (Exception e) when (e is BadImageFormatException or IOException)
        {
            return None; // a Windows PDB or an unreadable file: violations are still reported, without lines
        }
    }

    /// <summary>
    /// The statement holding <paramref name="ilOffset"/>, or the method's first statement when the offset is null
    /// (a finding in the signature or the locals).
    /// </summary>
    public SourceLocation? Locate(MethodDefinitionHandle method, int? ilOffset)
    {
        if (pdb is null)
        {
            return null;
        }
        SequencePoint? best = null;
        foreach (var point in pdb.GetMethodDebugInformation(method.ToDebugInformationHandle()).GetSequencePoints())
        {
            if (point.IsHidden)
            {
                continue;
            }
            if (ilOffset is null)
            {
                best = point;
                break;
            }
            if (point.Offset > ilOffset)
            {
                break;
            }
            best = point;
        }
        if (best is not { } found)
        {
            return null;
        }
        string file = pdb.GetString(pdb.GetDocument(found.Document).Name);
        return new SourceLocation(file, found.StartLine, found.StartColumn);
    }

    public void Dispose() => provider?.Dispose();
}
