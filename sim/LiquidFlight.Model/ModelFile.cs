using System.Globalization;
using System.Text;
using System.Text.Json;
using LiquidFlight.Core.Ltc;

namespace LiquidFlight.Model;

/// <summary>
/// The LTC model file: a JSON document, format "liquidflight-ltc", version 1.
/// <code>
/// {
///   "format": "liquidflight-ltc", "version": 1, "description": "...", "unfolds": 1,
///   "solver": "jacobi" | "layered",                                          optional, absent = "jacobi"
///   "inputs":  [ { "name": "rollErrorRad", "scale": 1, "offset": 0 }, ... ],   mapped = x * scale + offset
///   "outputs": [ { "name": "roll", "scale": 1, "offset": 0 }, ... ],           output k = v[k] * scale + offset
///   "neurons": { "role": ["motor", ..., "command", ..., "inter", ...], "cm": [...], "gleak": [...], "vleak": [...] },
///   "sensorySynapses": { "source": [input...], "target": [neuron...], "w": [...], "sigma": [...], "mu": [...], "erev": [...] },
///   "synapses":        { "source": [neuron...], "target": [neuron...], "w": [...], "sigma": [...], "mu": [...], "erev": [...] }
/// }
/// </code>
/// Neuron k &lt; outputs is the motor neuron of output k. The neuron count is the length of neurons.role; every
/// other neuron array must match it, and every synapse array must match its set's source array. Reading refuses
/// a missing field, a wrong type or array length, a non-finite number, an unknown format or version, and
/// everything <see cref="LtcModelValidator"/> refuses, with the file, the field path, the value and what is allowed.
/// </summary>
public static class ModelFile
{
    public const string FormatName = "liquidflight-ltc";
    public const int CurrentVersion = 1;

    public static LtcModel Read(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new ModelFileException($"{path}: cannot read the model file: {e.Message}");
        }

