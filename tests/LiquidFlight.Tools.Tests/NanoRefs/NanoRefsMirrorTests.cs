using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using LiquidFlight.NanoGate;
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
        Assert.Equal(6, mirrors.Count);

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

    /// <summary>A mirror folder's sources compiled against the nano mscorlib, as the mirror project builds them.</summary>
    private static byte[] CompileMirror(string folder)
    {
        string dir = Path.Combine(Root, "tools", "LiquidFlight.NanoRefs", folder);
        // One text, as the project's files are one compilation: each file's using directives go first.
        string[] files = [.. Directory.EnumerateFiles(dir, "*.cs").Order(StringComparer.Ordinal).Select(File.ReadAllText)];
        var usingLine = new Regex(@"^using [\w.]+;\r?$", RegexOptions.Multiline);
        string source = string.Join("\n", files.SelectMany(f => usingLine.Matches(f).Select(m => m.Value.TrimEnd('\r'))).Distinct())
            + "\n" + string.Join("\n", files.Select(f => usingLine.Replace(f, "")));
        var compiled = NanoSampleCompiler.Compile(folder, source);
        Assert.True(compiled.Success, string.Join("\n", compiled.Errors));
        return compiled.Image;
    }

    /// <summary>Every public type and member: "Type", "Type::Method(parameter types)", "Type::Field" (enum values).</summary>
    internal static List<string> PublicSurface(byte[] image)
    {
        using var pe = new PEReader(new MemoryStream(image));
        var reader = pe.GetMetadataReader();
        var names = new TypeShapeProvider(reader);
        var surface = new List<string>();
        foreach (var handle in reader.TypeDefinitions)
        {
            var type = reader.GetTypeDefinition(handle);
            if ((type.Attributes & TypeAttributes.VisibilityMask) != TypeAttributes.Public)
            {
                continue;
            }
            string typeName = MetadataNames.TypeName(reader, handle);
            surface.Add(typeName);
            foreach (var fieldHandle in type.GetFields())
            {
                var field = reader.GetFieldDefinition(fieldHandle);
                if ((field.Attributes & FieldAttributes.Public) == FieldAttributes.Public && (field.Attributes & FieldAttributes.SpecialName) == 0)
                {
                    surface.Add(typeName + "::" + reader.GetString(field.Name));
                }
            }
            foreach (var methodHandle in type.GetMethods())
            {
                var method = reader.GetMethodDefinition(methodHandle);
                if ((method.Attributes & MethodAttributes.MemberAccessMask) != MethodAttributes.Public)
                {
                    continue;
                }
                var signature = method.DecodeSignature(names, null);
                surface.Add($"{typeName}::{reader.GetString(method.Name)}({string.Join(",", signature.ParameterTypes.Select(p => p.Name))})");
            }
        }
        return surface;
    }

    // The public signatures of the pinned packages' real sources (nanoframework/* repositories, read with the search
    // tool; file and commit per block) that the firmware and the on-device tests use, with every overload of each
    // used method. A mirror member not listed here, or a listed one missing, fails.
    public static IEnumerable<object[]> RealSurfaces()
    {
        // nanoframework/System.IO.Ports System.IO.Ports/SerialPort.cs (the sealed 1.1.x class: no InfiniteTimeout),
        // Parity.cs (None, Odd, Even @ 427af7d6), StopBits.cs (One, Two, OnePointFive @ e3fcbb11).
        yield return ["System.IO.Ports", new[]
        {
            "System.IO.Ports.Parity", "System.IO.Ports.Parity::None", "System.IO.Ports.Parity::Odd", "System.IO.Ports.Parity::Even",
            "System.IO.Ports.SerialPort",
            "System.IO.Ports.SerialPort::.ctor(string,int32,System.IO.Ports.Parity,int32,System.IO.Ports.StopBits)",
            "System.IO.Ports.SerialPort::get_BytesToRead()",
            "System.IO.Ports.SerialPort::get_ReadTimeout()", "System.IO.Ports.SerialPort::set_ReadTimeout(int32)",
            "System.IO.Ports.SerialPort::get_WriteTimeout()", "System.IO.Ports.SerialPort::set_WriteTimeout(int32)",
            "System.IO.Ports.SerialPort::get_ReceivedBytesThreshold()", "System.IO.Ports.SerialPort::set_ReceivedBytesThreshold(int32)",
            "System.IO.Ports.SerialPort::get_ReadBufferSize()", "System.IO.Ports.SerialPort::set_ReadBufferSize(int32)",
            "System.IO.Ports.SerialPort::Open()",
            "System.IO.Ports.SerialPort::Read(uint8[],int32,int32)",
            "System.IO.Ports.SerialPort::Write(uint8[],int32,int32)",
            "System.IO.Ports.SerialPort::Dispose()",
            "System.IO.Ports.StopBits", "System.IO.Ports.StopBits::One", "System.IO.Ports.StopBits::Two", "System.IO.Ports.StopBits::OnePointFive",
        }];
        // nanoframework/nanoFramework.TestFramework source/TestFramework/Assert.AreEqual.cs @ b52c5188 (15 overloads),
        // Assert.cs @ b52c5188 (IsTrue; no public Fail), OutputHelper.cs @ 2d363f7f (WriteLine).
        yield return ["nanoFramework.TestFramework", new[]
        {
            "nanoFramework.TestFramework.Assert",
            "nanoFramework.TestFramework.Assert::AreEqual(bool,bool,string)",
            "nanoFramework.TestFramework.Assert::AreEqual(uint8,uint8,string)",
            "nanoFramework.TestFramework.Assert::AreEqual(char,char,string)",
            "nanoFramework.TestFramework.Assert::AreEqual(System.DateTime,System.DateTime,string)",
            "nanoFramework.TestFramework.Assert::AreEqual(float64,float64,string)",
            "nanoFramework.TestFramework.Assert::AreEqual(float32,float32,string)",
            "nanoFramework.TestFramework.Assert::AreEqual(int32,int32,string)",
            "nanoFramework.TestFramework.Assert::AreEqual(int64,int64,string)",
            "nanoFramework.TestFramework.Assert::AreEqual(object,object,string)",
            "nanoFramework.TestFramework.Assert::AreEqual(int8,int8,string)",
            "nanoFramework.TestFramework.Assert::AreEqual(int16,int16,string)",
            "nanoFramework.TestFramework.Assert::AreEqual(string,string,string)",
            "nanoFramework.TestFramework.Assert::AreEqual(uint32,uint32,string)",
            "nanoFramework.TestFramework.Assert::AreEqual(uint64,uint64,string)",
            "nanoFramework.TestFramework.Assert::AreEqual(uint16,uint16,string)",
            "nanoFramework.TestFramework.Assert::IsTrue(bool,string)",
            "nanoFramework.TestFramework.OutputHelper", "nanoFramework.TestFramework.OutputHelper::WriteLine(string)",
            "nanoFramework.TestFramework.TestClassAttribute", "nanoFramework.TestFramework.TestClassAttribute::.ctor()",
            "nanoFramework.TestFramework.TestMethodAttribute", "nanoFramework.TestFramework.TestMethodAttribute::.ctor()",
        }];
        // nanoframework/System.Device.Spi System.Device.Spi/SpiDevice.cs @ b18aebee (1.3.x: TransferFullDuplex over
        // ushort[] and SpanByte, both straight to NativeTransfer), SpiConnectionSettings.cs @ b18aebee, SpiMode.cs.
        yield return ["System.Device.Spi", new[]
        {
            "System.Device.Spi.SpiConnectionSettings", "System.Device.Spi.SpiConnectionSettings::.ctor(int32,int32)",
            "System.Device.Spi.SpiConnectionSettings::get_Mode()", "System.Device.Spi.SpiConnectionSettings::set_Mode(System.Device.Spi.SpiMode)",
            "System.Device.Spi.SpiConnectionSettings::get_DataBitLength()", "System.Device.Spi.SpiConnectionSettings::set_DataBitLength(int32)",
            "System.Device.Spi.SpiConnectionSettings::get_ClockFrequency()", "System.Device.Spi.SpiConnectionSettings::set_ClockFrequency(int32)",
            "System.Device.Spi.SpiDevice", "System.Device.Spi.SpiDevice::.ctor(System.Device.Spi.SpiConnectionSettings)",
            "System.Device.Spi.SpiDevice::Create(System.Device.Spi.SpiConnectionSettings)",
            "System.Device.Spi.SpiDevice::TransferFullDuplex(uint16[],uint16[])",
            "System.Device.Spi.SpiDevice::TransferFullDuplex(System.SpanByte,System.SpanByte)",
            "System.Device.Spi.SpiDevice::Dispose()",
            "System.Device.Spi.SpiMode", "System.Device.Spi.SpiMode::Mode0", "System.Device.Spi.SpiMode::Mode1",
            "System.Device.Spi.SpiMode::Mode2", "System.Device.Spi.SpiMode::Mode3",
        }];
        // nanoframework/System.Device.Pwm System.Device.Pwm/PwmChannel.cs @ 15aad8d6 (DutyCycle a double).
        yield return ["System.Device.Pwm", new[]
        {
            "System.Device.Pwm.PwmChannel",
            "System.Device.Pwm.PwmChannel::get_DutyCycle()", "System.Device.Pwm.PwmChannel::set_DutyCycle(float64)",
            "System.Device.Pwm.PwmChannel::CreateFromPin(int32,int32,float64)",
            "System.Device.Pwm.PwmChannel::Start()", "System.Device.Pwm.PwmChannel::Stop()", "System.Device.Pwm.PwmChannel::Dispose()",
        }];
    }

    [Theory]
    [MemberData(nameof(RealSurfaces))]
    public void Mirror_holds_exactly_the_real_signatures_the_device_code_uses(string folder, string[] expected)
    {
        var actual = PublicSurface(CompileMirror(folder));

        Assert.Equal(expected.Order(StringComparer.Ordinal), actual.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Every_mirror_method_is_used_by_the_firmware_or_the_on_device_tests()
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (string assembly in NanoTestAssets.DeviceNanoCheckAssemblies)
        {
            using var pe = new PEReader(File.OpenRead(assembly));
            var reader = pe.GetMetadataReader();
            foreach (var handle in reader.MemberReferences)
            {
                var reference = reader.GetMemberReference(handle);
                string parent = reference.Parent.Kind == HandleKind.TypeReference
                    ? MetadataNames.TypeName(reader, (TypeReferenceHandle)reference.Parent) : "";
                used.Add(parent + "::" + reader.GetString(reference.Name));
            }
        }
        Assert.Contains("System.IO.Ports.SerialPort::Read", used); // the check really read the firmware

        foreach (string folder in new[] { "System.IO.Ports", "System.Device.Spi", "System.Device.Pwm", "System.Device.I2c", "nanoFramework.Hardware.Esp32", "nanoFramework.TestFramework" })
        {
            foreach (string member in PublicSurface(CompileMirror(folder)).Where(m => m.Contains("::") && m.Contains('(')))
            {
                string name = member[..member.IndexOf('(')];
                string method = name[(name.IndexOf("::") + 2)..];
                string type = name[..name.IndexOf("::")];
                // Overloads count as one member; a property is used when either accessor is.
                string property = method.StartsWith("get_") || method.StartsWith("set_") ? method[4..] : "";
                bool isUsed = used.Contains(name)
                    || (property.Length > 0 && (used.Contains(type + "::get_" + property) || used.Contains(type + "::set_" + property)))
                    || (method == ".ctor" && type.EndsWith("Attribute"));
                // A constructor overload family is used when any constructor or the type's static Create is.
                isUsed |= method == ".ctor" && (used.Contains(type + "::.ctor") || used.Contains(type + "::Create"));
                Assert.True(isUsed, $"tools/LiquidFlight.NanoRefs/{folder}: {member} is used by neither the firmware nor the on-device tests; remove it from the mirror");
            }
        }
    }
}
