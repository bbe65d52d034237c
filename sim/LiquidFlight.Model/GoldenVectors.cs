using System.Globalization;
using System.Text;
using LiquidFlight.Core.Ltc;

namespace LiquidFlight.Model;

public sealed record GoldenModel(string Name, LtcParameters Parameters);

/// <summary>One network step: the sample timestamp, raw Q16.16 inputs, and the expected raw outputs and states after it.</summary>
public sealed record GoldenStep(long TimeMicros, int[] Inputs, int[] Outputs, int[] States);

public sealed record GoldenSequence(string Name, string ModelName, long StartMicros, IReadOnlyList<GoldenStep> Steps);

public sealed record GoldenVectorSet(IReadOnlyList<GoldenModel> Models, IReadOnlyList<GoldenSequence> Sequences);

/// <summary>
/// Golden vectors for the fixed-point LTC: input sequences with irregular timestamps and the raw Q16.16 outputs
/// and states the network must produce, bit for bit, on every host (the desktop tests and, through the same
/// file, the on-device tests). The file carries its own network parameters, so it stays valid when the shipped
/// model changes.
///
/// Format (text, line based, so the board parses it with String.Split and int.Parse, no JSON library):
/// <code>
///   # comment                                   lines starting with '#' and blank lines are ignored
///   ltc-golden 2                                magic and format version, first non-comment line
///   model NAME                                  starts a parameter block
///   set FIELD VALUE                             InputCount, NeuronCount, MotorCount, Unfolds,
///                                               Solver (only when not 0, the Jacobi order)
///   array FIELD V0 V1 ...                       every int[] field of LtcParameters by name (may be empty),
///                                               raw as LtcParameters holds them (Q16.16; Cm Q8.24)
///   end
///   sequence NAME MODEL START_US                network Reset() at the start; previous time = START_US
///   step T_US I0..I(InputCount-1) O0..O(MotorCount-1) S0..S(NeuronCount-1)
///   end
/// </code>
/// Replay: for each step, dt = T_US - previous T_US (zero and negative intervals occur on purpose),
/// network.Step(inputs, dt, outputs), then outputs and GetState(i) must equal the recorded values.
/// All numbers are decimal integers separated by single spaces.
/// </summary>
public static class GoldenVectors
{
    public const string RepositoryPath = "tests/golden/ltc-golden.txt";
    public const string Magic = "ltc-golden";
    /// <summary>2 since cm is Q8.24 (LtcParameters.CapacitanceFractionBits) and the solver's arithmetic finer; a version-1 file is refused.</summary>
    public const int Version = 2;

    /// <summary>The int[] fields of <see cref="LtcParameters"/>, in the order the golden file (and its on-device copy) lists them.</summary>
    public static IReadOnlyList<string> ParameterArrayFields => ArrayFields;

    private static readonly string[] ArrayFields =
    [
        "Cm", "Gleak", "Vleak", "Role",
        "SensorySource", "SensoryTarget", "SensoryW", "SensorySigma", "SensoryMu", "SensoryErev",
        "SynapseSource", "SynapseTarget", "SynapseW", "SynapseSigma", "SynapseMu", "SynapseErev",
        "InputScale", "InputOffset", "OutputScale", "OutputOffset",
    ];

