using System.Text.Json;
using LiquidFlight.Core.Esc;
using LiquidFlight.Core.Sensors.Imu;

namespace LiquidFlight.Sim.Frames;

/// <summary>
/// Reads and validates a frame file. Every failure names the file, the field (dotted path), the value found and
/// what is allowed, because a wrong number in a frame silently changes every result flown on it.
/// </summary>
public static class FrameLoader
{
    private const double DegToRad = Math.PI / 180.0;
    private const double StandardGravity = 9.80665;

    public static FrameSpec Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FrameFileException($"{path}: cannot read frame file ({e.Message})");
        }

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            throw new FrameFileException($"{path}: not valid JSON ({e.Message})");
        }

        using (doc)
        {
            return Parse(new Fields(path, doc.RootElement, ""));
        }
    }

    private static FrameSpec Parse(Fields root)
    {
        var sources = ReadSources(root);
        var used = new List<string>();

        double Num(Fields f, string name, double min, double max)
        {
            used.Add(f.PathOf(name));
            return f.Number(name, min, max);
        }

        var inertia = root.Object("inertiaKgM2");
        var motor = root.Object("motor");
        var esc = root.Object("esc");
        var drag = root.Object("drag");
        var imu = root.Object("imu");

        string protocolName = esc.String("protocol");
        EscProtocol protocol = protocolName switch
        {
            "pwm" => EscProtocol.StandardPwm,
            "oneshot125" => EscProtocol.OneShot125,
            "brushed" => EscProtocol.Brushed,
            _ => throw esc.Error("protocol", $"\"{protocolName}\"", "one of \"pwm\", \"oneshot125\", \"brushed\""),
        };
        int escHz = (int)Num(esc, "frequencyHz", EscTiming.MinFrequencyFor(protocol), EscTiming.MaxFrequencyFor(protocol));

        string model = imu.String("model");
        ImuDeviceKind kind = model switch
        {
            "MPU6050" => ImuDeviceKind.Mpu6050,
            "ICM-42688-P" => ImuDeviceKind.Icm42688P,
            _ => throw imu.Error("model", $"\"{model}\"", "\"MPU6050\" or \"ICM-42688-P\" (the IMUs Core has register maps for)"),
        };
        double gyroRangeDps = Num(imu, "gyroRangeDps", 250, 2000);
        GyroRange gyroRange = gyroRangeDps switch
        {
            250 => GyroRange.Dps250,
            500 => GyroRange.Dps500,
            1000 => GyroRange.Dps1000,
            2000 => GyroRange.Dps2000,
            _ => throw imu.Error("gyroRangeDps", gyroRangeDps.ToString(System.Globalization.CultureInfo.InvariantCulture), "250, 500, 1000 or 2000"),
        };
        double accelRangeG = Num(imu, "accelRangeG", 2, 16);
        AccelRange accelRange = accelRangeG switch
        {
            2 => AccelRange.G2,
            4 => AccelRange.G4,
            8 => AccelRange.G8,
            16 => AccelRange.G16,
            _ => throw imu.Error("accelRangeG", accelRangeG.ToString(System.Globalization.CultureInfo.InvariantCulture), "2, 4, 8 or 16"),
        };
        // The register layout and LSB sizes are Core's (datasheet values), so the simulated registers convert
        // back exactly as the board converts them. Filter and rate settings do not change the layout.
        ImuDeviceProfile profile = kind == ImuDeviceKind.Mpu6050
            ? ImuDeviceProfile.Mpu6050(gyroRange, accelRange, Mpu6050LowPass.Hz98, 0)
            : ImuDeviceProfile.Icm42688P(gyroRange, accelRange, Icm42688OutputDataRate.Hz1000, Icm42688UiFilter.OdrOver4, Icm42688UiFilter.OdrOver4);
        double rateHz = Num(imu, "rateHz", 50, 32000);

        var frame = new FrameSpec
        {
            Name = root.String("name"),
            Description = root.String("description"),
            SourcePath = root.File,
            MassKg = Num(root, "massKg", 0.005, 20),
            InertiaXx = Num(inertia, "xx", 1e-7, 10),
            InertiaYy = Num(inertia, "yy", 1e-7, 10),
            InertiaZz = Num(inertia, "zz", 1e-7, 10),
            ArmLengthM = Num(root, "armLengthM", 0.01, 2),
            Motor = new MotorSpec
            {
                ThrustCoefficient = Num(motor, "thrustCoefficientNPerRadS2", 1e-11, 1e-3),
                TorqueCoefficient = Num(motor, "torqueCoefficientNmPerRadS2", 1e-13, 1e-4),
                MaxRotorSpeedRadS = Num(motor, "maxRotorSpeedRadS", 100, 20000),
                RotorSpeedCurveExponent = Num(motor, "rotorSpeedCurveExponent", 0.3, 2),
                TimeConstantS = Num(motor, "timeConstantS", 0.002, 1),
            },
            Esc = new EscSpec { ProtocolName = protocolName, Timing = new EscTiming(protocol, escHz) },
            Drag = new AirframeDragSpec
            {
                LinearXy = Num(drag, "linearXyNPerMs", 0, 10),
                LinearZ = Num(drag, "linearZNPerMs", 0, 10),
                Angular = Num(drag, "angularNmPerRadS", 0, 1),
                CenterOfPressureAboveCgM = Num(drag, "centerOfPressureAboveCgM", -0.5, 0.5),
            },
            Imu = new ImuSpec
            {
                Model = model,
                Profile = profile,
                RateHz = rateHz,
                NoiseBandwidthHz = Num(imu, "noiseBandwidthHz", 1, rateHz / 2),
                GyroNoiseDensityRadSPerSqrtHz = Num(imu, "gyroNoiseDensityDpsPerSqrtHz", 0, 1) * DegToRad,
                AccelNoiseDensityMs2PerSqrtHz = Num(imu, "accelNoiseDensityUgPerSqrtHz", 0, 10000) * 1e-6 * StandardGravity,
                GyroBiasSigmaRadS = Num(imu, "gyroBiasSigmaDps", 0, 50) * DegToRad,
                GyroBiasRandomWalkRadSPerSqrtS = Num(imu, "gyroBiasRandomWalkDpsPerSqrtS", 0, 10) * DegToRad,
                AccelBiasSigmaMs2 = Num(imu, "accelBiasSigmaMg", 0, 1000) * 1e-3 * StandardGravity,
                AccelBiasRandomWalkMs2PerSqrtS = Num(imu, "accelBiasRandomWalkMgPerSqrtS", 0, 100) * 1e-3 * StandardGravity,
                GyroRangeRadS = gyroRangeDps * DegToRad,
                AccelRangeMs2 = accelRangeG * StandardGravity,
                // One count of the 16-bit output registers, as Core converts it (ImuDeviceProfile: datasheet LSB/unit).
                GyroLsbRadS = profile.GyroScale / 4294967296.0,
                AccelLsbMs2 = profile.AccelScale / 4294967296.0,
            },
            PidGains = ReadGains(root.Object("pid"), used),
            Sources = sources,
        };

        foreach (string field in used)
        {
            if (!HasSource(sources, field))
            {
                throw new FrameFileException(
                    $"{root.File}: field \"{field}\" has no entry in \"sources\"; every number needs its source " +
                    $"(a key \"{field}\" or one of its parent objects)");
            }
        }

        if (frame.HoverRotorSpeedRadS >= frame.Motor.MaxRotorSpeedRadS * 0.9)
        {
            throw new FrameFileException(
                $"{root.File}: motor.maxRotorSpeedRadS ({frame.Motor.MaxRotorSpeedRadS}) leaves no control margin: " +
                $"hover needs {frame.HoverRotorSpeedRadS:F0} rad/s; allowed: hover below 90% of the maximum");
        }

        return frame;
    }

    private static bool HasSource(IReadOnlyDictionary<string, string> sources, string field)
    {
        for (string path = field; ; )
        {
            if (sources.ContainsKey(path))
            {
                return true;
            }

            int dot = path.LastIndexOf('.');
            if (dot < 0)
            {
                return false;
            }

            path = path[..dot];
        }
    }

    private static Dictionary<string, string> ReadSources(Fields root)
    {
        var f = root.Object("sources");
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in f.Element.EnumerateObject())
        {
            if (p.Value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(p.Value.GetString()))
            {
                throw f.Error(p.Name, LiquidFlight.Model.JsonExcerpt.Of(p.Value.GetRawText()), "a non-empty string naming the source of the number");
            }

            result[p.Name] = p.Value.GetString()!;
        }

        return result;
    }

    private static Dictionary<string, double> ReadGains(Fields pid, List<string> used)
    {
        var gains = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var p in pid.Element.EnumerateObject())
        {
            if (PidTuning.FirstUnknownKey([p.Name]) != null)
            {
                throw pid.Error(p.Name, "an unknown gain", "one of " + string.Join(", ", PidTuning.Keys));
            }

            gains[p.Name] = pid.Number(p.Name, 0, 10000);
            used.Add(pid.PathOf(p.Name));
        }

        return gains;
    }

    /// <summary>One JSON object with the path it was found at, for error messages.</summary>
    private readonly struct Fields(string file, JsonElement element, string path)
    {
        public readonly string File = file;
        public readonly JsonElement Element = element;

        public string PathOf(string name) => path.Length == 0 ? name : path + "." + name;

        public FrameFileException Error(string name, string value, string allowed) =>
            new($"{File}: field \"{PathOf(name)}\" is {value}; allowed: {allowed}");

        private JsonElement Get(string name, string expected)
        {
            if (Element.ValueKind != JsonValueKind.Object || !Element.TryGetProperty(name, out var v))
            {
                throw new FrameFileException($"{File}: field \"{PathOf(name)}\" is missing; expected {expected}");
            }

            return v;
        }

        public Fields Object(string name)
        {
            var v = Get(name, "an object");
            if (v.ValueKind != JsonValueKind.Object)
            {
                throw Error(name, LiquidFlight.Model.JsonExcerpt.Of(v.GetRawText()), "an object");
            }

            return new Fields(File, v, PathOf(name));
        }

        public string String(string name)
        {
            var v = Get(name, "a string");
            if (v.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(v.GetString()))
            {
                throw Error(name, LiquidFlight.Model.JsonExcerpt.Of(v.GetRawText()), "a non-empty string");
            }

            return v.GetString()!;
        }

        public double Number(string name, double min, double max)
        {
            var v = Get(name, $"a number in [{min}, {max}]");
            if (v.ValueKind != JsonValueKind.Number || !v.TryGetDouble(out double d) || !double.IsFinite(d))
            {
                throw Error(name, LiquidFlight.Model.JsonExcerpt.Of(v.GetRawText()), $"a number in [{min}, {max}]");
            }

            if (d < min || d > max)
            {
                throw Error(name, LiquidFlight.Model.JsonExcerpt.Of(v.GetRawText()), $"a number in [{min}, {max}]");
            }

            return d;
        }
    }
}
