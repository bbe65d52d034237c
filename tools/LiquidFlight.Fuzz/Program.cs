using LiquidFlight.Fuzz;
using SharpFuzz;

// liquidflight-fuzz TARGET            : under afl-fuzz (SharpFuzz out-of-process), one input per run on stdin
// liquidflight-fuzz TARGET FILE|DIR.. : replays inputs directly (reproduce a finding, check a corpus)
if (args.Length == 0 || !FuzzTargets.All.TryGetValue(args[0], out var target))
{
    Console.Error.WriteLine($"error: a target is required; allowed: {string.Join(", ", FuzzTargets.All.Keys)}");
    return 2;
}

if (args.Length == 1)
{
    Fuzzer.OutOfProcess.Run(stream =>
    {
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        target(buffer.ToArray());
    });
    return 0;
}

int failures = 0, inputs = 0;
foreach (string path in args.Skip(1).SelectMany<string, string>(a => Directory.Exists(a) ? Directory.GetFiles(a).Order(StringComparer.Ordinal) : new[] { a }))
{
    inputs++;
    try
    {
        target(File.ReadAllBytes(path));
    }
    catch (Exception e)
    {
        failures++;
        Console.Error.WriteLine($"{path}: {e.GetType().Name}: {e.Message}");
        Console.Error.WriteLine(e.StackTrace);
    }
}

Console.WriteLine($"{args[0]}: {inputs} inputs, {failures} failing");
return failures == 0 ? 0 : 1;
