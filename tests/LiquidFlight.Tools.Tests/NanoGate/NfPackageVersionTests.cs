using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace LiquidFlight.Tools.Tests.NanoGate;

/// <summary>
/// nf.props is the one place the nanoFramework package versions are pinned; the packages.config files (read by
/// Visual Studio's NuGet) and the HintPaths of the nfproj files must name the same versions, or the device build
/// and the nano check would compile against different libraries.
/// </summary>
public class NfPackageVersionTests
{
    /// <summary>nf.props property -> NuGet package id. Every Nf*Version property must appear here.</summary>
    private static readonly Dictionary<string, string> PackageIdByProperty = new()
    {
        ["NfCoreLibraryVersion"] = "nanoFramework.CoreLibrary",
        ["NfSystemDeviceI2cVersion"] = "nanoFramework.System.Device.I2c",
        ["NfSystemDevicePwmVersion"] = "nanoFramework.System.Device.Pwm",
        ["NfSystemDeviceSpiVersion"] = "nanoFramework.System.Device.Spi",
        ["NfSystemDeviceGpioVersion"] = "nanoFramework.System.Device.Gpio",
        ["NfHardwareEsp32Version"] = "nanoFramework.Hardware.Esp32",
        ["NfSystemIoPortsVersion"] = "nanoFramework.System.IO.Ports",
        ["NfRuntimeEventsVersion"] = "nanoFramework.Runtime.Events",
        ["NfTestFrameworkVersion"] = "nanoFramework.TestFramework",
        ["NfSystemIoStreamsVersion"] = "nanoFramework.System.IO.Streams",
        ["NfSystemTextVersion"] = "nanoFramework.System.Text",
    };

    /// <summary>Nf*Version properties that are not package versions.</summary>
    private static readonly HashSet<string> NonPackageProperties = ["NfLangVersion"];

    private static Dictionary<string, string> PinnedVersionProperties() =>
        XDocument.Load(NanoTestAssets.NfProps).Descendants()
            .Where(e => e.Name.LocalName.StartsWith("Nf", StringComparison.Ordinal) && e.Name.LocalName.EndsWith("Version", StringComparison.Ordinal))
            .Where(e => !NonPackageProperties.Contains(e.Name.LocalName))
            .ToDictionary(e => e.Name.LocalName, e => e.Value.Trim());

    private static Dictionary<string, string> PinnedVersionById() =>
        PinnedVersionProperties()
            .Where(p => PackageIdByProperty.ContainsKey(p.Key))
            .ToDictionary(p => PackageIdByProperty[p.Key], p => p.Value, StringComparer.OrdinalIgnoreCase);

    private static IEnumerable<string> RepositoryFiles(string pattern) =>
        Directory.EnumerateFiles(NanoTestAssets.RepositoryRoot, pattern, SearchOption.AllDirectories)
            .Where(path => !Path.GetRelativePath(NanoTestAssets.RepositoryRoot, path)
                .Split(Path.DirectorySeparatorChar)
                .Any(part => part is "bin" or "obj" or "packages" or ".git"))
            .Order(StringComparer.Ordinal);

    [Fact]
    public void EveryPinnedVersionPropertyMapsToAPackageId()
    {
        var properties = PinnedVersionProperties();

        Assert.Contains("NfCoreLibraryVersion", properties.Keys);
        Assert.All(properties, p =>
        {
            Assert.True(PackageIdByProperty.ContainsKey(p.Key), $"nf.props: {p.Key} has no package id: add it to {nameof(PackageIdByProperty)} in {nameof(NfPackageVersionTests)}.cs");
            Assert.Matches(@"^\d+\.\d+\.\d+(\.\d+)?(-[0-9A-Za-z.-]+)?$", p.Value);
        });
    }

    [Fact]
    public void NfPropsPinsCoreLibrary1_17_11()
    {
        Assert.Equal("1.17.11", PinnedVersionById()["nanoFramework.CoreLibrary"]);
    }

    [Fact]
    public void PackagesConfigFilesAgreeWithNfProps()
    {
        var pinned = PinnedVersionById();
        var configs = RepositoryFiles("packages.config").ToList();
        Assert.NotEmpty(configs);

        int compared = 0;
        foreach (string config in configs)
        {
            string relative = Path.GetRelativePath(NanoTestAssets.RepositoryRoot, config);
            foreach (var package in XDocument.Load(config).Descendants("package"))
            {
                string id = (string?)package.Attribute("id") ?? throw new InvalidDataException($"{relative}: <package> without id");
                string version = (string?)package.Attribute("version") ?? throw new InvalidDataException($"{relative}: {id} without version");
                if (pinned.TryGetValue(id, out string? expected))
                {
                    Assert.True(expected == version, $"{relative}: {id} {version}, but nf.props pins {expected}");
                    compared++;
                }
            }
        }
        // At least the Core nfproj's mscorlib was compared, so the test cannot pass by finding nothing.
        Assert.True(compared > 0, "no packages.config names a package pinned in nf.props");
    }

