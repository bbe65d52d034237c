using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using LiquidFlight.Core.Bench;
using LiquidFlight.IlPass;
using Mono.Cecil;
using Mono.Cecil.Cil;
using Mono.Cecil.Rocks;
using MethodBody = Mono.Cecil.Cil.MethodBody;
using OpCodes = Mono.Cecil.Cil.OpCodes;

namespace LiquidFlight.Benchmarks;

/// <summary>
/// Counts the IL instructions a flight-loop cycle really EXECUTES (DESIGN.md section 4a: the board's interpreter
/// time is about proportional to it), not a static bound:
/// <list type="number">
/// <item>compiles Core's sources with optimisation on (the Release IL the firmware gets, C# 7.3), independently of
/// the configuration this tool was built in;</item>
/// <item>splits every Core method into basic blocks and puts a probe at the head of each block that adds the
/// block's instruction count to a counter (the probes themselves are not counted); a few entry methods switch the
/// counter to their component (estimator, controller, mixer...) for everything they call, so shared helpers such
/// as Q16.Mul are charged to the component that called them;</item>
/// <item>loads that instrumented Core into its own load context together with <see cref="IlCycleDriver"/>, flies
/// the firmware's configuration (safety supervisor hooked, 500 Hz, new sample each cycle) and reports the mean and
/// the maximum per armed in-flight cycle.</item>
/// </list>
/// Every Core instruction counts one, whatever it is (a call, a 64-bit division and a ldloc all count one); calls
/// into mscorlib count as their call instruction only (the flight path makes none). The figure is the number of
/// instructions the interpreter dispatches for FlightLoop.RunCycle; the firmware's own code around it (I2C read,
/// sample conversion, ESC output, scheduler) is not in Core and not counted.
/// </summary>
public static class IlExecutionCount
{
    public const string ProbeTypeName = "LiquidFlight.IlProbe.Counters";
    public const string ComponentField = "Components";
    public const string MethodField = "Methods";
    public const string CurrentField = "Current";
    public const string MethodCountField = "MethodCount";
    public const string ComponentCostField = "ComponentCosts";
    public const string MethodCostField = "MethodCosts";
    public const string ClassCostField = "ClassCosts";

    private const int ArmedCycles = 2000;

    /// <summary>
    /// Component names; index 0 collects whatever no entry method claims (the board cycle's own sequencing).
    /// The last one is the bench's stand-ins for the drivers (synthetic IMU bursts, CRSF bytes, motor sink):
    /// counted apart and left out of the totals, as the drivers' native calls are.
    /// </summary>
    internal static readonly string[] Components =
    [
        "board cycle (sequencing, executive, ESC)",
        "flight loop (sample clamp/dt, state copy)",
        "IMU conversion + health + calibration",
        "RC input (CRSF parser, channel map)",
        "safety supervisor",
        "gyro PT1 filter (3 axes)",
        "attitude estimator (Mahony)",
        "angle mode",
        "controller (excluding LTC step)",
        "LTC network step",
        "mixer",
        "ESC output (calls: stopped, minimum pulses)",
        "slow jobs (status events, telemetry)",
        "bench sources (driver stand-ins, not counted)",
    ];

    /// <summary>The components' keys in <c>il-count --json</c>, in the order of <see cref="Components"/>.</summary>
    internal static readonly string[] ComponentKeys =
    [
        "board-cycle", "flight-loop", "imu", "rc-input", "supervisor", "gyro-filter", "estimator", "angle-mode",
        "controller", "ltc-step", "mixer", "esc-output", "slow-jobs", "bench-sources",
    ];

    /// <summary>
    /// Opcode classes of <c>il-count --by-opcode</c>: where a component's predicted host instructions go. A call's
    /// price includes its callee's frame (locals), so "calls" is what the seams between methods cost.
    /// </summary>
    internal static readonly string[] OpcodeClasses = ["calls", "fields", "arrays", "locals+args+constants", "arithmetic+conversions", "branches"];

    internal static int OpcodeClass(OpCode op) => op.Code switch
    {
        Code.Call or Code.Callvirt or Code.Newobj or Code.Ret => 0,
        Code.Ldfld or Code.Stfld or Code.Ldflda or Code.Ldsfld or Code.Ldsflda or Code.Stsfld or Code.Ldobj or Code.Stobj or Code.Initobj => 1,
        Code.Ldelem_I1 or Code.Ldelem_U1 or Code.Ldelem_I2 or Code.Ldelem_U2 or Code.Ldelem_I4 or Code.Ldelem_U4 or Code.Ldelem_I8
            or Code.Ldelem_I or Code.Ldelem_Any or Code.Ldelem_Ref or Code.Stelem_I1 or Code.Stelem_I2 or Code.Stelem_I4
            or Code.Stelem_I8 or Code.Stelem_I or Code.Stelem_Any or Code.Stelem_Ref or Code.Ldelema or Code.Ldlen => 2,
        _ when op.Name.StartsWith("ldloc", StringComparison.Ordinal) || op.Name.StartsWith("stloc", StringComparison.Ordinal)
            || op.Name.StartsWith("ldarg", StringComparison.Ordinal) || op.Name.StartsWith("starg", StringComparison.Ordinal)
            || op.Name.StartsWith("ldc.", StringComparison.Ordinal) || op.Code is Code.Ldnull or Code.Dup or Code.Pop or Code.Nop => 3,
        _ when op.FlowControl is FlowControl.Branch or FlowControl.Cond_Branch || op.Code is Code.Ceq or Code.Cgt or Code.Cgt_Un or Code.Clt or Code.Clt_Un => 5,
        _ => 4,
    };

    /// <summary>Index of the bench's own component, excluded from the totals.</summary>
    internal static int BenchComponent => Components.Length - 1;

    /// <summary>
    /// Entry method -> component. "Outer" entries claim only work called from the board cycle's or the flight
    /// loop's own code (components 0 and 1), so a helper called inside a controller stays the controller's;
    /// "inner" ones always claim. Everything a claimed method calls is charged to its component.
    /// </summary>
    private static readonly (string Type, string Method, int Component, bool Inner)[] Entries =
    [
        ("BoardCycle", "RunOnce", 0, true),
        ("FlightLoop", "RunCycle", 1, false),
        ("ImuSampleConverter", "Convert", 2, false),
        ("ImuHealthMonitor", "ReportRead", 2, false),
        ("ImuHealthMonitor", "ReportBusError", 2, false),
        ("ImuHealthMonitor", "IsHealthy", 2, false),
        ("GyroCalibrator", "AddSample", 2, false),
        ("BoardCycle", "PollRc", 3, false),
        ("SafetySupervisor", "BeforeCycle", 4, false),
        ("SafetySupervisor", "AfterCycle", 4, false),
        ("SafetySupervisor", "LoopCycleFinished", 4, false),
        ("Pt1Filter", "Alpha", 5, false),
        ("Pt1Filter", "ApplyAlpha", 5, false),
        ("Pt1Filter", "Reset", 5, false),
        ("AttitudeEstimator", "Update", 6, false),
        ("AttitudeEstimator", "UpdateWithinRange", 6, false),
        ("AngleMode", "Update", 7, false),
        ("PidController", "Update", 8, false),
        ("LtcController", "Update", 8, false),
        // The base class's StepAttitude (LtcNetwork takes it): LtcController's input map and clamp around the step.
        ("LtcStep", "StepAttitude", 8, false),
        ("LtcNetwork", "Step", 9, true),
        ("ShippedModelStep", "Step", 9, true),
        ("ShippedModelStep", "StepAttitude", 9, true),
        ("QuadXMixer", "Mix", 10, false),
        ("QuadXMixer", "Idle", 10, false),
        ("QuadXMixer", "Stopped", 10, false),
        ("EscTiming", "ToPulses", 11, false),
        ("EscTiming", "MinimumPulses", 11, false),
        ("BoardCycle", "ReportStatus", 12, false),
        ("MavlinkTelemetry", "Run", 12, false),
        ("BenchFlight", "RunCycle", 13, true),
        ("BenchImu", "Read", 13, true),
        ("BenchReceiver", "Read", 13, true),
        ("BenchReceiver", "Send", 13, true),
        ("BenchMotors", "Write", 13, true),
        ("BenchClock", "NowUs", 13, true),
        ("BenchLink", "Write", 13, true),
    ];

