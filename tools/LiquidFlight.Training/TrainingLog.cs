using System.Globalization;
using System.Text.Json;

namespace LiquidFlight.Training;

/// <summary>
/// The training log: one JSON object per line (JSONL), one line per iteration of any phase, flushed as it goes
/// so a long run can be watched with `tail -f`. Wall-clock time is logged for information only; nothing in the
/// training depends on it except the optional --minutes cut-off.
/// </summary>
public sealed class TrainingLog : IDisposable
{
    private readonly TextWriter? _writer;
    private readonly List<TrainingLogEntry> _entries = new();

    public TrainingLog(string? path)
    {
        if (path != null)
        {
            string? dir = Path.GetDirectoryName(Path.GetFullPath(path));
            if (dir != null) Directory.CreateDirectory(dir);
            _writer = new StreamWriter(path, append: false);
        }
    }

    public IReadOnlyList<TrainingLogEntry> Entries => _entries;

    public void Write(TrainingLogEntry entry)
    {
        _entries.Add(entry);
        if (_writer == null) return;
        _writer.WriteLine(JsonSerializer.Serialize(entry, JsonOptions));
        _writer.Flush();
    }

    public void Dispose() => _writer?.Dispose();

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}

/// <summary>One log line. Cost is the phase's objective (supervised loss or closed-loop cost).</summary>
public sealed record TrainingLogEntry(
    string Phase,
    int Iteration,
    double Cost,
    double? ValidationCost,
    int Samples,
    double WallSeconds,
    string? Note = null)
{
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Phase} #{Iteration}: cost {Cost:G5}");
}
