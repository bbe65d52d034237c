using System.Diagnostics;
using System.Text.Json;
using LiquidFlight.Tools.Tests.NanoGate;

namespace LiquidFlight.Tools.Tests.Benchmarks;

/// <summary>
/// il-count's interpreter cost model (tools/LiquidFlight.Benchmarks/HostCostTable.cs) held to what was measured:
/// board-cost.md ran FlightLoop.RunCycle of Core at commit 96c54b0 on the upstream nanoCLR interpreter built at -Os
/// and counted 506,057 host instructions per cycle with the shipped LTC and 298,097 with the PID (7,905 and 3,981
/// opcodes). Those figures come from that measurement, not from the model; the prediction for the same code and
/// flight must stay within 10 %.
/// </summary>
public class HostCostModelTests
{
    private static string Configuration =>
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}") ? "Debug" : "Release";

    private static JsonElement IlCount(params string[] args)
    {
        (int exit, string output, string error) = RunIlCount(args);
        Assert.True(exit == 0, $"il-count {string.Join(' ', args)} exited {exit}: {error}");
        return JsonDocument.Parse(output).RootElement;
    }

    private static (int Exit, string Output, string Error) RunIlCount(params string[] args)
    {
        string dll = Path.Combine(NanoTestAssets.RepositoryRoot, "tools", "LiquidFlight.Benchmarks", "bin", Configuration, "net10.0", "LiquidFlight.Benchmarks.dll");
        Assert.True(File.Exists(dll), $"{dll} was not built");
        var start = new ProcessStartInfo("dotnet", ["exec", dll, "il-count", .. args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd();
        string error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output, error);
    }

    [Fact]
    public void One_cycle_in_detail_names_its_slot_and_its_methods_add_up_to_its_cost()
    {
        (int exit, string output, string error) = RunIlCount("--cycle", "1");
        Assert.True(exit == 0, error);
        var headers = System.Text.RegularExpressions.Regex.Matches(output,
            @"^(?<run>.+), (?<controller>pid|ltc), armed cycle 1 \(slot (?<slot>\d+), (?<job>[a-z]+)\): (?<total>[\d,]+) host instructions",
            System.Text.RegularExpressions.RegexOptions.Multiline);
        Assert.Equal(4, headers.Count);
        string[] blocks = output.Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, blocks.Length);
        JsonElement json = IlCount("--json");
        for (int k = 0; k < 4; k++)
        {
            System.Text.RegularExpressions.Match h = headers[k];
            long total = long.Parse(h.Groups["total"].Value.Replace(",", ""), System.Globalization.CultureInfo.InvariantCulture);
            long methods = blocks[k].Split('\n').Select(l => System.Text.RegularExpressions.Regex.Match(l, @"^ +(\d+)  [A-Za-z]"))
                .Where(m => m.Success).Sum(m => long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(total, methods);

            // The same cycle's slot and job as the per-slot figures of the same run give; slot 1 follows slot 0.
            JsonElement run = json.GetProperty("controllers").GetProperty(h.Groups["controller"].Value);
            if (k >= 2)
            {
                run = run.GetProperty("atFirmwareRate");
            }

            int slot = int.Parse(h.Groups["slot"].Value, System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(run.GetProperty("slots")[slot].GetProperty("job").GetString(), h.Groups["job"].Value);
            Assert.InRange(total, 1, run.GetProperty("slots")[slot].GetProperty("worst").GetInt64());
        }

        (exit, _, error) = RunIlCount("--cycle", "2000");
        Assert.Equal(2, exit);
        Assert.Equal("il-count: --cycle '2000' is not an armed cycle (allowed: 0 to 1999)", error.Trim());
        (exit, _, error) = RunIlCount("--cycle");
        Assert.Equal(2, exit);
        Assert.Contains("--cycle '' is not an armed cycle", error);
    }

    // The reference board's loop rate as BoardConfig.EspDevKitC sets it (the firmware's default).
    private static int FirmwareDefaultLoopRateHz()
    {
        string config = File.ReadAllText(Path.Combine(NanoTestAssets.RepositoryRoot, "firmware", "LiquidFlight.Firmware", "BoardConfig.cs"));
        var rates = System.Text.RegularExpressions.Regex.Matches(config, @"\bLoopRateHz = (\d+),");
        Assert.Single(rates);
        return int.Parse(rates[0].Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public void The_predicted_cost_of_the_measured_code_is_within_ten_percent_of_the_measurement()
    {
        JsonElement controllers = IlCount("--reference", "--json").GetProperty("controllers");
        foreach ((string name, double opcodes, double host) in new[] { ("ltc", 7905.0, 506057.0), ("pid", 3981.0, 298097.0) })
        {
            JsonElement c = controllers.GetProperty(name);
            double predicted = c.GetProperty("hostCost").GetDouble();
            double il = c.GetProperty("il").GetDouble();
            Assert.InRange(predicted / host, 0.90, 1.10);

            // The executed-IL count itself agrees with the counting interpreter's opcode count.
            Assert.InRange(il / opcodes, 0.98, 1.02);
        }
    }

    [Fact]
    public void A_virtual_call_pays_the_frame_of_the_method_that_runs()
    {
        // The interpreter zeroes the locals of the method it enters, whatever the call site names. The generated and the
        // generic LTC cycles run the same flight loop and differ in its one virtual call, LtcStep.StepAttitude, which
        // runs ShippedModelStep's override or, for LtcNetwork, the base class's body: the flight-loop rows differ by the
        // two frames, 41 per local (the call site's own price is the same). Pricing the frame of the method the call
        // site names (LtcStep.StepAttitude for both) gives no difference.
        static int Locals(Type t, string method) =>
            t.GetMethod(method, System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.DeclaredOnly)!
                .GetMethodBody()!.LocalVariables.Count;
        int generatedFrame = 41 * Locals(typeof(LiquidFlight.Core.Ltc.ShippedModelStep), "StepAttitude");
        int baseFrame = 41 * Locals(typeof(LiquidFlight.Core.Ltc.LtcStep), "StepAttitude");
        Assert.True(generatedFrame > baseFrame + 400, $"generated frame {generatedFrame}, base {baseFrame}");

        JsonElement controllers = IlCount("--json").GetProperty("controllers");
        double FlightLoop(string c) => controllers.GetProperty(c).GetProperty("components").GetProperty("flight-loop").GetProperty("hostCost").GetDouble();
        Assert.Equal(generatedFrame - baseFrame, FlightLoop("ltc") - FlightLoop("ltc-generic"), 0.5);
    }

    private static void CheckSlots(JsonElement run, string[] jobs, int cycles)
    {
        JsonElement[] slots = run.GetProperty("slots").EnumerateArray().ToArray();
        Assert.Equal(jobs, slots.Select(s => s.GetProperty("job").GetString()));
        Assert.Equal(Enumerable.Range(0, jobs.Length), slots.Select(s => s.GetProperty("slot").GetInt32()));
        Assert.Equal(cycles, slots.Sum(s => s.GetProperty("cycles").GetInt32()));
        double weighted = slots.Sum(s => s.GetProperty("cycles").GetInt32() * s.GetProperty("hostCost").GetDouble()) / cycles;
        Assert.Equal(run.GetProperty("hostCost").GetDouble(), weighted, 1.0);
        double worst = Math.Max(run.GetProperty("worstCycle").GetProperty("hostCost").GetDouble(),
            run.GetProperty("worstCycleShifted").GetProperty("hostCost").GetDouble());
        Assert.Equal(worst, slots.Max(s => s.GetProperty("worst").GetDouble()));
        foreach (JsonElement s in slots)
        {
            string job = s.GetProperty("job").GetString()!;
            Assert.True(s.GetProperty("cycles").GetInt32() > 0, job);
            Assert.True(s.GetProperty("worst").GetDouble() >= s.GetProperty("hostCost").GetDouble(), job);
            Assert.Equal(job == "rc", s.GetProperty("rcInputHostCost").GetDouble() > 0);
            Assert.Equal(job is "telemetry" or "status", s.GetProperty("slowJobsHostCost").GetDouble() > 0);
        }
    }

    [Fact]
    public void The_json_gives_il_and_host_cost_for_every_component_and_the_components_sum_to_the_total()
    {
        JsonElement root = IlCount("--json");
        Assert.True(root.GetProperty("cycles").GetInt32() > 0);
        foreach (string name in new[] { "ltc", "pid" })
        {
            JsonElement c = root.GetProperty("controllers").GetProperty(name);
            double il = 0;
            double host = 0;
            var keys = new List<string>();
            foreach (JsonProperty p in c.GetProperty("components").EnumerateObject())
            {
                keys.Add(p.Name);
                il += p.Value.GetProperty("il").GetDouble();
                host += p.Value.GetProperty("hostCost").GetDouble();

                // The opcode classes (counted by separate probes) split the component's cost without remainder.
                double classes = 0;
                var classNames = new List<string>();
                foreach (JsonProperty k in p.Value.GetProperty("byOpcode").EnumerateObject())
                {
                    classNames.Add(k.Name);
                    classes += k.Value.GetDouble();
                }

                Assert.Equal(["calls", "fields", "arrays", "locals+args+constants", "arithmetic+conversions", "branches"], classNames);
                Assert.Equal(p.Value.GetProperty("hostCost").GetDouble(), classes, 0.5 * classNames.Count + 0.5);
            }

            Assert.Contains("imu", keys);
            Assert.Contains("rc-input", keys);
            Assert.Contains("esc-output", keys);
            Assert.DoesNotContain("bench-sources", keys);
            Assert.Equal(c.GetProperty("il").GetDouble(), il, 0.5 * keys.Count);
            Assert.Equal(c.GetProperty("hostCost").GetDouble(), host, 1.0 * keys.Count);

            // The worst cycle, also with the estimator's samples one cycle later, is one real cycle: its components
            // add up to its cost, which is at least the mean.
            foreach (string key in new[] { "worstCycle", "worstCycleShifted" })
            {
                JsonElement worst = c.GetProperty(key);
                double worstParts = 0;
                foreach (JsonProperty p in worst.GetProperty("components").EnumerateObject())
                {
                    Assert.True(keys.Contains(p.Name), p.Name);
                    worstParts += p.Value.GetDouble();
                }

                Assert.Equal(worst.GetProperty("hostCost").GetDouble(), worstParts);
                Assert.True(worst.GetProperty("hostCost").GetDouble() >= c.GetProperty("hostCost").GetDouble(), key);
                Assert.InRange(worst.GetProperty("index").GetInt32(), 0, root.GetProperty("cycles").GetInt32() - 1);
            }

            // The firmware's default rate with a 500 Hz receiver: its RC polls come half as often and each finds
            // about four frames instead of one (three of them superseded: their headers tested, their bytes read), so
            // RC input costs more per cycle than on the 500 Hz bench; the same flight code runs, so its worst cycles
            // are real cycles too.
            JsonElement atRate = c.GetProperty("atFirmwareRate");
            Assert.Equal(FirmwareDefaultLoopRateHz(), atRate.GetProperty("loopHz").GetInt32());
            Assert.True(atRate.GetProperty("rcInputHostCost").GetDouble() > c.GetProperty("components").GetProperty("rc-input").GetProperty("hostCost").GetDouble());
            foreach (string key in new[] { "worstCycle", "worstCycleShifted" })
            {
                JsonElement worst = atRate.GetProperty(key);
                Assert.Equal(worst.GetProperty("hostCost").GetDouble(), worst.GetProperty("components").EnumerateObject().Sum(p => p.Value.GetDouble()));
                Assert.True(worst.GetProperty("hostCost").GetDouble() >= atRate.GetProperty("hostCost").GetDouble(), key);
            }

            // With a 250 Hz receiver at the same rate each poll finds about two frames: between the two.
            JsonElement slow = c.GetProperty("atFirmwareRateWith250HzReceiver");
            Assert.Equal(3996, slow.GetProperty("receiverFramePeriodUs").GetInt32());
            Assert.InRange(slow.GetProperty("rcInputHostCost").GetDouble(),
                c.GetProperty("components").GetProperty("rc-input").GetProperty("hostCost").GetDouble() + 1,
                atRate.GetProperty("rcInputHostCost").GetDouble() - 1);

            // Per slot of the executive: the bench (500 Hz) polls RC in slot 0 only, the firmware's rate in 0 and 2;
            // telemetry and status take the odd slots. Each counted cycle falls in one slot, so the slots' cycles and
            // costs add up to the run's, their worst is the run's worst, and a job's cost appears only in its slots.
            CheckSlots(c, ["rc", "telemetry", "free", "status"], root.GetProperty("cycles").GetInt32());
            CheckSlots(atRate, ["rc", "telemetry", "rc", "status"], root.GetProperty("cycles").GetInt32());

            // Every method entry carries both figures; a cost of at least one dispatch per instruction.
            foreach (JsonProperty m in c.GetProperty("methods").EnumerateObject())
            {
                Assert.True(m.Value.GetProperty("hostCost").GetDouble() >= 14 * m.Value.GetProperty("il").GetDouble() - 1, m.Name);
            }
        }

        Assert.True(root.GetProperty("controllers").GetProperty("ltc").GetProperty("components").GetProperty("ltc-step").GetProperty("hostCost").GetDouble() > 0);
        Assert.Equal(0, root.GetProperty("controllers").GetProperty("pid").GetProperty("components").GetProperty("ltc-step").GetProperty("hostCost").GetDouble());
    }

    [Fact]
    public void Il_count_counts_core_as_the_interpreter_il_pass_leaves_it_and_no_il_pass_counts_the_compilers_il()
    {
        JsonElement passed = IlCount("--json");
        JsonElement raw = IlCount("--json", "--no-il-pass");
        JsonElement pass = passed.GetProperty("ilPass");
        Assert.True(pass.GetProperty("constantsFolded").GetInt32() > 0 && pass.GetProperty("localsRemoved").GetInt32() > 0, pass.ToString());
        Assert.Equal(JsonValueKind.Null, raw.GetProperty("ilPass").ValueKind);
        foreach (string name in new[] { "ltc", "pid" })
        {
            JsonElement with = passed.GetProperty("controllers").GetProperty(name);
            JsonElement without = raw.GetProperty("controllers").GetProperty(name);

            // The same flight either way: the pass changes no result, only what each instruction costs (a folded
            // constant is one instruction fewer, a shared slot one local fewer to zero per call, an inlined call one
            // call pair fewer), so the slots ran the same jobs the same number of times. Which cycle is the worst may
            // change: inlining moves cost between the slots' jobs and every cycle's frame.
            Assert.True(with.GetProperty("il").GetDouble() <= without.GetProperty("il").GetDouble(), name);
            Assert.True(with.GetProperty("hostCost").GetDouble() < without.GetProperty("hostCost").GetDouble(), name);
            static string Plan(JsonElement c) => string.Join(";", c.GetProperty("slots").EnumerateArray()
                .Select(s => $"{s.GetProperty("slot").GetInt32()}:{s.GetProperty("job").GetString()}:{s.GetProperty("cycles").GetInt32()}"));
            Assert.Equal(Plan(without), Plan(with));
        }
    }
}