    /// <summary>
    /// The golden models and sequences:
    /// "ncp13" is the default untrained 13-neuron stabiliser (seed 1, 1 unfold) driven like a flight: random-walk
    /// inputs across their range, dt 0.5-8 ms with occasional 50 ms gaps.
    /// "ncp13x6" is the same wiring with 6 unfolds and tripled weights, driven at the edges: dt of 1 µs, 1 s,
    /// longer than the 1 s cap, zero and negative, and inputs at the Q16.16 extremes.
    /// "ncp13L" is the "ncp13" network with the layered solver order, driven like "flight".
    /// </summary>
    public static GoldenVectorSet Generate()
    {
        LtcModel flight = UntrainedModel.CreateDefault(UntrainedModel.DefaultSeed);
        LtcModel edges = flight.Clone();
        edges.Unfolds = 6;
        for (int k = 0; k < edges.Synapses.Count; k++)
        {
            edges.Synapses.W[k] *= 3;
        }

        for (int k = 0; k < edges.Sensory.Count; k++)
        {
            edges.Sensory.W[k] *= 3;
        }

        LtcModel layered = flight.Clone();
        layered.Solver = LtcParameters.SolverLayered;

        var models = new List<GoldenModel>
        {
            new("ncp13", LtcModelConverter.ToParameters(flight, "golden ncp13")),
            new("ncp13x6", LtcModelConverter.ToParameters(edges, "golden ncp13x6")),
            new("ncp13L", LtcModelConverter.ToParameters(layered, "golden ncp13L")),
        };

        var sequences = new List<GoldenSequence>
        {
            Record("flight", models[0], 10_000_000, FlightSchedule(new Random(20261128), models[0].Parameters.InputCount, 300)),
            Record("edges", models[1], 0, EdgeSchedule(new Random(7), models[1].Parameters.InputCount)),
            Record("layered-flight", models[2], 10_000_000, FlightSchedule(new Random(20261129), models[2].Parameters.InputCount, 300)),
        };
        return new GoldenVectorSet(models, sequences);
    }

    /// <summary>Irregular timestamps and random-walk inputs: angles within about ±1 rad, rates within about ±5 rad/s.</summary>
    public static IEnumerable<(long Time, int[] Inputs)> FlightSchedule(Random rng, int inputCount, int steps)
    {
        long t = 10_000_000;
        var x = new double[inputCount];
        for (int s = 0; s < steps; s++)
        {
            long dt = rng.NextDouble() < 0.03 ? 50_000 : 500 + rng.Next(7_501);
            t += dt;
            var raw = new int[inputCount];
            for (int j = 0; j < inputCount; j++)
            {
                double range = j < 2 ? 1.0 : 5.0;
                x[j] = Math.Clamp(x[j] + (range * 0.2 * ((2 * rng.NextDouble()) - 1)), -range, range);
                raw[j] = Q16Convert.ToRaw(x[j]);
            }

            yield return (t, raw);
        }
    }

    private static IEnumerable<(long Time, int[] Inputs)> EdgeSchedule(Random rng, int inputCount)
    {
        long[] intervals = [1, 1, 3, 1_000_000, 2, 0, 2_500_000, -400, 16, 999_999, 7, 0, 1, 250_000, 1, 40_000_000];
        long t = 0;
        for (int s = 0; s < 64; s++)
        {
            t += intervals[s % intervals.Length];
            var raw = new int[inputCount];
            for (int j = 0; j < inputCount; j++)
            {
                raw[j] = (rng.Next(4)) switch
                {
                    0 => int.MaxValue,
                    1 => int.MinValue,
                    _ => rng.Next(-8 * 65536, 8 * 65536),
                };
            }

            yield return (t, raw);
        }
    }

    private static GoldenSequence Record(string name, GoldenModel model, long start, IEnumerable<(long Time, int[] Inputs)> schedule)
    {
        LtcParameters p = model.Parameters;
        var network = new LtcNetwork(p);
        var steps = new List<GoldenStep>();
        long previous = start;
        var outputs = new int[p.MotorCount];
        foreach ((long time, int[] inputs) in schedule)
        {
            network.Step(inputs, time - previous, outputs);
            previous = time;
            var states = new int[p.NeuronCount];
            for (int i = 0; i < states.Length; i++)
            {
                states[i] = network.GetState(i);
            }

            steps.Add(new GoldenStep(time, inputs, (int[])outputs.Clone(), states));
        }

        return new GoldenSequence(name, model.Name, start, steps);
    }

