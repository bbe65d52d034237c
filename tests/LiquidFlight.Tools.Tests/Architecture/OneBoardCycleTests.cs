using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using LiquidFlight.NanoGate;
using LiquidFlight.Tools.Tests.NanoGate;

namespace LiquidFlight.Tools.Tests.Architecture;

/// <summary>
/// One place to change the cycle: read from the compiled IL of every host (the firmware, the simulator, the CLI,
/// training, il-count and the on-device tests), only Core's BoardCycle calls FlightLoop.RunCycle, and each host
/// builds a BoardCycle (directly, or through Core's bench flight).
/// </summary>
public class OneBoardCycleTests
{
    private const string RunCycle = "LiquidFlight.Core.Flight.FlightLoop::RunCycle";
    private const string BoardCycleCtor = "LiquidFlight.Core.Flight.BoardCycle::.ctor";
    private const string BenchFlightCtor = "LiquidFlight.Core.Bench.BenchFlight::.ctor";

    private static string Configuration =>
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}") ? "Debug" : "Release";

    private static string Built(string projectDir, string file) =>
        Path.Combine(NanoTestAssets.RepositoryRoot, projectDir, "bin", Configuration, "net10.0", file);

    public static IEnumerable<object[]> Hosts =>
    [
        ["firmware", Built("tools/LiquidFlight.NanoCheck/Firmware", "LiquidFlight.Firmware.dll"), BoardCycleCtor],
        ["simulator", Path.Combine(AppContext.BaseDirectory, "LiquidFlight.Sim.dll"), BoardCycleCtor],
        ["il-count", Built("tools/LiquidFlight.Benchmarks", "LiquidFlight.Benchmarks.dll"), BenchFlightCtor],
        ["on-device tests", Built("tools/LiquidFlight.NanoCheck/NFUnitTest", "NFUnitTest.dll"), BenchFlightCtor],
        ["bench flight (Core)", Path.Combine(AppContext.BaseDirectory, "LiquidFlight.Core.dll"), BoardCycleCtor],
    ];

    /// <summary>Every method that calls <paramref name="target"/> (Type::Name) in the assembly at <paramref name="path"/>.</summary>
    private static List<string> Callers(string path, string target)
    {
        Assert.True(File.Exists(path), $"{path} was not built");
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        var md = pe.GetMetadataReader();
        var callers = new List<string>();
        foreach (var handle in md.MethodDefinitions)
        {
            var method = md.GetMethodDefinition(handle);
            if (method.RelativeVirtualAddress == 0)
            {
                continue;
            }

            var body = pe.GetMethodBody(method.RelativeVirtualAddress);
            foreach (var ins in IlReader.Read(body))
            {
                if (ins.Token.IsNil || (ins.Token.Kind != HandleKind.MemberReference && ins.Token.Kind != HandleKind.MethodDefinition))
                {
                    continue;
                }

                if (CalleeName(md, ins.Token) == target)
                {
                    callers.Add(MetadataNames.MethodName(md, handle));
                }
            }
        }

        return callers;
    }

    private static string CalleeName(MetadataReader md, EntityHandle token)
    {
        if (token.Kind == HandleKind.MethodDefinition)
        {
            return MetadataNames.MethodName(md, (MethodDefinitionHandle)token);
        }

        var member = md.GetMemberReference((MemberReferenceHandle)token);
        string type = member.Parent.Kind == HandleKind.TypeReference
            ? MetadataNames.TypeName(md, (TypeReferenceHandle)member.Parent)
            : member.Parent.Kind == HandleKind.TypeDefinition ? MetadataNames.TypeName(md, (TypeDefinitionHandle)member.Parent) : "?";
        return type + "::" + md.GetString(member.Name);
    }

    [Theory]
    [MemberData(nameof(Hosts))]
    public void Every_host_builds_the_board_cycle_and_none_wires_its_own(string host, string assembly, string builds)
    {
        Assert.NotEmpty(Callers(assembly, builds));
        var direct = Callers(assembly, RunCycle).Where(c => c != "LiquidFlight.Core.Flight.BoardCycle::RunOnce").ToList();
        Assert.True(direct.Count == 0, $"{host} calls FlightLoop.RunCycle itself: {string.Join(", ", direct)}");
    }

    [Fact]
    public void In_core_only_the_board_cycle_runs_the_flight_loop()
    {
        var callers = Callers(Path.Combine(AppContext.BaseDirectory, "LiquidFlight.Core.dll"), RunCycle);
        Assert.Equal(["LiquidFlight.Core.Flight.BoardCycle::RunOnce"], callers);
        foreach (string other in new[] { "liquidflight.dll", "LiquidFlight.Training.dll" })
        {
            Assert.Empty(Callers(Path.Combine(AppContext.BaseDirectory, other), RunCycle));
        }
    }
}
