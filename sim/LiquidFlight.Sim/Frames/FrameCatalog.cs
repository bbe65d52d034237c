namespace LiquidFlight.Sim.Frames;

/// <summary>
/// The frames shipped under hardware/frames/. The files are copied next to the simulator assembly at build
/// time, so tools and tests find them wherever they run; a repository checkout is searched as a fallback.
/// </summary>
public static class FrameCatalog
{
    public const string DefaultFrameName = "quad250-brushless";

    private static readonly object Gate = new();
    private static Dictionary<string, FrameSpec>? cache;

    public static string FramesDirectory
    {
        get
        {
            string beside = Path.Combine(AppContext.BaseDirectory, "frames");
            if (Directory.Exists(beside))
            {
                return beside;
            }

            for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir != null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "hardware", "frames");
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }
            }

            throw new FrameFileException(
                $"frames directory not found (looked in {beside} and in hardware/frames above {Directory.GetCurrentDirectory()})");
        }
    }

    /// <summary>All frames, by name, sorted by name.</summary>
    public static IReadOnlyList<FrameSpec> All
    {
        get
        {
            var frames = Load().Values.ToList();
            frames.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
            return frames;
        }
    }

    public static IReadOnlyList<string> Names => All.Select(f => f.Name).ToList();

    public static bool TryGet(string name, out FrameSpec frame) => Load().TryGetValue(name, out frame!);

    public static FrameSpec Get(string name)
    {
        if (!TryGet(name, out var frame))
        {
            throw new FrameFileException($"unknown frame \"{name}\"; allowed: {string.Join(", ", Names)}");
        }

        return frame;
    }

    private static Dictionary<string, FrameSpec> Load()
    {
        lock (Gate)
        {
            if (cache != null)
            {
                return cache;
            }

            var result = new Dictionary<string, FrameSpec>(StringComparer.Ordinal);
            foreach (string file in Directory.GetFiles(FramesDirectory, "*.json").OrderBy(f => f, StringComparer.Ordinal))
            {
                var frame = FrameLoader.Load(file);
                string expected = Path.GetFileNameWithoutExtension(file);
                if (frame.Name != expected)
                {
                    throw new FrameFileException(
                        $"{file}: field \"name\" is \"{frame.Name}\"; allowed: \"{expected}\" (the file name)");
                }

                result[frame.Name] = frame;
            }

            cache = result;
            return result;
        }
    }
}