    public static int Run(string[] args)
    {
        bool json = false;
        bool reference = false;
        bool byOpcode = false;
        bool ilPass = true;
        string? coreDir = null;
        int detailCycle = -1;
        for (int ai = 0; ai < args.Length; ai++)
        {
            string a = args[ai];
            if (a == "--json")
            {
                json = true;
            }
            else if (a == "--reference")
            {
                reference = true;
            }
            else if (a == "--by-opcode")
            {
                byOpcode = true;
            }
            else if (a == "--no-il-pass")
            {
                ilPass = false;
            }
            else if (a == "--cycle")
            {
                string? value = ai + 1 < args.Length ? args[++ai] : null;
                if (!int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out detailCycle)
                    || detailCycle >= ArmedCycles)
                {
                    Console.Error.WriteLine($"il-count: --cycle '{value}' is not an armed cycle (allowed: 0 to {ArmedCycles - 1})");
                    return 2;
                }
            }
            else if (a.StartsWith('-') || coreDir != null)
            {
                Console.Error.WriteLine($"il-count: unknown argument '{a}' (allowed: --json, --reference, --by-opcode, --no-il-pass, --cycle N and one Core source directory)");
                return 2;
            }
            else
            {
                coreDir = a;
            }
        }

        if (coreDir != null && !Directory.Exists(coreDir))
        {
            Console.Error.WriteLine($"il-count: Core source directory '{coreDir}' does not exist");
            return 2;
        }

        if (reference)
        {
            return HostCostReference.Run(json);
        }

        coreDir ??= FindCoreSources();
        // As every build of Core leaves it (tools/LiquidFlight.IlPass/IlPass.targets): the board runs this IL.
        // --no-il-pass counts the compiler's IL as it is, to show what the pass saves.
        byte[] compiled = CompileCore(coreDir);
        IlPassResult? pass = null;
        var inlined = new List<InlinedCode>();
        if (ilPass)
        {
            compiled = InterpreterIlPass.Run(compiled, out IlPassResult done, inlined);
            pass = done;
        }
        (byte[] instrumented, string[] methodNames) = Instrument(compiled, inlined);

        var context = new InstrumentedContext(instrumented);
        Assembly driverAssembly = context.LoadFromAssemblyPath(typeof(IlCycleDriver).Assembly.Location);
        MethodInfo run = driverAssembly.GetType(typeof(IlCycleDriver).FullName!)!.GetMethod(nameof(IlCycleDriver.Run))!;

        var results = new Dictionary<string, Measured>();
        string ltcWiring = "";
        var mixerUse = new Dictionary<string, string>();
        // "pid-shifted" and "ltc-shifted" fly the same after one missed IMU sample, which moves the estimator's
        // samples by one cycle against the executive's slots: only their worst cycle is reported.
        // The FirmwareRuns fly the firmware's default loop rate with their receivers, under their key as suffix.
        var runs = new List<(string Name, string Controller, int Missed, int LoopHz, long FramePeriodUs)>();
        foreach (string controller in new[] { "pid", "ltc", "ltc-generic" })
        {
            runs.Add((controller, controller, 0, BenchFlight.DefaultLoopRateHz, BenchFlight.DefaultFramePeriodUs));
        }

        foreach (string controller in new[] { "pid", "ltc" })
        {
            runs.Add((controller + Shifted, controller, 1, BenchFlight.DefaultLoopRateHz, BenchFlight.DefaultFramePeriodUs));
            foreach ((string key, long period) in FirmwareRuns)
            {
                runs.Add((controller + key, controller, 0, FirmwareLoopHz, period));
                runs.Add((controller + Shifted + key, controller, 1, FirmwareLoopHz, period));
            }
        }

        foreach ((string name, string controller, int missed, int loopHz, long framePeriodUs) in runs)
        {
            var (perCycle, perMethod, costPerCycle, costPerMethod, classCosts, slots, slotJobs, cycleMethods, wiring, mixer) =
                ((long[], long[], long[], long[], long[], int[], string[], long[], string, string))run.Invoke(null, [controller, ArmedCycles, Components.Length, missed, loopHz, framePeriodUs, detailCycle])!;
            results[name] = new Measured(perCycle, perMethod, costPerCycle, costPerMethod, classCosts, slots, slotJobs, cycleMethods);
            mixerUse[name] = mixer;
            if (controller == "ltc")
            {
                ltcWiring = wiring;
            }
        }

        if (detailCycle >= 0)
        {
            WriteCycle(results, methodNames, detailCycle);
            return 0;
        }

        if (json)
        {
            WriteJson(results, methodNames, pass);
            return 0;
        }

        if (byOpcode)
        {
            WriteByOpcode(results);
            return 0;
        }

        Console.WriteLine($"Executed IL instructions and predicted nanoCLR host instructions (-Os, HostCostTable) per board cycle");
        Console.WriteLine($"(Core's BoardCycle.RunOnce, Core compiled optimised from {coreDir}");
        Console.WriteLine(pass != null
            ? $"and rewritten by the interpreter IL pass, tools/LiquidFlight.IlPass, as every build of Core is: {pass}),"
            : "as the compiler leaves it, without the interpreter IL pass (--no-il-pass): not what the board runs),");
        Console.Write($"mean and max over {ArmedCycles} armed ");
        var benchCycle = new LiquidFlight.Core.Flight.BoardCycleConfig { LoopRateHz = LiquidFlight.Core.Bench.BenchFlight.DefaultLoopRateHz };
        Console.WriteLine($"in-flight cycles of the bench flight (Core/Bench) at {benchCycle.LoopRateHz} Hz, RC polled at {benchCycle.LoopRateHz / benchCycle.RcPollStride()} Hz:");
        Console.WriteLine();
        Console.WriteLine($"LTC wiring measured (ShippedModel.g.cs): {ltcWiring}");
        Console.WriteLine();

