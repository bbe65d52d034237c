using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
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

    private const int ArmedCycles = 2000;

    /// <summary>
    /// Component names; index 0 collects whatever no entry method claims (the board cycle's own sequencing).
    /// The last one is the bench's stand-ins for the drivers (synthetic IMU bursts, CRSF bytes, motor sink):
    /// counted apart and left out of the totals, as the drivers' native calls are.
    /// </summary>
    internal static readonly string[] Components =
    [
        "board cycle (sequencing, executive, health)",
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
        "ESC output (pulses)",
        "slow jobs (status events, telemetry)",
        "bench sources (driver stand-ins, not counted)",
    ];

    /// <summary>The components' keys in <c>il-count --json</c>, in the order of <see cref="Components"/>.</summary>
    internal static readonly string[] ComponentKeys =
    [
        "board-cycle", "flight-loop", "imu", "rc-input", "supervisor", "gyro-filter", "estimator", "angle-mode",
        "controller", "ltc-step", "mixer", "esc-output", "slow-jobs", "bench-sources",
    ];

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
        ("AngleMode", "Update", 7, false),
        ("PidController", "Update", 8, false),
        ("LtcController", "Update", 8, false),
        ("LtcNetwork", "Step", 9, true),
        ("QuadXMixer", "Mix", 10, false),
        ("QuadXMixer", "Idle", 10, false),
        ("QuadXMixer", "Stopped", 10, false),
        ("EscTiming", "ToPulses", 11, false),
        ("EscTiming", "MinimumPulses", 11, false),
        ("BoardCycle", "ReportStatus", 12, false),
        ("BenchFlight", "RunCycle", 13, true),
        ("BenchImu", "Read", 13, true),
        ("BenchReceiver", "Read", 13, true),
        ("BenchReceiver", "Send", 13, true),
        ("BenchMotors", "Write", 13, true),
        ("BenchClock", "NowUs", 13, true),
    ];

    public static int Run(string[] args)
    {
        bool json = false;
        string? coreDir = null;
        foreach (string a in args)
        {
            if (a == "--json")
            {
                json = true;
            }
            else if (a.StartsWith('-') || coreDir != null)
            {
                Console.Error.WriteLine($"il-count: unknown argument '{a}' (allowed: --json and one Core source directory)");
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

        coreDir ??= FindCoreSources();
        byte[] compiled = CompileCore(coreDir);
        (byte[] instrumented, string[] methodNames) = Instrument(compiled);

        var context = new InstrumentedContext(instrumented);
        Assembly driverAssembly = context.LoadFromAssemblyPath(typeof(IlCycleDriver).Assembly.Location);
        MethodInfo run = driverAssembly.GetType(typeof(IlCycleDriver).FullName!)!.GetMethod(nameof(IlCycleDriver.Run))!;

        var results = new Dictionary<string, (long[] PerCycle, long[] PerMethod)>();
        string ltcWiring = "";
        foreach (string controller in new[] { "pid", "ltc" })
        {
            var (perCycle, perMethod, wiring) = ((long[], long[], string))run.Invoke(null, [controller, ArmedCycles, Components.Length])!;
            results[controller] = (perCycle, perMethod);
            if (controller == "ltc")
            {
                ltcWiring = wiring;
            }
        }

        if (json)
        {
            WriteJson(results);
            return 0;
        }

        Console.WriteLine($"Executed IL instructions per board cycle (Core's BoardCycle.RunOnce, Core compiled optimised from {coreDir}),");
        Console.WriteLine($"mean and max over {ArmedCycles} armed in-flight cycles of the bench flight (Core/Bench) at 500 Hz:");
        Console.WriteLine();
        Console.WriteLine($"LTC wiring measured (ShippedModel.g.cs): {ltcWiring}");
        Console.WriteLine();

        Console.WriteLine($"  {"component",-46} {"PID mean",9} {"max",6} {"LTC mean",9} {"max",6}");
        for (int c = 0; c < Components.Length; c++)
        {
            (double pm, long px) = Stats(results["pid"].PerCycle, c);
            (double lm, long lx) = Stats(results["ltc"].PerCycle, c);
            Console.WriteLine($"  {Components[c],-46} {pm,9:F0} {px,6} {lm,9:F0} {lx,6}");
        }

        (double pt, long ptx) = Stats(results["pid"].PerCycle, -1);
        (double lt, long ltx) = Stats(results["ltc"].PerCycle, -1);
        Console.WriteLine($"  {"total per board cycle (bench sources excepted)",-46} {pt,9:F0} {ptx,6} {lt,9:F0} {ltx,6}");
        Console.WriteLine();

        foreach (string controller in new[] { "pid", "ltc" })
        {
            long[] perMethod = results[controller].PerMethod;
            Console.WriteLine($"Most executed Core methods ({controller}, own instructions per cycle):");
            foreach (int i in Enumerable.Range(0, perMethod.Length).OrderByDescending(i => perMethod[i]).Take(16))
            {
                Console.WriteLine($"  {perMethod[i] / (double)ArmedCycles,8:F0}  {methodNames[i]}");
            }

            Console.WriteLine();
        }

        return 0;
    }

    /// <summary>
    /// <c>{"cycles": N, "controllers": {"ltc": {"il": MEAN, "components": {"KEY": {"il": MEAN}, ...}}, "pid": ...}}</c>:
    /// means per cycle; the components cover the whole board cycle and sum to "il" (the bench's driver stand-ins
    /// are left out, as in the table).
    /// </summary>
    private static void WriteJson(Dictionary<string, (long[] PerCycle, long[] PerMethod)> results)
    {
        using var stream = Console.OpenStandardOutput();
        using (var w = new System.Text.Json.Utf8JsonWriter(stream, new System.Text.Json.JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteNumber("cycles", ArmedCycles);
            w.WriteStartObject("controllers");
            foreach (string controller in new[] { "ltc", "pid" })
            {
                long[] perCycle = results[controller].PerCycle;
                w.WriteStartObject(controller);
                w.WriteNumber("il", Math.Round(Stats(perCycle, -1).Mean, 1));
                w.WriteStartObject("components");
                for (int c = 0; c < Components.Length; c++)
                {
                    if (c == BenchComponent)
                    {
                        continue;
                    }

                    w.WriteStartObject(ComponentKeys[c]);
                    w.WriteNumber("il", Math.Round(Stats(perCycle, c).Mean, 1));
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

    private static (double Mean, long Max) Stats(long[] perCycle, int component)
    {
        int n = Components.Length;
        int cycles = perCycle.Length / n;
        long sum = 0;
        long max = 0;
        for (int k = 0; k < cycles; k++)
        {
            long v = 0;
            for (int c = 0; c < n; c++)
            {
                if ((component < 0 && c != BenchComponent) || c == component)
                {
                    v += perCycle[(k * n) + c];
                }
            }

            sum += v;
            max = Math.Max(max, v);
        }

        return (sum / (double)cycles, max);
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
    private static byte[] CompileCore(string coreDir)
    {
        var parse = new CSharpParseOptions(LanguageVersion.CSharp7_3);
        var trees = Directory.EnumerateFiles(coreDir, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .OrderBy(f => f, StringComparer.Ordinal)
            .Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), parse, f))
            .Append(CSharpSyntaxTree.ParseText("[assembly: System.Reflection.AssemblyVersion(\"1.0.0.0\")]", parse))
            .ToList();
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p) is var n && (n.StartsWith("System.", StringComparison.Ordinal) || n is "mscorlib.dll" or "netstandard.dll"))
            .Select(p => MetadataReference.CreateFromFile(p));
        var compilation = CSharpCompilation.Create(
            "LiquidFlight.Core",
            trees,
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, optimizationLevel: OptimizationLevel.Release));
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        if (!result.Success)
        {
            throw new InvalidOperationException("Core does not compile: " + string.Join(Environment.NewLine, result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(10)));
        }

        return stream.ToArray();
    }

    private static (byte[] Assembly, string[] MethodNames) Instrument(byte[] core)
    {
        using var module = ModuleDefinition.ReadModule(new MemoryStream(core));
        TypeReference int64 = module.TypeSystem.Int64;
        var probe = new TypeDefinition("LiquidFlight.IlProbe", "Counters", Mono.Cecil.TypeAttributes.Public | Mono.Cecil.TypeAttributes.Abstract | Mono.Cecil.TypeAttributes.Sealed, module.TypeSystem.Object);
        var components = new FieldDefinition(ComponentField, Mono.Cecil.FieldAttributes.Public | Mono.Cecil.FieldAttributes.Static, new ArrayType(int64));
        var methods = new FieldDefinition(MethodField, Mono.Cecil.FieldAttributes.Public | Mono.Cecil.FieldAttributes.Static, new ArrayType(int64));
        var current = new FieldDefinition(CurrentField, Mono.Cecil.FieldAttributes.Public | Mono.Cecil.FieldAttributes.Static, module.TypeSystem.Int32);
        var methodCount = new FieldDefinition(MethodCountField, Mono.Cecil.FieldAttributes.Public | Mono.Cecil.FieldAttributes.Static, module.TypeSystem.Int32);
        probe.Fields.Add(components);
        probe.Fields.Add(methods);
        probe.Fields.Add(current);
        probe.Fields.Add(methodCount);

        var names = new List<string>();
        foreach (MethodDefinition method in module.Types.SelectMany(AllTypes).SelectMany(t => t.Methods).Where(m => m.HasBody).ToList())
        {
            names.Add(method.DeclaringType.Name + "." + method.Name);
            InstrumentMethod(method, names.Count - 1, components, methods, current);
        }

        // The counters are allocated by a static constructor so that they exist before any Core code runs.
        var cctor = new MethodDefinition(".cctor", Mono.Cecil.MethodAttributes.Private | Mono.Cecil.MethodAttributes.Static | Mono.Cecil.MethodAttributes.SpecialName | Mono.Cecil.MethodAttributes.RTSpecialName | Mono.Cecil.MethodAttributes.HideBySig, module.TypeSystem.Void);
        ILProcessor il = cctor.Body.GetILProcessor();
        il.Emit(OpCodes.Ldc_I4, Components.Length);
        il.Emit(OpCodes.Newarr, int64);
        il.Emit(OpCodes.Stsfld, components);
        il.Emit(OpCodes.Ldc_I4, names.Count);
        il.Emit(OpCodes.Newarr, int64);
        il.Emit(OpCodes.Stsfld, methods);
        il.Emit(OpCodes.Ldc_I4, names.Count);
        il.Emit(OpCodes.Stsfld, methodCount);
        il.Emit(OpCodes.Ret);
        probe.Methods.Add(cctor);
        module.Types.Add(probe);

        var output = new MemoryStream();
        module.Write(output);
        return (output.ToArray(), names.ToArray());
    }

    private static IEnumerable<TypeDefinition> AllTypes(TypeDefinition t) => new[] { t }.Concat(t.NestedTypes.SelectMany(AllTypes));

    private static void InstrumentMethod(MethodDefinition method, int methodIndex, FieldDefinition components, FieldDefinition methods, FieldDefinition current)
    {
        MethodBody body = method.Body;
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
        var redirect = new Dictionary<Instruction, Instruction>();
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

            Instruction[] add =
            [
                il.Create(OpCodes.Ldsfld, components),
                il.Create(OpCodes.Ldsfld, current),
                il.Create(OpCodes.Ldelema, method.Module.TypeSystem.Int64),
                il.Create(OpCodes.Dup),
                il.Create(OpCodes.Ldind_I8),
                il.Create(OpCodes.Ldc_I8, (long)size),
                il.Create(OpCodes.Add),
                il.Create(OpCodes.Stind_I8),
                il.Create(OpCodes.Ldsfld, methods),
                il.Create(OpCodes.Ldc_I4, methodIndex),
                il.Create(OpCodes.Ldelema, method.Module.TypeSystem.Int64),
                il.Create(OpCodes.Dup),
                il.Create(OpCodes.Ldind_I8),
                il.Create(OpCodes.Ldc_I8, (long)size),
                il.Create(OpCodes.Add),
                il.Create(OpCodes.Stind_I8),
            ];
            foreach (Instruction a in add)
            {
                il.InsertBefore(code[i], a);
            }

            redirect[code[i]] = add[0];
        }

        Retarget(body, code, redirect);

        var entry = Entries.Where(e => e.Type == method.DeclaringType.Name && e.Method == method.Name).ToList();
        if (entry.Count == 1)
        {
            var saved = new VariableDefinition(method.Module.TypeSystem.Int32);
            body.Variables.Add(saved);
            Instruction first = body.Instructions[0];
            Instruction after = il.Create(OpCodes.Nop);
            var prologue = new List<Instruction> { il.Create(OpCodes.Ldsfld, current), il.Create(OpCodes.Dup), il.Create(OpCodes.Stloc, saved) };
            if (!entry[0].Inner)
            {
                // Outer: claim only from the board cycle's or the flight loop's own code (components 0, 1).
                prologue.Add(il.Create(OpCodes.Ldc_I4_1));
                prologue.Add(il.Create(OpCodes.Bgt, after));
            }
            else
            {
                prologue.Add(il.Create(OpCodes.Pop));
            }

            prologue.Add(il.Create(OpCodes.Ldc_I4, entry[0].Component));
            prologue.Add(il.Create(OpCodes.Stsfld, current));
            prologue.Add(after);
            foreach (Instruction p in prologue)
            {
                il.InsertBefore(first, p);
            }

            foreach (Instruction ret in code.Where(c => c.OpCode == OpCodes.Ret))
            {
                il.InsertBefore(ret, il.Create(OpCodes.Ldloc, saved));
                il.InsertBefore(ret, il.Create(OpCodes.Stsfld, current));
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
    private sealed class InstrumentedContext(byte[] core) : AssemblyLoadContext("instrumented-core")
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
