using LiquidFlight.Sim.Frames;

namespace LiquidFlight.Sim.Tests.Frames;

public class FrameLoaderTests
{
    [Fact]
    public void Both_required_frames_ship()
    {
        Assert.Contains("quad250-brushless", FrameCatalog.Names);
        Assert.Contains("esp-drone-brushed", FrameCatalog.Names);
        Assert.Equal("pwm", FrameCatalog.Get("quad250-brushless").Esc.ProtocolName);
        Assert.Equal(LiquidFlight.Core.Esc.EscProtocol.StandardPwm, FrameCatalog.Get("quad250-brushless").Esc.Timing.Protocol);
        Assert.Equal("brushed", FrameCatalog.Get("esp-drone-brushed").Esc.ProtocolName);
        Assert.Equal(LiquidFlight.Core.Esc.EscProtocol.Brushed, FrameCatalog.Get("esp-drone-brushed").Esc.Timing.Protocol);
    }

    [Theory]
    [InlineData("\"gyroRangeDps\": 2000", "\"gyroRangeDps\": 1500", "imu.gyroRangeDps", "250, 500, 1000 or 2000")]
    [InlineData("\"accelRangeG\": 16", "\"accelRangeG\": 12", "imu.accelRangeG", "2, 4, 8 or 16")]
    [InlineData("\"model\": \"MPU6050\"", "\"model\": \"BMI270\"", "imu.model", "MPU6050")]
    [InlineData("\"frequencyHz\": 490", "\"frequencyHz\": 491", "esc.frequencyHz", "[50, 490]")]
    public void Imu_and_esc_settings_must_be_ones_core_has_a_register_map_or_timing_for(string from, string to, string field, string allowed)
    {
        string path = WriteVariant("bad-imu", t => t.Replace(from, to));
        var e = Assert.Throws<FrameFileException>(() => FrameLoader.Load(path));
        Assert.Contains(field, e.Message);
        Assert.Contains(allowed, e.Message);
    }

    [Theory]
    [MemberData(nameof(TestFrames.Names), MemberType = typeof(TestFrames))]
    public void The_lsb_is_the_datasheet_value_core_converts_with(string name)
    {
        // 2000 deg/s full scale: 16.4 LSB per deg/s (MPU-6050 and ICM-42688-P datasheets), 16 g: 2048 LSB per g.
        var imu = FrameCatalog.Get(name).Imu;
        Assert.Equal(Math.PI / 180 / 16.4, imu.GyroLsbRadS, 1e-9);
        Assert.Equal(9.80665 / 2048, imu.AccelLsbMs2, 1e-7);
    }

    [Theory]
    [MemberData(nameof(TestFrames.Names), MemberType = typeof(TestFrames))]
    public void Frames_have_sane_thrust_to_weight(string name)
    {
        var f = FrameCatalog.Get(name);
        double maxThrust = 4 * f.Motor.ThrustCoefficient * f.Motor.MaxRotorSpeedRadS * f.Motor.MaxRotorSpeedRadS;
        double ratio = maxThrust / (f.MassKg * 9.80665);
        // Flyable quads sit between about 2:1 (toy/micro) and 12:1 (racers).
        Assert.InRange(ratio, 2, 12);
    }

    private static string WriteVariant(string name, Func<string, string> edit)
    {
        string text = File.ReadAllText(Path.Combine(FrameCatalog.FramesDirectory, "quad250-brushless.json"));
        string path = Path.Combine(Path.GetTempPath(), $"lf-frame-{Guid.NewGuid():N}", name + ".json");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, edit(text));
        return path;
    }

    [Fact]
    public void Out_of_range_number_names_file_field_value_and_range()
    {
        string path = WriteVariant("bad", t => t.Replace("\"massKg\": 0.49", "\"massKg\": -3"));
        var e = Assert.Throws<FrameFileException>(() => FrameLoader.Load(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("\"massKg\"", e.Message);
        Assert.Contains("-3", e.Message);
        Assert.Contains("allowed", e.Message);
    }

    [Fact]
    public void Missing_field_is_named_with_its_path()
    {
        string path = WriteVariant("bad", t => t.Replace("\"timeConstantS\": 0.025", "\"timeConstant\": 0.025"));
        var e = Assert.Throws<FrameFileException>(() => FrameLoader.Load(path));
        Assert.Contains("motor.timeConstantS", e.Message);
        Assert.Contains("missing", e.Message);
    }

    [Fact]
    public void A_number_without_a_source_is_rejected()
    {
        string path = WriteVariant("bad", t => t.Replace("\"motor.timeConstantS\":", "\"motor.timeConstantZ\":"));
        var e = Assert.Throws<FrameFileException>(() => FrameLoader.Load(path));
        Assert.Contains("motor.timeConstantS", e.Message);
        Assert.Contains("sources", e.Message);
    }

    [Fact]
    public void Unknown_esc_protocol_lists_the_allowed_ones()
    {
        string path = WriteVariant("bad", t => t.Replace("\"protocol\": \"pwm\"", "\"protocol\": \"dshot600\""));
        var e = Assert.Throws<FrameFileException>(() => FrameLoader.Load(path));
        Assert.Contains("esc.protocol", e.Message);
        Assert.Contains("oneshot125", e.Message);
    }

    [Fact]
    public void Malformed_json_names_the_file()
    {
        string path = WriteVariant("bad", t => t.Replace("{", "[", StringComparison.Ordinal));
        var e = Assert.Throws<FrameFileException>(() => FrameLoader.Load(path));
        Assert.Contains(path, e.Message);
    }
}