        Console.WriteLine($"  {"component",-46} {"PID IL",7} {"host",9} {"max",9} {"LTC IL",7} {"host",9} {"max",9}");
        for (int c = 0; c < Components.Length; c++)
        {
            Console.WriteLine($"  {Components[c],-46} {Row(results["pid"], c)} {Row(results["ltc"], c)}");
        }

        Console.WriteLine($"  {"total per board cycle (bench sources excepted)",-46} {Row(results["pid"], -1)} {Row(results["ltc"], -1)}");
        Console.WriteLine();
        int step = Array.IndexOf(ComponentKeys, "ltc-step");
        Console.WriteLine($"The LTC columns fly the generated straight-line step (ShippedModelStep). The same model on the generic solver");
        Console.WriteLine($"(LtcNetwork, ltc-generic): LTC step {Row(results["ltc-generic"], step)}, whole cycle {Row(results["ltc-generic"], -1)} (IL, host, max).");
        Console.WriteLine();
        Console.WriteLine("The mixer's saturated path in the counted cycles (the bench's IMU does not answer the motors: the loop is open,");
        Console.WriteLine("so the commands are not those of a hover):");
        foreach (string controller in new[] { "pid", "ltc" })
        {
            Console.WriteLine($"  {controller}: {mixerUse[controller]}");
        }

        Console.WriteLine();
        foreach (string controller in new[] { "pid", "ltc" })
        {
            Console.WriteLine(WorstCycle($"{controller} cycle", results[controller]));
            Console.WriteLine(WorstCycle($"{controller} cycle with the estimator's samples one cycle later (one missed IMU sample before the count)", results[controller + Shifted]));
        }

        Console.WriteLine();
        int rcInput = Array.IndexOf(ComponentKeys, "rc-input");
        Console.WriteLine($"At the firmware's default rate ({FirmwareLoopHz} Hz, RC polled at {FirmwareLoopHz / 2} Hz), per board cycle, mean (worst of as flown and shifted):");
        foreach ((string key, long period) in FirmwareRuns)
        {
            Console.WriteLine($"with a receiver frame every {period:N0} µs of its own clock ({1000000 / period} Hz, 0.1 % fast), about {2 * 1000000 / FirmwareLoopHz / period} frames per RC poll:");
            foreach (string controller in new[] { "pid", "ltc" })
            {
                Measured r = results[controller + key];
                long worst = Math.Max(Worst(r).Cost, Worst(results[controller + Shifted + key]).Cost);
                (double rcMean, long rcMax, _) = Stats(r.CostPerCycle, rcInput);
                Console.WriteLine($"  {controller}: {Stats(r.CostPerCycle, -1).Mean:N0} ({worst:N0}); RC input {rcMean:N0} ({rcMax:N0})");
            }
        }

        string fastest = FirmwareRuns[0].Key;
        foreach (string controller in new[] { "pid", "ltc" })
        {
            Console.WriteLine(WorstCycle($"{controller} cycle at {FirmwareLoopHz} Hz, {FirmwareRuns[0].FramePeriodUs:N0} µs frames", results[controller + fastest]));
            Console.WriteLine(WorstCycle($"{controller} cycle at {FirmwareLoopHz} Hz, {FirmwareRuns[0].FramePeriodUs:N0} µs frames, estimator's samples one cycle later", results[controller + Shifted + fastest]));
        }

        Console.WriteLine();
        Console.WriteLine("Per slot of the executive, mean (worst of as flown and shifted) per cycle; in brackets what the slot's own job");
        Console.WriteLine("adds on average (RC input in RC slots, the slow job in status and telemetry slots):");
        foreach ((string label, string suffix) in DetailedRuns)
        {
            Console.WriteLine($"  {label}:");
            foreach (string controller in new[] { "pid", "ltc" })
            {
                SlotFigures[] slots = PerSlot(results[controller + suffix], results[controller + Shifted + suffix]);
                Console.WriteLine($"    {controller}: " + string.Join("; ", slots.Select(f =>
                    $"{f.Slot} {f.Job} {f.Mean:N0} ({f.Worst:N0})" + (f.Job == "rc" ? $" [{f.RcInput:N0}]" : f.Job == "free" ? "" : $" [{f.SlowJobs:N0}]"))));
            }
        }

        Console.WriteLine();

        foreach (string controller in new[] { "pid", "ltc" })
        {
            Measured r = results[controller];
            Console.WriteLine($"Costliest Core methods ({controller}, own IL and predicted host instructions per cycle, bench stand-ins excepted):");
            foreach (int i in Enumerable.Range(0, methodNames.Length).OrderByDescending(i => r.CostPerMethod[2 * i]).Take(16))
            {
                Console.WriteLine($"  {r.PerMethod[2 * i] / (double)ArmedCycles,7:F0} {r.CostPerMethod[2 * i] / (double)ArmedCycles,9:F0}  {methodNames[i]}");
            }

            Console.WriteLine();
        }

