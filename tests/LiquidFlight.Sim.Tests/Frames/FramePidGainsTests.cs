using LiquidFlight.Core.Control;
using LiquidFlight.Model;
using LiquidFlight.Sim.Frames;

namespace LiquidFlight.Sim.Tests.Frames;

/// <summary>
/// The firmware flies the PID gains the simulator tunes: Core's generated FramePidGains must be what
/// `liquidflight frame export-pid` makes of the frame files now in the tree.
/// </summary>
public class FramePidGainsTests
{
    private static string RepoRoot => ShippedModelFile.FindRepositoryRoot(AppContext.BaseDirectory)
        ?? throw new InvalidOperationException("repository root not found");

    [Fact]
    public void The_generated_file_is_current_with_the_frame_files()
    {
        var frames = Directory.EnumerateFiles(Path.Combine(RepoRoot, "hardware", "frames"), "*.json").Select(FrameLoader.Load);
        string expected = FramePidGainsSource.Generate(frames);
        string actual = File.ReadAllText(Path.Combine(RepoRoot, FramePidGainsSource.RepositoryPath)).ReplaceLineEndings("\n");
        Assert.True(expected == actual,
            $"{FramePidGainsSource.RepositoryPath} is stale: run `liquidflight frame export-pid --out {FramePidGainsSource.RepositoryPath}`");
    }

    [Fact]
    public void The_compiled_gains_equal_the_frame_files_gains_field_by_field()
    {
        var compiled = new Dictionary<string, Func<PidGains>>
        {
            ["quad250-brushless"] = FramePidGains.Quad250Brushless,
            ["esp-drone-brushed"] = FramePidGains.EspDroneBrushed,
        };
        Assert.Equal(FrameCatalog.Names.OrderBy(n => n), compiled.Keys.OrderBy(n => n));
        foreach (var (name, make) in compiled)
        {
            PidGains fromFrame = PidTuning.ToGains(FrameCatalog.Get(name).PidGains);
            PidGains generated = make();
            Assert.Equal(Flatten(fromFrame), Flatten(generated));
        }

        // Per-frame data, not one set copied twice: the two airframes are tuned differently.
        Assert.NotEqual(Flatten(FramePidGains.Quad250Brushless()), Flatten(FramePidGains.EspDroneBrushed()));
    }

    private static int[] Flatten(PidGains g) =>
    [
        g.AngleKp, g.MaxAngleRateRadS, g.Roll.Kp, g.Roll.Ki, g.Roll.KdMs, g.Roll.ItermLimit, g.Pitch.Kp, g.Pitch.Ki,
        g.Pitch.KdMs, g.Pitch.ItermLimit, g.Yaw.Kp, g.Yaw.Ki, g.Yaw.KdMs, g.Yaw.ItermLimit, g.DTermCutoffHz,
        g.DTermSecondCutoffHz, g.ItermRelaxCutoffHz, g.ItermRelaxThresholdRadS, g.ItermThrottleThreshold,
    ];
}
