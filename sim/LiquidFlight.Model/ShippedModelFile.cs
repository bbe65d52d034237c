using System.Reflection;

namespace LiquidFlight.Model;

/// <summary>
/// Where the shipped model lives: <see cref="RepositoryPath"/> (the model file under version control) and
/// <see cref="GeneratedSourcePath"/> (its exported constants compiled into Core). The file is also embedded in
/// this assembly so tools find the model when run outside the repository.
/// </summary>
public static class ShippedModelFile
{
    public const string RepositoryPath = "sim/LiquidFlight.Model/Models/shipped.ltc.json";
    public const string GeneratedSourcePath = "firmware/LiquidFlight.Core/Ltc/ShippedModel.g.cs";
    private const string ResourceName = "LiquidFlight.Model.shipped.ltc.json";

    /// <summary>The shipped model, where it came from, and the file's text (empty for the built-in fallback).</summary>
    public sealed record Loaded(LtcModel Model, string Source, string Text);

    /// <summary>
    /// The repository's model file when the current or the program's directory is inside the repository, else
    /// the copy embedded at build time, else the seeded untrained model.
    /// </summary>
    public static Loaded LoadDefault()
    {
        string? root = FindRepositoryRoot(Directory.GetCurrentDirectory()) ?? FindRepositoryRoot(AppContext.BaseDirectory);
        if (root != null)
        {
            string path = Path.Combine(root, RepositoryPath);
            if (File.Exists(path))
            {
                string text = File.ReadAllText(path);
                return new Loaded(ModelFile.Parse(text, path), path, text);
            }
        }

        using Stream? stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourceName);
        if (stream != null)
        {
            string text = new StreamReader(stream).ReadToEnd();
            return new Loaded(ModelFile.Parse(text, $"embedded {RepositoryPath}"), $"embedded {RepositoryPath}", text);
        }

        LtcModel model = UntrainedModel.CreateDefault();
        return new Loaded(model, $"built-in untrained model (seed {UntrainedModel.DefaultSeed})", ModelFile.Serialize(model));
    }

    /// <summary>The nearest directory at or above <paramref name="start"/> holding LiquidFlight.sln, or null.</summary>
    public static string? FindRepositoryRoot(string start)
    {
        for (DirectoryInfo? d = new(start); d != null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "LiquidFlight.sln")))
            {
                return d.FullName;
            }
        }

        return null;
    }

    /// <summary>A path as the repository names it (forward slashes, relative to the root) when inside it, else its file name.</summary>
    public static string RepositoryLabel(string path)
    {
        string full = Path.GetFullPath(path);
        string? root = FindRepositoryRoot(Path.GetDirectoryName(full) ?? full);
        return root == null ? Path.GetFileName(full) : Path.GetRelativePath(root, full).Replace('\\', '/');
    }
}
