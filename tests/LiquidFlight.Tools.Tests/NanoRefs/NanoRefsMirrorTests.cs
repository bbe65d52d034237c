using System.Text.RegularExpressions;
using System.Xml.Linq;
using LiquidFlight.Tools.Tests.NanoGate;

namespace LiquidFlight.Tools.Tests.NanoRefs;

/// <summary>
/// The compile-only mirrors in tools/LiquidFlight.NanoRefs stand in for real nanoFramework assemblies in the
/// firmware and NFUnitTest compile checks. Each must carry the name of the assembly the device projects really
/// reference and take its version from the same nf.props pin as that reference, or the check would compile
/// against something the board never gets.
/// </summary>
public class NanoRefsMirrorTests
{
    private static string Root => NanoTestAssets.RepositoryRoot;

    private static IEnumerable<string> MirrorProjects() =>
        Directory.EnumerateFiles(Path.Combine(Root, "tools", "LiquidFlight.NanoRefs"), "*.csproj", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

    /// <summary>HintPath file name (assembly) -> the nf.props property in the package folder of that HintPath.</summary>
    private static Dictionary<string, string> DeviceReferences()
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string nfproj in new[] { "firmware/LiquidFlight.Firmware/LiquidFlight.Firmware.nfproj", "tests/NFUnitTest/NFUnitTest.nfproj" })
        {
            foreach (XElement hint in XDocument.Load(Path.Combine(Root, nfproj)).Descendants().Where(e => e.Name.LocalName == "HintPath"))
            {
                Match m = Regex.Match(hint.Value, @"\.\$\((?<prop>Nf\w+Version)\)\\lib\\(?<asm>[^\\]+)\.(dll|exe)$");
                Assert.True(m.Success, $"{nfproj}: HintPath '{hint.Value}' does not name its package version through an nf.props property");
                result[m.Groups["asm"].Value] = m.Groups["prop"].Value;
            }
        }

        return result;
    }

    [Fact]
    public void Every_mirror_is_an_assembly_the_device_projects_reference_at_the_same_pinned_version()
    {
        Dictionary<string, string> references = DeviceReferences();
        List<string> mirrors = MirrorProjects().ToList();
        Assert.Equal(5, mirrors.Count);

        foreach (string project in mirrors)
        {
            XDocument doc = XDocument.Load(project);
            string name = doc.Descendants().Single(e => e.Name.LocalName == "AssemblyName").Value;
            string version = doc.Descendants().Single(e => e.Name.LocalName == "AssemblyVersion").Value;
            Assert.True(references.ContainsKey(name), $"{Path.GetFileName(project)}: no nfproj references an assembly named {name}");
            Assert.Equal($"$({references[name]}).0", version);
        }
    }

    [Fact]
    public void Mirror_versions_resolve_to_the_nf_props_pins()
    {
        XDocument props = XDocument.Load(NanoTestAssets.NfProps);
        string Pin(string property) => props.Descendants().Single(e => e.Name.LocalName == property).Value;

        foreach (string project in MirrorProjects())
        {
            string version = XDocument.Load(project).Descendants().Single(e => e.Name.LocalName == "AssemblyVersion").Value;
            Match m = Regex.Match(version, @"^\$\((?<prop>Nf\w+Version)\)\.0$");
            Assert.True(m.Success, $"{Path.GetFileName(project)}: AssemblyVersion '{version}' is not an nf.props pin + .0");
            Assert.Matches(@"^\d+\.\d+\.\d+$", Pin(m.Groups["prop"].Value));
        }
    }
}
