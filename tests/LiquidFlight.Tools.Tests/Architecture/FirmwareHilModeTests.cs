using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.RegularExpressions;
using LiquidFlight.NanoGate;
using LiquidFlight.Tools.Tests.NanoGate;

namespace LiquidFlight.Tools.Tests.Architecture;

/// <summary>
/// The firmware's HIL mode, read from the compiled firmware (the nano check's build of firmware/LiquidFlight.Firmware):
/// everything Program.StartHil can reach inside the firmware creates no ESC output (no LedcEscOutputs, nothing of
/// System.Device.Pwm) and no IMU driver, and builds MavlinkHil and the one BoardCycle; the normal boot does reach the
/// ESC outputs (so the walk would see them). The HIL link settings agree with hardware/hil/README.md.
/// </summary>
public class FirmwareHilModeTests
{
    private static string Root => NanoTestAssets.RepositoryRoot;

    private static string Configuration =>
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}") ? "Debug" : "Release";

    private static string FirmwareDll =>
        Path.Combine(Root, "tools/LiquidFlight.NanoCheck/Firmware", "bin", Configuration, "net10.0", "LiquidFlight.Firmware.dll");

    /// <summary>Every callee ("Type::Name") reached from <paramref name="start"/>, following calls, newobj and ldftn
    /// into the firmware's own methods (Core and framework methods are leaves).</summary>
    private static HashSet<string> Reachable(string start)
    {
        Assert.True(File.Exists(FirmwareDll), $"{FirmwareDll} was not built");
        using var stream = File.OpenRead(FirmwareDll);
        using var pe = new PEReader(stream);
        var md = pe.GetMetadataReader();
        var byName = md.MethodDefinitions.GroupBy(h => MetadataNames.MethodName(md, h)).ToDictionary(g => g.Key, g => g.ToList());
        Assert.True(byName.ContainsKey(start), $"{start} is not in the firmware");
        var reached = new HashSet<string>();
        var todo = new Stack<MethodDefinitionHandle>(byName[start]);
        var seen = new HashSet<MethodDefinitionHandle>();
        while (todo.Count > 0)
        {
            var h = todo.Pop();
            if (!seen.Add(h))
            {
                continue;
            }

            var method = md.GetMethodDefinition(h);
            if (method.RelativeVirtualAddress == 0)
            {
                continue;
            }

            foreach (var ins in IlReader.Read(pe.GetMethodBody(method.RelativeVirtualAddress)))
            {
                if (ins.Token.IsNil)
                {
                    continue;
                }

                if (ins.Token.Kind == HandleKind.MethodDefinition)
                {
                    var callee = (MethodDefinitionHandle)ins.Token;
                    reached.Add(MetadataNames.MethodName(md, callee));
                    todo.Push(callee);
                }
                else if (ins.Token.Kind == HandleKind.MemberReference)
                {
                    var member = md.GetMemberReference((MemberReferenceHandle)ins.Token);
                    string type = member.Parent.Kind == HandleKind.TypeReference
                        ? MetadataNames.TypeName(md, (TypeReferenceHandle)member.Parent)
                        : "?";
                    reached.Add(type + "::" + md.GetString(member.Name));
                }
            }
        }

        return reached;
    }

    private static bool DrivesHardwareOutputs(string callee) =>
        callee.StartsWith("LiquidFlight.Firmware.Drivers.Esc.", StringComparison.Ordinal)
        || callee.StartsWith("System.Device.Pwm.", StringComparison.Ordinal)
        || callee.StartsWith("LiquidFlight.Firmware.Drivers.Imu.", StringComparison.Ordinal);

    [Fact]
    public void The_hil_boot_never_creates_the_esc_outputs_or_the_imu_driver_and_runs_the_board_cycle_on_mavlink()
    {
        var hil = Reachable("LiquidFlight.Firmware.Program::StartHil");
        Assert.DoesNotContain(hil, DrivesHardwareOutputs);
        Assert.Contains("LiquidFlight.Core.Links.Mavlink.MavlinkHil::.ctor", hil);
        Assert.Contains("LiquidFlight.Core.Flight.BoardCycle::.ctor", hil);
        Assert.Contains("LiquidFlight.Core.Telemetry.MavlinkTelemetry::.ctor", hil);

        // The walk sees the outputs where they are made: the normal boot creates them.
        var flight = Reachable("LiquidFlight.Firmware.Program::StartFlight");
        Assert.Contains("LiquidFlight.Firmware.Drivers.Esc.LedcEscOutputs::.ctor", flight);
        Assert.DoesNotContain("LiquidFlight.Core.Links.Mavlink.MavlinkHil::.ctor", flight);

        var main = Reachable("LiquidFlight.Firmware.Program::Main");
        Assert.Contains("LiquidFlight.Firmware.Program::StartHil", main);
        Assert.Contains("LiquidFlight.Firmware.Program::StartFlight", main);
        Assert.Contains("LiquidFlight.Firmware.BoardConfig::EspDevKitC", main);
    }

    [Fact]
    public void The_hil_link_is_the_documented_uart_at_the_documented_rate()
    {
        string config = File.ReadAllText(Path.Combine(Root, "firmware/LiquidFlight.Firmware/BoardConfig.cs"));
        string readme = File.ReadAllText(Path.Combine(Root, "hardware/hil/README.md"));
        Assert.Matches(@"HilBaudRate = 921600;", config);
        Assert.Matches(@"StatusPort = ""COM3"",", config);
        Assert.Matches(@"StatusRxPin = 35,", config);
        Assert.Matches(@"StatusTxPin = 14,", config);
        Assert.Matches(@"c\.StatusBaudRate = HilBaudRate;", config);
        Assert.Contains("**COM3**", readme);
        Assert.Contains("921600 baud", readme);
        Assert.Matches(new Regex(@"GPIO 14 \(COM3 TX\)"), readme);
        Assert.Matches(new Regex(@"GPIO 35 \(COM3 RX"), readme);
    }
}