    public static string Format(GoldenVectorSet set)
    {
        var b = new StringBuilder();
        b.Append("# LiquidFlight fixed-point LTC golden vectors. Generated by: liquidflight model golden --out ").Append(RepositoryPath).Append('\n');
        b.Append("# Format: see sim/LiquidFlight.Model/GoldenVectors.cs. Values are raw Q16.16 (1.0 = 65536; Cm Q8.24, 1.0 = 16777216); times in microseconds.\n");
        b.Append("# step T_US inputs[InputCount] outputs[MotorCount] states[NeuronCount]; dt = T_US - previous T_US.\n");
        b.Append(Magic).Append(' ').Append(Version).Append('\n');
        foreach (GoldenModel m in set.Models)
        {
            LtcParameters p = m.Parameters;
            b.Append("model ").Append(m.Name).Append('\n');
            b.Append("set InputCount ").Append(p.InputCount).Append('\n');
            b.Append("set NeuronCount ").Append(p.NeuronCount).Append('\n');
            b.Append("set MotorCount ").Append(p.MotorCount).Append('\n');
            b.Append("set Unfolds ").Append(p.Unfolds).Append('\n');
            if (p.Solver != LtcParameters.SolverJacobi)
            {
                b.Append("set Solver ").Append(p.Solver).Append('\n');
            }
            foreach (string field in ArrayFields)
            {
                b.Append("array ").Append(field);
                foreach (int v in GetArray(p, field))
                {
                    b.Append(' ').Append(v.ToString(CultureInfo.InvariantCulture));
                }

                b.Append('\n');
            }

            b.Append("end\n");
        }

        foreach (GoldenSequence s in set.Sequences)
        {
            b.Append("sequence ").Append(s.Name).Append(' ').Append(s.ModelName).Append(' ').Append(s.StartMicros).Append('\n');
            foreach (GoldenStep step in s.Steps)
            {
                b.Append("step ").Append(step.TimeMicros.ToString(CultureInfo.InvariantCulture));
                foreach (int[] group in new[] { step.Inputs, step.Outputs, step.States })
                {
                    foreach (int v in group)
                    {
                        b.Append(' ').Append(v.ToString(CultureInfo.InvariantCulture));
                    }
                }

                b.Append('\n');
            }

            b.Append("end\n");
        }

        return b.ToString();
    }

    /// <summary>Parses the format above; throws FormatException with the line number on anything unexpected.</summary>
    public static GoldenVectorSet Parse(string text)
    {
        var models = new List<GoldenModel>();
        var sequences = new List<GoldenSequence>();
        string[] lines = text.Split('\n');
        bool sawMagic = false;
        LtcParameters? model = null;
        string? modelName = null;
        GoldenSequence? sequence = null;
        List<GoldenStep>? steps = null;
        LtcParameters? sequenceModel = null;

        for (int lineNo = 1; lineNo <= lines.Length; lineNo++)
        {
            string line = lines[lineNo - 1].Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            string[] t = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            FormatException Bad(string why) => new($"golden vectors line {lineNo}: {why}: '{(line.Length > 60 ? line[..60] + "..." : line)}'");

            if (!sawMagic)
            {
                if (t.Length != 2 || t[0] != Magic || t[1] != Version.ToString(CultureInfo.InvariantCulture))
                {
                    throw Bad($"expected '{Magic} {Version}'");
                }

                sawMagic = true;
                continue;
            }

            switch (t[0])
            {
                case "model" when model == null && sequence == null && t.Length == 2:
                    model = new LtcParameters();
                    modelName = t[1];
                    break;
                case "set" when model != null && t.Length == 3:
                    int value = ParseInt(t[2], Bad);
                    switch (t[1])
                    {
                        case "InputCount": model.InputCount = value; break;
                        case "NeuronCount": model.NeuronCount = value; break;
                        case "MotorCount": model.MotorCount = value; break;
                        case "Unfolds": model.Unfolds = value; break;
                        case "Solver": model.Solver = value; break;
                        default: throw Bad("unknown scalar field");
                    }

                    break;
                case "array" when model != null && t.Length >= 2:
                    if (Array.IndexOf(ArrayFields, t[1]) < 0)
                    {
                        throw Bad("unknown array field");
                    }

                    SetArray(model, t[1], t.Skip(2).Select(v => ParseInt(v, Bad)).ToArray());
                    break;
                case "end" when model != null:
                    models.Add(new GoldenModel(modelName!, model));
                    model = null;
                    break;
                case "sequence" when model == null && sequence == null && t.Length == 4:
                    GoldenModel? m = models.FirstOrDefault(x => x.Name == t[2]) ?? throw Bad($"unknown model '{t[2]}'");
                    sequenceModel = m.Parameters;
                    steps = [];
                    sequence = new GoldenSequence(t[1], t[2], ParseLong(t[3], Bad), steps);
                    break;
                case "step" when sequence != null:
                    LtcParameters sp = sequenceModel!;
                    int expected = 2 + sp.InputCount + sp.MotorCount + sp.NeuronCount;
                    if (t.Length != expected)
                    {
                        throw Bad($"{t.Length - 1} numbers, expected {expected - 1}");
                    }

                    int[] all = t.Skip(2).Select(v => ParseInt(v, Bad)).ToArray();
                    steps!.Add(new GoldenStep(
                        ParseLong(t[1], Bad),
                        all[..sp.InputCount],
                        all[sp.InputCount..(sp.InputCount + sp.MotorCount)],
                        all[(sp.InputCount + sp.MotorCount)..]));
                    break;
                case "end" when sequence != null:
                    sequences.Add(sequence);
                    sequence = null;
                    break;
                default:
                    throw Bad("unexpected line");
            }
        }

        if (!sawMagic || model != null || sequence != null)
        {
            throw new FormatException("golden vectors: file ends inside a block or has no header");
        }

        return new GoldenVectorSet(models, sequences);
    }