        return 0;
    }

    /// <summary>
    /// <c>il-count --by-opcode</c>: each component's mean predicted host instructions per cycle split by opcode class
    /// (a call's price includes its callee's frame), for the PID and the LTC.
    /// </summary>
    private static void WriteByOpcode(Dictionary<string, Measured> results)
    {
        Console.WriteLine($"Predicted nanoCLR host instructions per board cycle by opcode class (mean over {ArmedCycles} armed cycles at 500 Hz;");
        Console.WriteLine("a call's price includes its callee's frame, so 'calls' is what the seams between methods cost):");
        foreach (string controller in new[] { "pid", "ltc" })
        {
            Measured r = results[controller];
            int k = OpcodeClasses.Length;
            Console.WriteLine();
            Console.WriteLine($"  {controller,-46} " + string.Join(" ", OpcodeClasses.Select(c => $"{(c.Length > 10 ? c[..c.IndexOf('+')] : c),10}")) + $" {"total",9}");
            var sums = new double[k];
            for (int comp = 0; comp < Components.Length; comp++)
            {
                if (comp == BenchComponent)
                {
                    continue;
                }

                double[] v = Enumerable.Range(0, k).Select(c => r.ClassCosts[(comp * k) + c] / (double)ArmedCycles).ToArray();
                if (v.Sum() == 0)
                {
                    continue;
                }

                for (int c = 0; c < k; c++)
                {
                    sums[c] += v[c];
                }

                Console.WriteLine($"  {Components[comp],-46} " + string.Join(" ", v.Select(x => $"{x,10:F0}")) + $" {v.Sum(),9:F0}");
            }

            Console.WriteLine($"  {"total (bench sources excepted)",-46} " + string.Join(" ", sums.Select(x => $"{x,10:F0}")) + $" {sums.Sum(),9:F0}");
            Console.WriteLine($"  {"share",-46} " + string.Join(" ", sums.Select(x => $"{100 * x / sums.Sum(),9:F1}%")));
        }
    }

    /// <summary>The costliest cycle (bench sources excepted): its index among the armed cycles, its cost, and each component's part.</summary>
    internal static (int Index, long Cost, long[] Components) Worst(Measured r)
    {
        (_, long worstCost, int worst) = Stats(r.CostPerCycle, -1);
        int n = Components.Length;
        long[] parts = Enumerable.Range(0, n).Select(c => c == BenchComponent ? 0 : r.CostPerCycle[(worst * n) + c]).ToArray();
        return (worst, worstCost, parts);
    }

    private static string WorstCycle(string label, Measured r)
    {
        (int index, long cost, long[] parts) = Worst(r);
        return $"Worst {label} (armed cycle {index} of {r.CostPerCycle.Length / Components.Length}): {cost:N0} = "
            + string.Join(", ", Enumerable.Range(0, parts.Length).Where(c => parts[c] > 0).Select(c => $"{ComponentKeys[c]} {parts[c]:N0}"));
    }

    private static string Row(Measured r, int component)
    {
        (double il, _, _) = Stats(r.PerCycle, component);
        (double host, long hostMax, _) = Stats(r.CostPerCycle, component);
        return $"{il,7:F0} {host,9:F0} {hostMax,9}";
    }

    /// <summary>Suffix of the runs flown after one missed IMU sample (see <see cref="IlCycleDriver.Run"/>).</summary>
    private const string Shifted = "-shifted";

    /// <summary>
    /// The firmware's default loop rate (firmware/LiquidFlight.Firmware/BoardConfig.cs, LoopRateHz; HostCostModelTests
    /// checks the two agree). RC is polled in every other slot there, every 8 ms (125 Hz, as at 500 Hz).
    /// </summary>
    internal const int FirmwareLoopHz = 250;

    /// <summary>
    /// The runs at <see cref="FirmwareLoopHz"/>, by their JSON key (also the suffix of their names) and receiver frame
    /// period: a 500 Hz ExpressLRS receiver, the fastest common CRSF rate (about four frames per poll), and the bench's
    /// 250 Hz one (about two); both receivers' clocks run 0.1 % fast.
    /// </summary>
    internal static readonly (string Key, long FramePeriodUs)[] FirmwareRuns =
    [
        ("atFirmwareRate", 1998),
        ("atFirmwareRateWith250HzReceiver", BenchFlight.DefaultFramePeriodUs),
    ];

    /// <summary>
    /// The runs that the per-slot figures and <c>--cycle</c> show, as label and name suffix: the 500 Hz bench and the
    /// firmware's rate with the fastest receiver.
    /// </summary>
    private static readonly (string Label, string Suffix)[] DetailedRuns =
    [
        ($"{BenchFlight.DefaultLoopRateHz} Hz bench", ""),
        ($"{FirmwareLoopHz} Hz, {FirmwareRuns[0].FramePeriodUs:N0} µs frames", FirmwareRuns[0].Key),
    ];

    /// <summary>What the driver counted for one controller: per cycle x component and per method, IL and host cost.</summary>
    internal sealed record Measured(long[] PerCycle, long[] PerMethod, long[] CostPerCycle, long[] CostPerMethod, long[] ClassCosts, int[] Slots, string[] SlotJobs, long[] CycleMethodCosts);

    /// <summary>
    /// <c>il-count --cycle N</c>: armed cycle N of the bench (500 Hz) and of the firmware's rate with a 500 Hz receiver,
    /// for the PID and the LTC, as flown: its slot and job, its cost by component, and every method's own host
    /// instructions in it, which add up to the cycle's cost (the bench's stand-ins are counted apart, as in the table).
    /// </summary>
    private static void WriteCycle(Dictionary<string, Measured> results, string[] methodNames, int cycle)
    {
        int n = Components.Length;
        foreach ((string label, string suffix) in DetailedRuns)
        {
            foreach (string controller in new[] { "pid", "ltc" })
            {
                Measured r = results[controller + suffix];
                int slot = r.Slots[cycle];
                long total = CycleCost(r.CostPerCycle, cycle, -1);
                long bench = r.CostPerCycle[(cycle * n) + BenchComponent];
                Console.WriteLine($"{label}, {controller}, armed cycle {cycle} (slot {slot}, {r.SlotJobs[slot]}): {total:N0} host instructions (bench sources {bench:N0} apart)");
                Console.WriteLine("  " + string.Join(", ", Enumerable.Range(0, n).Where(c => c != BenchComponent && r.CostPerCycle[(cycle * n) + c] > 0)
                    .Select(c => $"{ComponentKeys[c]} {r.CostPerCycle[(cycle * n) + c]:N0}")));
                Console.WriteLine($"  methods, own host instructions in this cycle (they add up to {total:N0}):");
                foreach (int i in Enumerable.Range(0, methodNames.Length).Where(i => r.CycleMethodCosts[2 * i] > 0)
                    .OrderByDescending(i => r.CycleMethodCosts[2 * i]).ThenBy(i => methodNames[i], StringComparer.Ordinal))
                {
                    Console.WriteLine($"  {r.CycleMethodCosts[2 * i],9}  {methodNames[i]}");
                }

                Console.WriteLine();
            }
        }
    }

    /// <summary>
    /// One slot of the executive over a run: its job, how many counted cycles it had, the mean cost of its cycles, the
    /// worst of them (also over the run with the estimator's samples one cycle later, when given), and what its RC input
    /// and slow jobs add on average (the slot's own job).
    /// </summary>
    internal sealed record SlotFigures(int Slot, string Job, int Cycles, double Mean, long Worst, double RcInput, double SlowJobs);

    /// <summary>Per slot of <paramref name="r"/> (bench sources excepted); the worst also over <paramref name="shifted"/>.</summary>
    internal static SlotFigures[] PerSlot(Measured r, Measured? shifted)
    {
        int n = Components.Length;
        int rc = Array.IndexOf(ComponentKeys, "rc-input");
        int slow = Array.IndexOf(ComponentKeys, "slow-jobs");
        var figures = new SlotFigures[r.SlotJobs.Length];
        for (int slot = 0; slot < figures.Length; slot++)
        {
            int cycles = 0;
            double sum = 0, rcSum = 0, slowSum = 0;
            long worst = 0;
            foreach (Measured m in shifted == null ? new[] { r } : new[] { r, shifted })
            {
                for (int k = 0; k < m.Slots.Length; k++)
                {
                    if (m.Slots[k] != slot)
                    {
                        continue;
                    }

                    long cost = CycleCost(m.CostPerCycle, k, -1);
                    worst = Math.Max(worst, cost);
                    if (m == r)
                    {
                        cycles++;
                        sum += cost;
                        rcSum += m.CostPerCycle[(k * n) + rc];
                        slowSum += m.CostPerCycle[(k * n) + slow];
                    }
                }
            }

            figures[slot] = cycles == 0
                ? new SlotFigures(slot, r.SlotJobs[slot], 0, 0, worst, 0, 0)
                : new SlotFigures(slot, r.SlotJobs[slot], cycles, sum / cycles, worst, rcSum / cycles, slowSum / cycles);
        }

        return figures;
    }

    /// <summary>
    /// <c>{"cycles": N, "controllers": {"ltc": {"il": MEAN, "hostCost": MEAN, "components": {"KEY": {"il": MEAN,
    /// "hostCost": MEAN, "byOpcode": {"calls": MEAN, ...}}, ...}, "methods": {"Type.Method": {"il": MEAN, "hostCost": MEAN}, ...}}, "pid": ...}}</c>:
    /// means per cycle; the components cover the whole board cycle and sum to the totals (the bench's driver
    /// stand-ins are left out, as in the table); methods are every Core method the measured cycles executed (own
    /// instructions; overloads summed), costliest first.
    /// </summary>
    private static void WriteJson(Dictionary<string, Measured> results, string[] methodNames, IlPassResult? pass)
    {
        using var stream = Console.OpenStandardOutput();
        using (var w = new System.Text.Json.Utf8JsonWriter(stream, new System.Text.Json.JsonWriterOptions { Indented = true }))
        {
            void Pair(double il, double host)
            {
                w.WriteNumber("il", Math.Round(il, 1));
                w.WriteNumber("hostCost", Math.Round(host, 0));
            }

            w.WriteStartObject();
            w.WriteNumber("cycles", ArmedCycles);
            // What the interpreter IL pass changed in the counted Core (null with --no-il-pass).
            if (pass != null)
            {
                w.WriteStartObject("ilPass");
                w.WriteNumber("methods", pass.Methods);
                w.WriteNumber("constantsFolded", pass.ConstantsFolded);
                w.WriteNumber("localsRemoved", pass.LocalsRemoved);
                w.WriteNumber("valuesCarried", pass.ValuesCarried);
                w.WriteNumber("copiesRemoved", pass.CopiesRemoved);
                w.WriteNumber("stackReuses", pass.StackReuses);
                w.WriteNumber("deadStores", pass.DeadStores);
                w.WriteNumber("zeroStores", pass.ZeroStores);
                w.WriteNumber("localsReordered", pass.LocalsReordered);
                w.WriteEndObject();
            }
            else
            {
                w.WriteNull("ilPass");
            }

            w.WriteStartObject("controllers");
            foreach (string controller in new[] { "ltc", "pid", "ltc-generic" })
            {
                Measured r = results[controller];
                w.WriteStartObject(controller);
                Pair(Stats(r.PerCycle, -1).Mean, Stats(r.CostPerCycle, -1).Mean);
                w.WriteStartObject("components");
                for (int c = 0; c < Components.Length; c++)
                {
                    if (c == BenchComponent)
                    {
                        continue;
                    }

                    w.WriteStartObject(ComponentKeys[c]);
                    Pair(Stats(r.PerCycle, c).Mean, Stats(r.CostPerCycle, c).Mean);
                    w.WriteStartObject("byOpcode");
                    for (int k = 0; k < OpcodeClasses.Length; k++)
                    {
                        w.WriteNumber(OpcodeClasses[k], Math.Round(r.ClassCosts[(c * OpcodeClasses.Length) + k] / (double)ArmedCycles, 0));
                    }

                    w.WriteEndObject();
                    w.WriteEndObject();
                }

                w.WriteEndObject();
                void WorstObject(string key, Measured of)
                {
                    (int worstIndex, long worstCost, long[] worstParts) = Worst(of);
                    w.WriteStartObject(key);
                    w.WriteNumber("index", worstIndex);
                    w.WriteNumber("hostCost", worstCost);
                    w.WriteStartObject("components");
                    for (int c = 0; c < Components.Length; c++)
                    {
                        if (c != BenchComponent)
                        {
                            w.WriteNumber(ComponentKeys[c], worstParts[c]);
                        }
                    }

                    w.WriteEndObject();
                    w.WriteEndObject();
                }

                void SlotsArray(Measured of, Measured? shiftedRun)
                {
                    w.WriteStartArray("slots");
                    foreach (SlotFigures f in PerSlot(of, shiftedRun))
                    {
                        w.WriteStartObject();
                        w.WriteNumber("slot", f.Slot);
                        w.WriteString("job", f.Job);
                        w.WriteNumber("cycles", f.Cycles);
                        w.WriteNumber("hostCost", Math.Round(f.Mean, 0));
                        w.WriteNumber("worst", f.Worst);
                        w.WriteNumber("rcInputHostCost", Math.Round(f.RcInput, 0));
                        w.WriteNumber("slowJobsHostCost", Math.Round(f.SlowJobs, 0));
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                }

                WorstObject("worstCycle", r);
                results.TryGetValue(controller + Shifted, out Measured? shifted);
                if (shifted != null)
                {
                    WorstObject("worstCycleShifted", shifted);
                }

                SlotsArray(r, shifted);

                foreach ((string key, long period) in FirmwareRuns)
                {
                    if (!results.TryGetValue(controller + key, out Measured? atRate))
                    {
                        continue;
                    }

                    w.WriteStartObject(key);
                    w.WriteNumber("loopHz", FirmwareLoopHz);
                    w.WriteNumber("receiverFramePeriodUs", period);
                    w.WriteNumber("hostCost", Math.Round(Stats(atRate.CostPerCycle, -1).Mean, 0));
                    w.WriteNumber("rcInputHostCost", Math.Round(Stats(atRate.CostPerCycle, Array.IndexOf(ComponentKeys, "rc-input")).Mean, 0));
                    WorstObject("worstCycle", atRate);
                    WorstObject("worstCycleShifted", results[controller + Shifted + key]);
                    SlotsArray(atRate, results[controller + Shifted + key]);
                    w.WriteEndObject();
                }

                w.WriteStartObject("methods");
                var byName = Enumerable.Range(0, methodNames.Length)
                    .Where(i => r.PerMethod[2 * i] > 0)
                    .GroupBy(i => methodNames[i])
                    .Select(g => (Name: g.Key, Il: g.Sum(i => r.PerMethod[2 * i]), Host: g.Sum(i => r.CostPerMethod[2 * i])))
                    .OrderByDescending(x => x.Host)
                    .ThenBy(x => x.Name, StringComparer.Ordinal);
                foreach (var m in byName)
                {
                    w.WriteStartObject(m.Name);
                    Pair(m.Il / (double)ArmedCycles, m.Host / (double)ArmedCycles);
                    w.WriteEndObject();
                }

                w.WriteEndObject();
                w.WriteEndObject();
            }

            w.WriteEndObject();
            w.WriteEndObject();
        }

        stream.WriteByte((byte)'\n');
    }

    /// <summary>Cycle <paramref name="k"/>'s count of one component, or of all but the bench's for -1.</summary>
    private static long CycleCost(long[] perCycle, int k, int component)
    {
        int n = Components.Length;
        long v = 0;
        for (int c = 0; c < n; c++)
        {
            if ((component < 0 && c != BenchComponent) || c == component)
            {
                v += perCycle[(k * n) + c];
            }
        }

        return v;
    }

    /// <summary>Mean and maximum per cycle of one component (all but the bench's for -1), and the first cycle at the maximum.</summary>
    private static (double Mean, long Max, int MaxCycle) Stats(long[] perCycle, int component)
    {
        int n = Components.Length;
        int cycles = perCycle.Length / n;
        long sum = 0;
        long max = 0;
        int maxCycle = 0;
        for (int k = 0; k < cycles; k++)
        {
            long v = CycleCost(perCycle, k, component);
            sum += v;
            if (v > max)
            {
                max = v;
                maxCycle = k;
            }
        }

        return (sum / (double)cycles, max, maxCycle);
    }

    private static string FindCoreSources()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "firmware", "LiquidFlight.Core");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("firmware/LiquidFlight.Core not found above " + AppContext.BaseDirectory + "; pass its path");
    }

    /// <summary>Core as the firmware build compiles it: optimised, C# 7.3, every .cs outside bin/ and obj/.</summary>
    internal static byte[] CompileCoreFrom(string coreDir) => CompileCore(coreDir);

    /// <summary>The running framework's System.*, mscorlib and netstandard assemblies, to compile Core against.</summary>
    internal static IEnumerable<MetadataReference> FrameworkReferences() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p) is var n && (n.StartsWith("System.", StringComparison.Ordinal) || n is "mscorlib.dll" or "netstandard.dll"))
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p));

    private static byte[] CompileCore(string coreDir)
    {
        var parse = new CSharpParseOptions(LanguageVersion.CSharp7_3);
        var trees = Directory.EnumerateFiles(coreDir, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .OrderBy(f => f, StringComparer.Ordinal)
            .Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), parse, f))
            .Append(CSharpSyntaxTree.ParseText("[assembly: System.Reflection.AssemblyVersion(\"1.0.0.0\")]", parse))
            .ToList();
        var compilation = CSharpCompilation.Create(
            "LiquidFlight.Core",
            trees,
            FrameworkReferences(),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release));
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        if (!result.Success)
        {
            throw new InvalidOperationException("Core does not compile: " + string.Join(Environment.NewLine, result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(10)));
        }

        return stream.ToArray();
    }

    /// <summary>
    /// Core with a probe at the head of every basic block that adds the block's IL instruction count and its
    /// predicted interpreter cost (<see cref="HostCostTable"/>, priced on the instructions as compiled) to the
    /// current component's and the method's counters.
    /// </summary>
    internal static (byte[] Assembly, string[] MethodNames) Instrument(byte[] core) => Instrument(core, []);

    /// <summary>
    /// As <see cref="Instrument(byte[])"/>, with the code the IL pass inlined (<paramref name="inlined"/>) charged to
    /// the inlined method: its blocks to that method's counters and to its component as a call of it would have
    /// been (its entry's, see <see cref="Entries"/>), and the calls made from it likewise.
    /// </summary>
    internal static (byte[] Assembly, string[] MethodNames) Instrument(byte[] core, IReadOnlyList<InlinedCode> inlined)
    {
        using var module = ModuleDefinition.ReadModule(new MemoryStream(core));
        TypeReference int64 = module.TypeSystem.Int64;
        var probe = new TypeDefinition("LiquidFlight.IlProbe", "Counters", Mono.Cecil.TypeAttributes.Public | Mono.Cecil.TypeAttributes.Abstract | Mono.Cecil.TypeAttributes.Sealed, module.TypeSystem.Object);
        FieldDefinition Counter(string name) => new(name, Mono.Cecil.FieldAttributes.Public | Mono.Cecil.FieldAttributes.Static, new ArrayType(int64));
        var counters = new Probes(Counter(ComponentField), Counter(MethodField), Counter(ComponentCostField), Counter(MethodCostField),
            new FieldDefinition(CurrentField, Mono.Cecil.FieldAttributes.Public | Mono.Cecil.FieldAttributes.Static, module.TypeSystem.Int32),
            Counter(ClassCostField));
        var methodCount = new FieldDefinition(MethodCountField, Mono.Cecil.FieldAttributes.Public | Mono.Cecil.FieldAttributes.Static, module.TypeSystem.Int32);
        foreach (FieldDefinition f in new[] { counters.Components, counters.Methods, counters.ComponentCosts, counters.MethodCosts, counters.Current, counters.ClassCosts, methodCount })
        {
            probe.Fields.Add(f);
        }

        var bodies = module.Types.SelectMany(AllTypes).SelectMany(t => t.Methods).Where(m => m.HasBody).ToList();

        // Each method's frame as compiled, read before any probe adds its own local. It is charged when the method
        // starts, to the caller's component (a call's price includes its callee's frame), so that a virtual or
        // interface call pays for the method that runs, not for the one its call site names; the call sites
        // themselves are priced without a frame.
        var frames = bodies.ToDictionary(m => m, m => HostCostTable.FramePrice(new HostCostTable.CalleeLocals(
            m.Body.Variables.Count,
            m.Body.Variables.Count(v => v.VariableType.IsValueType && !v.VariableType.IsPrimitive && v.VariableType.Resolve() is { IsEnum: false }))));

        var indexOf = new Dictionary<string, int>();
        for (int k = 0; k < bodies.Count; k++)
        {
            indexOf.TryAdd(bodies[k].FullName, k);
        }

        var regionsOf = new Dictionary<string, List<InlinedRegion>>();
        foreach (InlinedCode code in inlined)
        {
            if (!indexOf.TryGetValue(code.Callee, out int callee))
            {
                throw new InvalidOperationException($"il-count: inlined method {code.Callee} is not in the instrumented Core");
            }

            // The entries a call of each method would have passed, outermost first (the code came into the caller
            // through the methods of Within, innermost first, and is the callee's own).
            var claims = new List<(int Component, bool Inner)>();
            foreach (string through in code.Within.Reverse().Append(code.Callee))
            {
                if (!indexOf.TryGetValue(through, out int t))
                {
                    throw new InvalidOperationException($"il-count: inlined method {through} is not in the instrumented Core");
                }

                if (EntryOf(bodies[t]) is { } entry)
                {
                    claims.Add((entry.Component, entry.Inner));
                }
            }

            if (!regionsOf.TryGetValue(code.Caller, out List<InlinedRegion>? list))
            {
                regionsOf[code.Caller] = list = [];
            }

            list.Add(new InlinedRegion(code.Start, code.End, callee, claims));
        }

        var names = new List<string>();
        foreach (MethodDefinition method in bodies)
        {
            names.Add(method.DeclaringType.Name + "." + method.Name);
            // The board cycle itself (the entry of component 0, BoardCycle.RunOnce): the firmware's loop calls it once a
            // cycle, so its call pair and frame are the cycle's own cost, not the caller's (the bench's stand-in for that
            // loop). The loop's call is a callvirt of the sealed BoardCycle.
            bool cycle = EntryOf(method) is { Component: 0 };
            InstrumentMethod(method, names.Count - 1, counters, cycle ? frames[method] + HostCostTable.SealedCallPrice : frames[method],
                cycle ? 0 : -1,
                regionsOf.TryGetValue(method.FullName, out List<InlinedRegion>? regions) ? regions : []);
        }

        // The counters are allocated by a static constructor so that they exist before any Core code runs.
        var cctor = new MethodDefinition(".cctor", Mono.Cecil.MethodAttributes.Private | Mono.Cecil.MethodAttributes.Static | Mono.Cecil.MethodAttributes.SpecialName | Mono.Cecil.MethodAttributes.RTSpecialName | Mono.Cecil.MethodAttributes.HideBySig, module.TypeSystem.Void);
        ILProcessor il = cctor.Body.GetILProcessor();
        foreach ((FieldDefinition f, int length) in new[] { (counters.Components, Components.Length), (counters.ComponentCosts, Components.Length), (counters.Methods, 2 * names.Count), (counters.MethodCosts, 2 * names.Count), (counters.ClassCosts, Components.Length * OpcodeClasses.Length) })
        {
            il.Emit(OpCodes.Ldc_I4, length);
            il.Emit(OpCodes.Newarr, int64);
            il.Emit(OpCodes.Stsfld, f);
        }

        il.Emit(OpCodes.Ldc_I4, names.Count);
        il.Emit(OpCodes.Stsfld, methodCount);
        il.Emit(OpCodes.Ret);
        probe.Methods.Add(cctor);
        module.Types.Add(probe);

        var output = new MemoryStream();
        module.Write(output);
        return (output.ToArray(), names.ToArray());
    }

    /// <summary>
    /// Inlined code in a method: IL offsets, the inlined method's index, and the entries (component, inner) that calls
    /// of it and of the methods it came through would have passed, outermost first.
    /// </summary>
    private sealed record InlinedRegion(int Start, int End, int Callee, List<(int Component, bool Inner)> Claims);

    private sealed record Probes(FieldDefinition Components, FieldDefinition Methods, FieldDefinition ComponentCosts, FieldDefinition MethodCosts, FieldDefinition Current, FieldDefinition ClassCosts);

    private static IEnumerable<TypeDefinition> AllTypes(TypeDefinition t) => new[] { t }.Concat(t.NestedTypes.SelectMany(AllTypes));

    /// <summary>The method's entry in <see cref="Entries"/>, if it has one.</summary>
    private static (string Type, string Method, int Component, bool Inner)? EntryOf(MethodDefinition m)
    {
        foreach (var e in Entries)
        {
            if (e.Type == m.DeclaringType.Name && e.Method == m.Name)
            {
                return e;
            }
        }

        return null;
    }

    private static void InstrumentMethod(MethodDefinition method, int methodIndex, Probes probes, int frame, int frameComponent,
        List<InlinedRegion> regions)
    {
        MethodBody body = method.Body;
        var price = body.Instructions.ToDictionary(i => i, i => HostCostTable.Price(i, _ => null));
        // The inlined code each instruction belongs to (by the offsets the pass reported for this body as written).
        var regionOf = new Dictionary<Instruction, InlinedRegion>();
        foreach (Instruction i in body.Instructions)
        {
            InlinedRegion? r = regions.FirstOrDefault(x => i.Offset >= x.Start && i.Offset < x.End);
            if (r != null)
            {
                regionOf[i] = r;
            }
        }

        body.SimplifyMacros();
        var code = body.Instructions.ToList();

        // Block leaders: the first instruction, every branch target, every instruction after a branch/return/throw,
        // every exception-region boundary.
        var leaders = new HashSet<Instruction> { code[0] };
        for (int i = 0; i < code.Count; i++)
        {
            Instruction ins = code[i];
            foreach (Instruction target in Targets(ins))
            {
                leaders.Add(target);
            }

            FlowControl flow = ins.OpCode.FlowControl;
            if ((flow is FlowControl.Branch or FlowControl.Cond_Branch or FlowControl.Return or FlowControl.Throw) && i + 1 < code.Count)
            {
                leaders.Add(code[i + 1]);
            }

            // Inlined code starts and ends a block: each block is wholly the caller's or wholly the inlined method's.
            if (i + 1 < code.Count && regionOf.GetValueOrDefault(ins) != regionOf.GetValueOrDefault(code[i + 1]))
            {
                leaders.Add(code[i + 1]);
            }
        }

        foreach (ExceptionHandler h in body.ExceptionHandlers)
        {
            foreach (Instruction? boundary in new[] { h.TryStart, h.TryEnd, h.HandlerStart, h.HandlerEnd, h.FilterStart })
            {
                if (boundary != null)
                {
                    leaders.Add(boundary);
                }
            }
        }

        ILProcessor il = body.GetILProcessor();
        TypeReference int64 = method.Module.TypeSystem.Int64;
        var redirect = new Dictionary<Instruction, Instruction>();
        // The component of inlined code that came through methods with entries (see Entries), computed per block.
        VariableDefinition? claimed = null;
        if (regions.Any(r => r.Claims.Count != 0))
        {
            claimed = new VariableDefinition(method.Module.TypeSystem.Int32);
            body.Variables.Add(claimed);
        }

        // The component a call from inlined code would have had as Current: the instructions that push it.
        Instruction[] ClaimedComponent(InlinedRegion? r) =>
            r == null || r.Claims.Count == 0 ? [il.Create(OpCodes.Ldsfld, probes.Current)] : [il.Create(OpCodes.Ldloc, claimed!)];

        // For inlined code that calls of its methods would have charged elsewhere: claimed = Current, then through
        // each entry outermost first, an inner one's component, an outer one's only while claimed <= 1.
        List<Instruction> ComputeClaim(InlinedRegion? r)
        {
            if (r == null || r.Claims.Count == 0)
            {
                return [];
            }

            var code = new List<Instruction> { il.Create(OpCodes.Ldsfld, probes.Current), il.Create(OpCodes.Stloc, claimed!) };
            foreach ((int component, bool inner) in r.Claims)
            {
                Instruction next = il.Create(OpCodes.Nop);
                if (!inner)
                {
                    code.Add(il.Create(OpCodes.Ldloc, claimed!));
                    code.Add(il.Create(OpCodes.Ldc_I4_1));
                    code.Add(il.Create(OpCodes.Bgt, next));
                }

                code.Add(il.Create(OpCodes.Ldc_I4, component));
                code.Add(il.Create(OpCodes.Stloc, claimed!));
                code.Add(next);
            }

            return code;
        }
        for (int i = 0; i < code.Count; i++)
        {
            if (!leaders.Contains(code[i]))
            {
                continue;
            }

            int size = 1;
            while (i + size < code.Count && !leaders.Contains(code[i + size]))
            {
                size++;
            }

            long cost = 0;
            var classCost = new long[OpcodeClasses.Length];
            for (int k = i; k < i + size; k++)
            {
                cost += price[code[k]];
                classCost[OpcodeClass(code[k].OpCode)] += price[code[k]];
            }

            InlinedRegion? region = regionOf.GetValueOrDefault(code[i]);
            int counter = region?.Callee ?? methodIndex;
            var add = ComputeClaim(region);
            void AddTo(FieldDefinition array, Instruction[] index, long amount)
            {
                add.Add(il.Create(OpCodes.Ldsfld, array));
                add.AddRange(index);
                add.Add(il.Create(OpCodes.Ldelema, int64));
                add.Add(il.Create(OpCodes.Dup));
                add.Add(il.Create(OpCodes.Ldind_I8));
                add.Add(il.Create(OpCodes.Ldc_I8, amount));
                add.Add(il.Create(OpCodes.Add));
                add.Add(il.Create(OpCodes.Stind_I8));
            }

            Instruction[] ComponentSlot() => ClaimedComponent(region);

            // Method counters come in pairs: [2m] for the board cycle's work, [2m + 1] for the bench's stand-ins.
            Instruction[] MethodSlot() =>
            [
                .. ComponentSlot(),
                il.Create(OpCodes.Ldc_I4, BenchComponent),
                il.Create(OpCodes.Ceq),
                il.Create(OpCodes.Ldc_I4, 2 * counter),
                il.Create(OpCodes.Add),
            ];

            AddTo(probes.Components, ComponentSlot(), size);
            AddTo(probes.ComponentCosts, ComponentSlot(), cost);
            AddTo(probes.Methods, MethodSlot(), size);
            AddTo(probes.MethodCosts, MethodSlot(), cost);
            for (int c = 0; c < classCost.Length; c++)
            {
                if (classCost[c] != 0)
                {
                    AddTo(probes.ClassCosts,
                    [
                        .. ComponentSlot(),
                        il.Create(OpCodes.Ldc_I4, OpcodeClasses.Length),
                        il.Create(OpCodes.Mul),
                        il.Create(OpCodes.Ldc_I4, c),
                        il.Create(OpCodes.Add),
                    ], classCost[c]);
                }
            }
            foreach (Instruction a in add)
            {
                il.InsertBefore(code[i], a);
            }

            redirect[code[i]] = add[0];
        }

        Retarget(body, code, redirect);

        // A call from inlined code whose method claims a component runs with Current set to it, as the call of that
        // method would have (its callee's frame and code are then charged there), and Current back after it.
        VariableDefinition? outer = null;
        foreach (Instruction call in code.Where(c => c.OpCode.FlowControl == FlowControl.Call && regionOf.TryGetValue(c, out InlinedRegion? r) && r.Claims.Count != 0))
        {
            InlinedRegion r = regionOf[call];
            if (outer == null)
            {
                outer = new VariableDefinition(method.Module.TypeSystem.Int32);
                body.Variables.Add(outer);
            }

            var before = new List<Instruction> { il.Create(OpCodes.Ldsfld, probes.Current), il.Create(OpCodes.Stloc, outer) };
            before.AddRange(ComputeClaim(r));
            before.AddRange(ClaimedComponent(r));
            before.Add(il.Create(OpCodes.Stsfld, probes.Current));
            foreach (Instruction b in before)
            {
                il.InsertBefore(call, b);
            }

            il.InsertAfter(call, il.Create(OpCodes.Stsfld, probes.Current));
            il.InsertAfter(call, il.Create(OpCodes.Ldloc, outer));
        }

        if (EntryOf(method) is { } entry)
        {
            var saved = new VariableDefinition(method.Module.TypeSystem.Int32);
            body.Variables.Add(saved);
            Instruction first = body.Instructions[0];
            Instruction after = il.Create(OpCodes.Nop);
            var prologue = new List<Instruction> { il.Create(OpCodes.Ldsfld, probes.Current), il.Create(OpCodes.Dup), il.Create(OpCodes.Stloc, saved) };
            if (!entry.Inner)
            {
                // Outer: claim only from the board cycle's or the flight loop's own code (components 0, 1).
                prologue.Add(il.Create(OpCodes.Ldc_I4_1));
                prologue.Add(il.Create(OpCodes.Bgt, after));
            }
            else
            {
                prologue.Add(il.Create(OpCodes.Pop));
            }

            prologue.Add(il.Create(OpCodes.Ldc_I4, entry.Component));
            prologue.Add(il.Create(OpCodes.Stsfld, probes.Current));
            prologue.Add(after);
            foreach (Instruction p in prologue)
            {
                il.InsertBefore(first, p);
            }

            foreach (Instruction ret in code.Where(c => c.OpCode == OpCodes.Ret))
            {
                il.InsertBefore(ret, il.Create(OpCodes.Ldloc, saved));
                il.InsertBefore(ret, il.Create(OpCodes.Stsfld, probes.Current));
            }
        }

        if (frame != 0)
        {
            // The frame, first of all (before the entry prologue claims a component, and outside every loop: branches
            // to the first block go to its probe): to the caller's component (the board cycle's own for RunOnce), this
            // method's counter, class "calls".
            int calls = Array.IndexOf(OpcodeClasses, "calls");
            Instruction FrameComponent() => frameComponent >= 0 ? il.Create(OpCodes.Ldc_I4, frameComponent) : il.Create(OpCodes.Ldsfld, probes.Current);
            var charge = new List<Instruction>();
            void Charge(FieldDefinition array, Instruction[] index)
            {
                charge.Add(il.Create(OpCodes.Ldsfld, array));
                charge.AddRange(index);
                charge.Add(il.Create(OpCodes.Ldelema, int64));
                charge.Add(il.Create(OpCodes.Dup));
                charge.Add(il.Create(OpCodes.Ldind_I8));
                charge.Add(il.Create(OpCodes.Ldc_I8, (long)frame));
                charge.Add(il.Create(OpCodes.Add));
                charge.Add(il.Create(OpCodes.Stind_I8));
            }

            Charge(probes.ComponentCosts, [FrameComponent()]);
            Charge(probes.MethodCosts,
            [
                FrameComponent(),
                il.Create(OpCodes.Ldc_I4, BenchComponent),
                il.Create(OpCodes.Ceq),
                il.Create(OpCodes.Ldc_I4, 2 * methodIndex),
                il.Create(OpCodes.Add),
            ]);
            Charge(probes.ClassCosts,
            [
                FrameComponent(),
                il.Create(OpCodes.Ldc_I4, OpcodeClasses.Length),
                il.Create(OpCodes.Mul),
                il.Create(OpCodes.Ldc_I4, calls),
                il.Create(OpCodes.Add),
            ]);
            Instruction start = body.Instructions[0];
            foreach (Instruction c in charge)
            {
                il.InsertBefore(start, c);
            }
        }

        body.OptimizeMacros();
    }

    private static IEnumerable<Instruction> Targets(Instruction ins) => ins.Operand switch
    {
        Instruction t => [t],
        Instruction[] ts => ts,
        _ => [],
    };

    /// <summary>Branches and exception regions that pointed at a block's first instruction now point at its probe.</summary>
    private static void Retarget(MethodBody body, List<Instruction> original, Dictionary<Instruction, Instruction> redirect)
    {
        foreach (Instruction ins in original)
        {
            if (ins.Operand is Instruction t && redirect.TryGetValue(t, out Instruction? nt))
            {
                ins.Operand = nt;
            }
            else if (ins.Operand is Instruction[] ts)
            {
                ins.Operand = ts.Select(x => redirect.TryGetValue(x, out Instruction? y) ? y : x).ToArray();
            }
        }

        foreach (ExceptionHandler h in body.ExceptionHandlers)
        {
            h.TryStart = Map(h.TryStart);
            h.TryEnd = Map(h.TryEnd);
            h.HandlerStart = Map(h.HandlerStart);
            h.HandlerEnd = Map(h.HandlerEnd);
            h.FilterStart = Map(h.FilterStart);
        }

        Instruction Map(Instruction x) => x != null && redirect.TryGetValue(x, out Instruction? y) ? y : x!;
    }

    /// <summary>Resolves LiquidFlight.Core to the instrumented image; everything else comes from the default context.</summary>
    internal sealed class InstrumentedContext(byte[] core) : AssemblyLoadContext("instrumented-core")
    {
        private Assembly? loaded;

        protected override Assembly? Load(AssemblyName name)
        {
            if (name.Name == "LiquidFlight.Core")
            {
                return loaded ??= LoadFromStream(new MemoryStream(core));
            }

            return null;
        }
    }
}