        return Parse(text, path);
    }

    /// <summary>Parses model-file text; <paramref name="source"/> names it in error messages.</summary>
    public static LtcModel Parse(string json, string source)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            // The parser's message can quote many lines of the document: keep it to one line and a few words.
            string where = e.LineNumber is long line ? $" at line {line + 1}, byte {e.BytePositionInLine + 1}" : "";
            throw new ModelFileException($"{source}: not a valid JSON document{where}: {JsonExcerpt.Of(e.Message, 160)}");
        }

        using (doc)
        {
            var r = new FieldReader(source);
            JsonElement root = doc.RootElement;
            r.Expect(root, JsonValueKind.Object, "(document)", "a JSON object");

            string format = r.String(r.Field(root, "format", ""), "format");
            if (format != FormatName)
            {
                throw r.Error("format", Quote(format), $"\"{FormatName}\"");
            }

            JsonElement versionElement = r.Field(root, "version", "");
            int version = r.Int(versionElement, "version");
            if (version != CurrentVersion)
            {
                throw r.Error("version", version.ToString(CultureInfo.InvariantCulture), $"{CurrentVersion} (the only version this build reads)");
            }

            var m = new LtcModel
            {
                Description = root.TryGetProperty("description", out JsonElement d) ? r.String(d, "description") : "",
                Unfolds = r.Int(r.Field(root, "unfolds", ""), "unfolds"),
                Solver = root.TryGetProperty("solver", out JsonElement solver) ? ParseSolver(r, solver) : LtcParameters.SolverJacobi,
            };

            ReadPorts(r, root, "inputs", out string[] inNames, out double[] inScale, out double[] inOffset);
            m.InputNames = inNames;
            m.InputScale = inScale;
            m.InputOffset = inOffset;
            ReadPorts(r, root, "outputs", out string[] outNames, out double[] outScale, out double[] outOffset);
            m.OutputNames = outNames;
            m.OutputScale = outScale;
            m.OutputOffset = outOffset;

            JsonElement neurons = r.Field(root, "neurons", "");
            r.Expect(neurons, JsonValueKind.Object, "neurons", "an object");
            JsonElement roleArray = r.Field(neurons, "role", "neurons");
            m.Roles = r.Array(roleArray, "neurons.role", -1, (e, p) => ParseRole(r, e, p));
            int n = m.Roles.Length;
            if (n >= 20)
            {
                throw r.Error("neurons.role", $"{n} neurons", $"fewer than 20 neurons (at most {LtcParameters.MaxNeurons})");
            }

            m.Cm = r.Numbers(neurons, "cm", "neurons", n);
            m.Gleak = r.Numbers(neurons, "gleak", "neurons", n);
            m.Vleak = r.Numbers(neurons, "vleak", "neurons", n);

            m.Sensory = ReadSynapses(r, root, "sensorySynapses");
            m.Synapses = ReadSynapses(r, root, "synapses");

            m.EnsureValid(source);
            return m;
        }
    }

    public static void Write(LtcModel model, string path)
    {
        model.EnsureValid(path);
        string text = Serialize(model);
        try
        {
            string? dir = Path.GetDirectoryName(Path.GetFullPath(path));
            if (dir != null)
            {
                Directory.CreateDirectory(dir);
            }

            File.WriteAllText(path, text);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new ModelFileException($"{path}: cannot write the model file: {e.Message}");
        }
    }

    /// <summary>The file text: indented, one array per line, numbers in shortest round-trip form (read gives back the same doubles).</summary>
    public static string Serialize(LtcModel m)
    {
        var b = new StringBuilder();
        b.Append("{\n");
        b.Append("  \"format\": ").Append(Quote(FormatName)).Append(",\n");
        b.Append("  \"version\": ").Append(CurrentVersion).Append(",\n");
        b.Append("  \"description\": ").Append(Quote(m.Description)).Append(",\n");
        b.Append("  \"unfolds\": ").Append(m.Unfolds.ToString(CultureInfo.InvariantCulture)).Append(",\n");
        b.Append("  \"solver\": ").Append(Quote(LtcModel.SolverNames[m.Solver])).Append(",\n");
        WritePorts(b, "inputs", m.InputNames, m.InputScale, m.InputOffset);
        WritePorts(b, "outputs", m.OutputNames, m.OutputScale, m.OutputOffset);
        b.Append("  \"neurons\": {\n");
        b.Append("    \"role\": [").Append(string.Join(", ", m.Roles.Select(r => Quote(NeuronRole.Name(r))))).Append("],\n");
        b.Append("    \"cm\": ").Append(Numbers(m.Cm)).Append(",\n");
        b.Append("    \"gleak\": ").Append(Numbers(m.Gleak)).Append(",\n");
        b.Append("    \"vleak\": ").Append(Numbers(m.Vleak)).Append('\n');
        b.Append("  },\n");
        WriteSynapses(b, "sensorySynapses", m.Sensory, last: false);
        WriteSynapses(b, "synapses", m.Synapses, last: true);
        b.Append("}\n");
        return b.ToString();
    }

    private static void ReadPorts(FieldReader r, JsonElement root, string name, out string[] names, out double[] scale, out double[] offset)
    {
        JsonElement array = r.Field(root, name, "");
        r.Expect(array, JsonValueKind.Array, name, "an array of { name, scale, offset } objects");
        int count = array.GetArrayLength();
        names = new string[count];
        scale = new double[count];
        offset = new double[count];
        int i = 0;
        foreach (JsonElement port in array.EnumerateArray())
        {
            string path = $"{name}[{i}]";
            r.Expect(port, JsonValueKind.Object, path, "an object { name, scale, offset }");
            names[i] = r.String(r.Field(port, "name", path), $"{path}.name");
            scale[i] = r.Number(r.Field(port, "scale", path), $"{path}.scale");
            offset[i] = r.Number(r.Field(port, "offset", path), $"{path}.offset");
            i++;
        }
    }

    private static SynapseSet ReadSynapses(FieldReader r, JsonElement root, string name)
    {
        JsonElement set = r.Field(root, name, "");
        r.Expect(set, JsonValueKind.Object, name, "an object of parallel arrays source, target, w, sigma, mu, erev");
        int[] source = r.Array(r.Field(set, "source", name), $"{name}.source", -1, r.Int);
        int count = source.Length;
        return new SynapseSet
        {
            Source = source,
            Target = r.Array(r.Field(set, "target", name), $"{name}.target", count, r.Int),
            W = r.Numbers(set, "w", name, count),
            Sigma = r.Numbers(set, "sigma", name, count),
            Mu = r.Numbers(set, "mu", name, count),
            Erev = r.Numbers(set, "erev", name, count),
        };
    }

    private static int ParseSolver(FieldReader r, JsonElement e)
    {
        string name = r.String(e, "solver");
        int code = Array.IndexOf(LtcModel.SolverNames, name);
        return code >= 0 ? code : throw r.Error("solver", Quote(name), "\"jacobi\" or \"layered\" (absent means \"jacobi\")");
    }

    private static int ParseRole(FieldReader r, JsonElement e, string path)
    {
        string role = r.String(e, path);
        return role switch
        {
            "motor" => NeuronRole.Motor,
            "command" => NeuronRole.Command,
            "inter" => NeuronRole.Inter,
            _ => throw r.Error(path, Quote(role), "\"motor\", \"command\" or \"inter\""),
        };
    }

    private static void WritePorts(StringBuilder b, string name, string[] names, double[] scale, double[] offset)
    {
        b.Append("  \"").Append(name).Append("\": [\n");
        for (int i = 0; i < names.Length; i++)
        {
            b.Append("    { \"name\": ").Append(Quote(names[i]))
             .Append(", \"scale\": ").Append(Number(scale[i]))
             .Append(", \"offset\": ").Append(Number(offset[i]))
             .Append(i + 1 < names.Length ? " },\n" : " }\n");
        }

        b.Append("  ],\n");
    }

    private static void WriteSynapses(StringBuilder b, string name, SynapseSet s, bool last)
    {
        b.Append("  \"").Append(name).Append("\": {\n");
        b.Append("    \"source\": [").Append(string.Join(", ", s.Source)).Append("],\n");
        b.Append("    \"target\": [").Append(string.Join(", ", s.Target)).Append("],\n");
        b.Append("    \"w\": ").Append(Numbers(s.W)).Append(",\n");
        b.Append("    \"sigma\": ").Append(Numbers(s.Sigma)).Append(",\n");
        b.Append("    \"mu\": ").Append(Numbers(s.Mu)).Append(",\n");
        b.Append("    \"erev\": ").Append(Numbers(s.Erev)).Append('\n');
        b.Append(last ? "  }\n" : "  },\n");
    }

    private static string Numbers(double[] values) => "[" + string.Join(", ", values.Select(Number)) + "]";

    private static string Number(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    private static string Quote(string s) => JsonSerializer.Serialize(s);

    /// <summary>Reads required fields with errors that name the source, the JSON path, the value and what is allowed.</summary>
    private sealed class FieldReader(string source)
    {
        public ModelFileException Error(string field, string value, string allowed) =>
            new(new ModelProblem(field, value, allowed).Describe(source));

        public JsonElement Field(JsonElement parent, string name, string parentPath)
        {
            string path = parentPath.Length == 0 ? name : $"{parentPath}.{name}";
            if (!parent.TryGetProperty(name, out JsonElement value))
            {
                throw new ModelFileException($"{source}: field '{path}' is missing: it is required");
            }

            return value;
        }

        public void Expect(JsonElement e, JsonValueKind kind, string path, string what)
        {
            if (e.ValueKind != kind)
            {
                throw Error(path, JsonExcerpt.Of(e.GetRawText()), what);
            }
        }

        public string String(JsonElement e, string path)
        {
            Expect(e, JsonValueKind.String, path, "a string");
            return e.GetString()!;
        }

        public double Number(JsonElement e, string path)
        {
            if (e.ValueKind == JsonValueKind.String)
            {
                // NaN and infinities are not JSON numbers; writers that allow them emit these strings.
                string s = e.GetString()!;
                if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double parsed) && !double.IsFinite(parsed))
                {
                    throw Error(path, Quote(s), "a finite number");
                }
            }

            Expect(e, JsonValueKind.Number, path, "a number");
            if (!e.TryGetDouble(out double v) || !double.IsFinite(v))
            {
                throw Error(path, JsonExcerpt.Of(e.GetRawText()), "a finite number");
            }

            return v;
        }

        public int Int(JsonElement e, string path)
        {
            Expect(e, JsonValueKind.Number, path, "an integer");
            if (!e.TryGetInt32(out int v))
            {
                throw Error(path, JsonExcerpt.Of(e.GetRawText()), "an integer");
            }

            return v;
        }

        /// <summary>An array of exactly <paramref name="expectedLength"/> items (any length when negative).</summary>
        public T[] Array<T>(JsonElement e, string path, int expectedLength, Func<JsonElement, string, T> item)
        {
            Expect(e, JsonValueKind.Array, path, "an array");
            int length = e.GetArrayLength();
            if (expectedLength >= 0 && length != expectedLength)
            {
                throw Error(path, $"{length} entries", $"exactly {expectedLength} entries (one per {CountedBy(path)})");
            }

            var result = new T[length];
            int i = 0;
            foreach (JsonElement x in e.EnumerateArray())
            {
                result[i] = item(x, $"{path}[{i}]");
                i++;
            }

            return result;
        }

        public double[] Numbers(JsonElement parent, string name, string parentPath, int expectedLength) =>
            Array(Field(parent, name, parentPath), $"{parentPath}.{name}", expectedLength, Number);

        private static string CountedBy(string path) =>
            path.StartsWith("neurons.", StringComparison.Ordinal) ? "neuron in neurons.role"
                : $"synapse in {path[..path.IndexOf('.')]}.source";
    }
}
