using System.Text.Json;

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

        string protocol = esc.String("protocol");
        (int lowPulse, int highPulse) = protocol switch
        {
            "pwm" or "brushed" => (900, 2100),
            "oneshot125" => (100, 260),
            _ => throw esc.Error("protocol", $"\"{protocol}\"", "one of \"pwm\", \"oneshot125\", \"brushed\""),
        };
        int minPulse = (int)Num(esc, "minPulseUs", lowPulse, highPulse);
        int maxPulse = (int)Num(esc, "maxPulseUs", lowPulse, highPulse);
        if (maxPulse <= minPulse)
        {
            throw esc.Error("maxPulseUs", maxPulse.ToString(), $"a value greater than minPulseUs ({minPulse})");
        }

        double gyroRangeDps = Num(imu, "gyroRangeDps", 125, 4000);
        double accelRangeG = Num(imu, "accelRangeG", 2, 32);
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
            Esc = new EscSpec { Protocol = protocol, MinPulseUs = minPulse, MaxPulseUs = maxPulse },
            Drag = new AirframeDragSpec
            {
                LinearXy = Num(drag, "linearXyNPerMs", 0, 10),
                LinearZ = Num(drag, "linearZNPerMs", 0, 10),
                Angular = Num(drag, "angularNmPerRadS", 0, 1),
                CenterOfPressureAboveCgM = Num(drag, "centerOfPressureAboveCgM", -0.5, 0.5),
            },
            Imu = new ImuSpec
            {
                Model = imu.String("model"),
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
                // 16-bit signed outputs: full scale spans 32768 counts each way.
                GyroLsbRadS = gyroRangeDps * DegToRad / 32768.0,
                AccelLsbMs2 = accelRangeG * StandardGravity / 32768.0,
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
                throw f.Error(p.Name, p.Value.GetRawText(), "a non-empty string naming the source of the number");
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
                throw Error(name, v.GetRawText(), "an object");
            }

            return new Fields(File, v, PathOf(name));
        }

        public string String(string name)
        {
            var v = Get(name, "a string");
            if (v.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(v.GetString()))
            {
                throw Error(name, v.GetRawText(), "a non-empty string");
            }

            return v.GetString()!;
        }

        public double Number(string name, double min, double max)
        {
            var v = Get(name, $"a number in [{min}, {max}]");
            if (v.ValueKind != JsonValueKind.Number || !v.TryGetDouble(out double d) || !double.IsFinite(d))
            {
                throw Error(name, v.GetRawText(), $"a number in [{min}, {max}]");
            }

            if (d < min || d > max)
            {
                throw Error(name, v.GetRawText(), $"a number in [{min}, {max}]");
            }

            return d;
        }
    }
}