    // "<packages folder>nanoFramework.System.Device.I2c.1.1.29\lib\..." or "...I2c.$(NfSystemDeviceI2cVersion)\lib\...":
    // the id is the dotted run of names, the version starts with a digit or is a property.
    private static readonly Regex PackageHintPath = new(
        @"(?<id>nanoFramework(?:\.[A-Za-z]\w*)+)\.(?<version>\$\((?<property>\w+)\)|\d[\w.-]*)[\\/]lib[\\/]", RegexOptions.Compiled);

    [Fact]
    public void NfprojHintPathsAgreeWithNfProps()
    {
        var pinned = PinnedVersionById();
        var projects = RepositoryFiles("*.nfproj").ToList();
        Assert.NotEmpty(projects);

        int compared = 0;
        foreach (string project in projects)
        {
            string relative = Path.GetRelativePath(NanoTestAssets.RepositoryRoot, project);
            foreach (var hintPath in XDocument.Load(project).Descendants().Where(e => e.Name.LocalName == "HintPath"))
            {
                var match = PackageHintPath.Match(hintPath.Value);
                Assert.True(match.Success || !hintPath.Value.Contains("nanoFramework.", StringComparison.Ordinal),
                    $"{relative}: HintPath '{hintPath.Value}' names a nanoFramework package in a form this test cannot read");
                if (!match.Success || !pinned.TryGetValue(match.Groups["id"].Value, out string? expected))
                {
                    continue;
                }
                string id = match.Groups["id"].Value;
                if (match.Groups["property"].Success)
                {
                    string property = match.Groups["property"].Value;
                    Assert.True(PackageIdByProperty.TryGetValue(property, out string? propertyId) && propertyId == id,
                        $"{relative}: HintPath for {id} uses $({property}), which nf.props does not pin for {id}");
                }
                else
                {
                    Assert.True(expected == match.Groups["version"].Value,
                        $"{relative}: HintPath names {id} {match.Groups["version"].Value}, but nf.props pins {expected}");
                }
                compared++;
            }
        }
        // At least the Core nfproj's mscorlib HintPath was compared.
        Assert.True(compared > 0, "no nfproj HintPath names a package pinned in nf.props");
    }

    private static string PinsFile => Path.Combine(NanoTestAssets.RepositoryRoot, "tools", "LiquidFlight.NanoRefs", "PINS.md");

    // "| `nanoFramework.System.Device.Pwm` | `1.1.23` | where it was seen | what it was built against |"
    private static readonly Regex PinRow = new(@"^\|\s*`(?<id>nanoFramework(?:\.\w+)+)`\s*\|\s*`(?<version>[^`]+)`\s*\|(?<seen>[^|]*)\|", RegexOptions.Compiled);

    private static List<(string Id, string Version, string Seen)> PinRows() =>
        [.. File.ReadAllLines(PinsFile).Select(line => PinRow.Match(line)).Where(m => m.Success)
            .Select(m => (m.Groups["id"].Value, m.Groups["version"].Value, m.Groups["seen"].Value.Trim()))];

    [Fact]
    public void EveryPinHasExactlyOnePublicationRowWithItsVersion()
    {
        var pinned = PinnedVersionById();
        var rows = PinRows();

        foreach (var (id, version) in pinned)
        {
            var matching = rows.Where(r => string.Equals(r.Id, id, StringComparison.OrdinalIgnoreCase)).ToList();
            Assert.True(matching.Count == 1, $"tools/LiquidFlight.NanoRefs/PINS.md: {matching.Count} rows for {id} (nf.props pins {version}); add one saying where {version} was seen published");
            Assert.True(matching[0].Version == version, $"tools/LiquidFlight.NanoRefs/PINS.md: {id} {matching[0].Version}, but nf.props pins {version}");
            Assert.True(matching[0].Seen.Length > 10, $"tools/LiquidFlight.NanoRefs/PINS.md: {id} {version} does not say where it was seen published");
        }

        Assert.All(rows, r => Assert.True(pinned.ContainsKey(r.Id), $"tools/LiquidFlight.NanoRefs/PINS.md: {r.Id} is not pinned in nf.props"));
    }

    [Theory]
    [InlineData("nanoFramework.System.Device.Pwm", "1.1.23")]
    [InlineData("nanoFramework.System.IO.Ports", "1.1.132")]
    public void PinsAreVersionsThatWerePublished(string id, string version)
    {
        // Pwm 1.1.24 was never published (tags stop at v1.1.23); Ports 1.1.130 was built against older Streams/Text.
        Assert.Equal(version, PinnedVersionById()[id]);
    }
}