    private static int ParseInt(string s, Func<string, FormatException> bad) =>
        int.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int v) ? v : throw bad($"'{s}' is not an int");

    private static long ParseLong(string s, Func<string, FormatException> bad) =>
        long.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long v) ? v : throw bad($"'{s}' is not an integer");

    /// <summary>The int[] field of <paramref name="p"/> named <paramref name="field"/> (one of <see cref="ParameterArrayFields"/>).</summary>
    public static int[] GetArray(LtcParameters p, string field) => field switch
    {
        "Cm" => p.Cm, "Gleak" => p.Gleak, "Vleak" => p.Vleak, "Role" => p.Role,
        "SensorySource" => p.SensorySource, "SensoryTarget" => p.SensoryTarget, "SensoryW" => p.SensoryW,
        "SensorySigma" => p.SensorySigma, "SensoryMu" => p.SensoryMu, "SensoryErev" => p.SensoryErev,
        "SynapseSource" => p.SynapseSource, "SynapseTarget" => p.SynapseTarget, "SynapseW" => p.SynapseW,
        "SynapseSigma" => p.SynapseSigma, "SynapseMu" => p.SynapseMu, "SynapseErev" => p.SynapseErev,
        "InputScale" => p.InputScale, "InputOffset" => p.InputOffset,
        "OutputScale" => p.OutputScale, "OutputOffset" => p.OutputOffset,
        _ => throw new ArgumentException(field),
    };

    private static void SetArray(LtcParameters p, string field, int[] v)
    {
        switch (field)
        {
            case "Cm": p.Cm = v; break;
            case "Gleak": p.Gleak = v; break;
            case "Vleak": p.Vleak = v; break;
            case "Role": p.Role = v; break;
            case "SensorySource": p.SensorySource = v; break;
            case "SensoryTarget": p.SensoryTarget = v; break;
            case "SensoryW": p.SensoryW = v; break;
            case "SensorySigma": p.SensorySigma = v; break;
            case "SensoryMu": p.SensoryMu = v; break;
            case "SensoryErev": p.SensoryErev = v; break;
            case "SynapseSource": p.SynapseSource = v; break;
            case "SynapseTarget": p.SynapseTarget = v; break;
            case "SynapseW": p.SynapseW = v; break;
            case "SynapseSigma": p.SynapseSigma = v; break;
            case "SynapseMu": p.SynapseMu = v; break;
            case "SynapseErev": p.SynapseErev = v; break;
            case "InputScale": p.InputScale = v; break;
            case "InputOffset": p.InputOffset = v; break;
            case "OutputScale": p.OutputScale = v; break;
            case "OutputOffset": p.OutputOffset = v; break;
            default: throw new ArgumentException(field);
        }
    }
}
