using System.Xml.Linq;

namespace LiquidFlight.Tools.Tests.NanoGate;

/// <summary>
/// The nanoFramework projects list their sources one by one. The TestFramework test adapter reads an nfproj's
/// Compile items literally and calls File.ReadAllText on each Include (nanoframework/nanoFramework.TestFramework,
/// source/TestAdapter/Discover.cs): a wildcard path throws, the exception is only logged, and Test Explorer finds
/// no test. So a wildcard is refused, and each list must equal the .cs files of its source folder, so that a file
/// added to Core (or the firmware, or the on-device tests) without its Compile line fails here, naming the file.
/// </summary>
public class NfprojCompileItemTests
{
    private static string Root => NanoTestAssets.RepositoryRoot;

    private static IEnumerable<string> Nfprojs() =>
        Directory.EnumerateFiles(Root, "*.nfproj", SearchOption.AllDirectories)
            .Where(p => !Path.GetRelativePath(Root, p).Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj" or ".git"))
            .Order(StringComparer.Ordinal);

    private static string Relative(string path) => Path.GetRelativePath(Root, path).Replace('\\', '/');

    /// <summary>The project's own properties (no imports), for $(Name) in an Include.</summary>
    private static Dictionary<string, string> Properties(XDocument project) =>
        project.Descendants().Where(e => e.Parent?.Name.LocalName == "PropertyGroup" && !e.HasElements)
            .GroupBy(e => e.Name.LocalName).ToDictionary(g => g.Key, g => g.Last().Value.Trim());

    private static string Expand(string include, Dictionary<string, string> properties) =>
        System.Text.RegularExpressions.Regex.Replace(include, @"\$\((\w+)\)",
            m => properties.TryGetValue(m.Groups[1].Value, out var value) ? value : m.Value);

    private static List<string> CompileIncludes(XDocument project) =>
        [.. project.Descendants().Where(e => e.Name.LocalName == "Compile").Select(e => (string?)e.Attribute("Include") ?? "")];

    [Fact]
    public void RepositoryHasTheThreeNfprojs()
    {
        Assert.Equal(
            ["firmware/LiquidFlight.Core.Nano/LiquidFlight.Core.Nano.nfproj", "firmware/LiquidFlight.Firmware/LiquidFlight.Firmware.nfproj", "tests/NFUnitTest/NFUnitTest.nfproj"],
            Nfprojs().Select(Relative));
    }

    [Fact]
    public void NoNfprojUsesAWildcardCompileItem()
    {
        foreach (string nfproj in Nfprojs())
        {
            foreach (string include in CompileIncludes(XDocument.Load(nfproj)))
            {
                Assert.False(include.Contains('*') || include.Contains('?'),
                    $"{Relative(nfproj)}: <Compile Include=\"{include}\" /> is a wildcard; the nanoFramework test adapter reads Compile items literally (File.ReadAllText) and finds no test: list each .cs file");
            }
        }
    }

    [Fact]
    public void EveryNfprojListsExactlyTheSourcesOfItsFolder()
    {
        foreach (string nfproj in Nfprojs())
        {
            var project = XDocument.Load(nfproj);
            var properties = Properties(project);
            string projectDir = Path.GetDirectoryName(nfproj)!;
            // Core.Nano compiles firmware/LiquidFlight.Core in place ($(CoreSourceDir)); the others their own folder.
            string sourceDir = Path.GetFullPath(Path.Combine(projectDir,
                (properties.GetValueOrDefault("CoreSourceDir") ?? "").Replace('\\', Path.DirectorySeparatorChar)));
            string prefix = properties.ContainsKey("CoreSourceDir") ? "$(CoreSourceDir)" : "";

            var listed = CompileIncludes(project)
                .Select(i => Path.GetFullPath(Path.Combine(projectDir, Expand(i, properties).Replace('\\', Path.DirectorySeparatorChar))))
                .ToList();
            var onDisk = Directory.EnumerateFiles(sourceDir, "*.cs", SearchOption.AllDirectories)
                .Where(p => !Path.GetRelativePath(sourceDir, p).Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
                .ToList();

            foreach (string file in onDisk.Except(listed))
            {
                string include = prefix + Path.GetRelativePath(sourceDir, file).Replace('/', '\\');
                Assert.Fail($"{Relative(nfproj)} does not compile {Relative(file)}: add <Compile Include=\"{include}\" /> to it");
            }

            foreach (string file in listed.Except(onDisk))
            {
                Assert.Fail($"{Relative(nfproj)} lists {Relative(file)}, which is not a source file there: remove its <Compile> item");
            }

            Assert.Equal(listed.Count, listed.Distinct().Count());
            Assert.NotEmpty(listed);
        }
    }
}
