using LiquidFlight.IlPass;
using Mono.Cecil;
using Mono.Cecil.Cil;

// The interpreter IL pass on an assembly, in place (and on the portable PDB beside it, if there is one).
if (args.Length != 1 || args[0].StartsWith('-'))
{
    Console.Error.WriteLine("usage: LiquidFlight.IlPass <assembly.dll>  (rewrites it in place for the nanoFramework interpreter)");
    return 2;
}

string path = args[0];
if (!File.Exists(path))
{
    Console.Error.WriteLine(Directory.Exists(path)
        ? $"il-pass: '{path}' is a directory, not an assembly"
        : $"il-pass: assembly '{path}' does not exist");
    return 2;
}

string pdbPath = Path.ChangeExtension(path, ".pdb");
bool symbols = File.Exists(pdbPath);
IlPassResult result;
try
{
    var read = new ReaderParameters(ReadingMode.Immediate) { ReadSymbols = symbols };
    if (symbols)
    {
        read.SymbolStream = new MemoryStream(File.ReadAllBytes(pdbPath));
        read.SymbolReaderProvider = new PortablePdbReaderProvider();
    }

    using var module = ModuleDefinition.ReadModule(new MemoryStream(File.ReadAllBytes(path)), read);
    result = InterpreterIlPass.Run(module);
    var image = new MemoryStream();
    var pdb = new MemoryStream();
    var write = new WriterParameters { DeterministicMvid = true, WriteSymbols = symbols };
    if (symbols)
    {
        write.SymbolStream = pdb;
        write.SymbolWriterProvider = new PortablePdbWriterProvider();
    }

    module.Write(image, write);
    File.WriteAllBytes(path, image.ToArray());
    if (symbols)
    {
        File.WriteAllBytes(pdbPath, pdb.ToArray());
    }
}
catch (InvalidOperationException e)
{
    // A method marked [InterpreterInline] that the pass cannot inline exactly: the message names it and why.
    Console.Error.WriteLine($"il-pass: '{path}': {e.Message}");
    return 2;
}
catch (BadImageFormatException e)
{
    Console.Error.WriteLine($"il-pass: '{path}' is not a .NET assembly ({e.Message})");
    return 2;
}
catch (Exception e) when (e is IOException or UnauthorizedAccessException)
{
    Console.Error.WriteLine($"il-pass: cannot rewrite '{path}' or its PDB in place: {e.Message}");
    return 2;
}

Console.WriteLine($"il-pass: {Path.GetFileName(path)}: {result}");
return 0;
