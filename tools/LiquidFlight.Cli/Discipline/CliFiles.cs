using System.Text;

namespace LiquidFlight.Cli.Discipline;

/// <summary>
/// Every file the CLI reads or writes goes through here, so every failure (missing, a directory, no permission,
/// a device that cannot be read, a full disk, a path under /proc or /sys) is a <see cref="UsageException"/> that
/// names the option and the path: exit code 2, one line.
/// </summary>
public static class CliFiles
{
    /// <summary>Largest file a verb reads (model files and golden vectors are far smaller); stops /dev/zero.</summary>
    public const int MaxReadBytes = 64 << 20;

    private static readonly string[] PseudoFileSystems = ["/proc", "/sys"];

    public static UsageException Error(string option, string path, string problem) => new($"{option} {path}: {problem}");

    /// <summary>Refuses a path that does not name an existing regular file this process can open for reading.</summary>
    public static void CheckReadable(string path, string option)
    {
        string full = FullPath(path, option);
        if (Directory.Exists(full))
        {
            throw Error(option, path, "is a directory; allowed: a file");
        }

        if (!File.Exists(full))
        {
            throw Error(option, path, "no such file");
        }

        try
        {
            using var _ = new FileStream(full, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        }
        catch (Exception e) when (IsFileError(e))
        {
            throw Error(option, path, $"cannot read ({e.Message})");
        }
    }

    /// <summary>Reads a UTF-8 text file of at most <see cref="MaxReadBytes"/>.</summary>
    public static string ReadAllText(string path, string option)
    {
        CheckReadable(path, option);
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int n;
            while ((n = stream.Read(chunk, 0, chunk.Length)) > 0)
            {
                buffer.Write(chunk, 0, n);
                if (buffer.Length > MaxReadBytes)
                {
                    throw Error(option, path, $"is larger than {MaxReadBytes >> 20} MiB; allowed: a file this verb reads (model, golden vectors)");
                }
            }

            return new UTF8Encoding(false, false).GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        }
        catch (Exception e) when (IsFileError(e))
        {
            throw Error(option, path, $"cannot read ({e.Message})");
        }
    }

    /// <summary>
    /// Refuses a path that cannot become a file this process writes: a directory, a path under /proc or /sys, a
    /// path through a file, or a file or nearest existing directory that cannot be written. Changes nothing.
    /// </summary>
    public static void CheckWritable(string path, string option)
    {
        string full = FullPath(path, option);
        if (OperatingSystem.IsLinux())
        {
            foreach (string root in PseudoFileSystems)
            {
                if (full == root || full.StartsWith(root + "/", StringComparison.Ordinal))
                {
                    throw Error(option, path, $"is under {root}, which holds no files a program can create; allowed: a path in an ordinary directory");
                }
            }
        }

        if (Directory.Exists(full))
        {
            throw Error(option, path, "is a directory; allowed: a file path");
        }

        try
        {
            if (File.Exists(full))
            {
                // Opening for writing without truncating checks the permission and leaves the content alone.
                using var _ = new FileStream(full, FileMode.Open, FileAccess.Write, FileShare.ReadWrite);
                return;
            }

            string? dir = Path.GetDirectoryName(full);
            while (dir != null && !Directory.Exists(dir))
            {
                if (File.Exists(dir))
                {
                    throw Error(option, path, $"{dir} is a file, not a directory");
                }

                dir = Path.GetDirectoryName(dir);
            }

            if (dir != null)
            {
                string probe = Path.Combine(dir, $".liquidflight-write-check-{Environment.ProcessId}-{Guid.NewGuid():N}");
                using var _ = new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
        }
        catch (Exception e) when (IsFileError(e))
        {
            throw Error(option, path, $"cannot write ({e.Message})");
        }
    }

    /// <summary>Writes a file (creating its directory), naming the option and path on any failure, including a full disk.</summary>
    public static void Write(string path, string option, Action<Stream> write)
    {
        CheckWritable(path, option);
        try
        {
            string? dir = Path.GetDirectoryName(Path.GetFullPath(path));
            if (dir != null)
            {
                Directory.CreateDirectory(dir);
            }

            using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read);
            write(stream);
            stream.Flush(flushToDisk: false);
        }
        catch (Exception e) when (IsFileError(e))
        {
            throw Error(option, path, $"cannot write ({e.Message})");
        }
    }

    public static void WriteAllText(string path, string option, string text) =>
        Write(path, option, s => s.Write(new UTF8Encoding(false).GetBytes(text)));

    public static void WriteAllBytes(string path, string option, byte[] bytes) => Write(path, option, s => s.Write(bytes));

    /// <summary>Writes text through a writer (UTF-8, no byte-order mark), for the CSV and other streamed output.</summary>
    public static void WriteText(string path, string option, Action<TextWriter> write) =>
        Write(path, option, s =>
        {
            using var w = new StreamWriter(s, new UTF8Encoding(false), 65536, leaveOpen: true);
            write(w);
            w.Flush();
        });

    public static bool IsFileError(Exception e) =>
        e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException or System.Security.SecurityException;

    private static string FullPath(string path, string option)
    {
        try
        {
            return Path.GetFullPath(path);
        }
        catch (Exception e) when (IsFileError(e))
        {
            throw Error(option, path, $"not a usable path ({e.Message})");
        }
    }
}
