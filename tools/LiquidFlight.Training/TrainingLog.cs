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

    private readonly string? _path;

    /// <summary>Opens the log; any file error, now or on a later write, is a <see cref="TrainingLogException"/>.</summary>
    public TrainingLog(string? path)
    {
        _path = path;
        if (path != null)
        {
            _writer = Guard(() =>
            {
                string? dir = Path.GetDirectoryName(Path.GetFullPath(path));
                if (dir != null) Directory.CreateDirectory(dir);
                return new StreamWriter(path, append: false);
            });
        }
    }

    public IReadOnlyList<TrainingLogEntry> Entries => _entries;

    public void Write(TrainingLogEntry entry)
    {
        _entries.Add(entry);
        if (_writer == null) return;
        Guard(() =>
        {
            _writer.WriteLine(JsonSerializer.Serialize(entry, JsonOptions));
            _writer.Flush();
            return _writer;
        });
    }

    public void Dispose()
    {
        if (_writer != null) Guard(() => { _writer.Dispose(); return _writer; });
    }

    private TextWriter Guard(Func<TextWriter> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new TrainingLogException(_path!, e);
        }
    }

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

/// <summary>The training log could not be opened or written (the inner exception says why).</summary>
public sealed class TrainingLogException(string path, Exception inner)
    : IOException($"{path}: cannot write the training log: {inner.Message}", inner)
{
    public string Path { get; } = path;

    /// <summary>The log error behind <paramref name="e"/> (itself, an inner exception, or one of an aggregate's), or null.</summary>
    public static TrainingLogException? Find(Exception? e)
    {
        for (; e != null; e = e.InnerException)
        {
            if (e is TrainingLogException log) return log;
            if (e is AggregateException a)
            {
                foreach (var inner in a.InnerExceptions)
                {
                    if (Find(inner) is { } found) return found;
                }
            }
        }

        return null;
    }
}
