using System.Text.Json;
using LiquidFlight.Sim.Frames;

namespace LiquidFlight.Sim.Tests;

/// <summary>Shipped frames and the raw numbers of their files, read independently of the loader for expected values.</summary>
internal static class TestFrames
{
    public static IEnumerable<object[]> Names => FrameCatalog.Names.Select(n => new object[] { n });

    public static FrameSpec Get(string name) => FrameCatalog.Get(name);

    /// <summary>A number straight from the frame's JSON file (dotted path), not through <see cref="FrameLoader"/>.</summary>
    public static double RawNumber(string frameName, string dottedPath)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(FrameCatalog.FramesDirectory, frameName + ".json")));
        var e = doc.RootElement;
        foreach (string part in dottedPath.Split('.'))
        {
            e = e.GetProperty(part);
        }

        return e.GetDouble();
    }

    /// <summary>The frame with all aerodynamic drag removed, for closed-form checks.</summary>
    public static FrameSpec WithoutDrag(FrameSpec f) => new()
    {
        Name = f.Name,
        Description = f.Description,
        SourcePath = f.SourcePath,
        MassKg = f.MassKg,
        InertiaXx = f.InertiaXx,
        InertiaYy = f.InertiaYy,
        InertiaZz = f.InertiaZz,
        ArmLengthM = f.ArmLengthM,
        Motor = f.Motor,
        Esc = f.Esc,
        Drag = new AirframeDragSpec { LinearXy = 0, LinearZ = 0, Angular = 0, CenterOfPressureAboveCgM = 0 },
        Imu = f.Imu,
        PidGains = f.PidGains,
        Sources = f.Sources,
    };
}
