using System.Reflection;
using LiquidFlight.Core.Bench;
using LiquidFlight.Core.Control;
using LiquidFlight.Core.Flight;
using LiquidFlight.Core.Ltc;

namespace LiquidFlight.Benchmarks;

/// <summary>
/// The flight the executed-IL count observes (<see cref="IlExecutionCount"/>): Core's bench flight
/// (<see cref="BenchFlight"/>, the same one the on-device CycleTimeTests time on a board) through the whole
/// <see cref="BoardCycle"/>, with the firmware's controllers from Core's controller table (the shipped LTC as
/// ShippedModel.g.cs is in the source tree measured; the PID with the reference frame's tuned gains). This class is
/// loaded a second time, into a load context where LiquidFlight.Core is the instrumented copy, so everything it
/// calls runs through the probes; it only reads the probe counters, by reflection, around each bench cycle.
/// </summary>
public static class IlCycleDriver
{
    /// <summary>Bench cycles allowed before flying (calibration, arming, spool-up).</summary>
    private const int MaxPreflightCycles = 2000;

    /// <summary>
    /// Runs <paramref name="armedCycles"/> flying cycles and returns, per cycle, the executed IL and the predicted
    /// interpreter cost per component (row-major: cycle x component) and, summed over those cycles, the same per Core
    /// method (pairs: [2m] the board cycle's own work, [2m + 1] the bench's stand-ins), and the predicted cost per
    /// component and opcode class (row-major: component x class) summed over those cycles. With
    /// <paramref name="missedSamples"/> &gt; 0 that many IMU reads find no sample in one cycle before the count. The
    /// bench runs at <paramref name="loopRateHz"/> with a receiver frame every <paramref name="framePeriodUs"/> µs.
    /// </summary>
    public static (long[] PerCycle, long[] PerMethod, long[] CostPerCycle, long[] CostPerMethod, long[] ClassCosts, int[] Slots, string[] SlotJobs, long[] CycleMethodCosts, string Wiring, string Mixer) Run(string controllerName, int armedCycles, int componentCount, int missedSamples, int loopRateHz, long framePeriodUs, int detailCycle)
    {
        Type probe = typeof(BoardCycle).Assembly.GetType(IlExecutionCount.ProbeTypeName, throwOnError: true)!;
        FieldInfo counts = probe.GetField(IlExecutionCount.ComponentField)!;
        FieldInfo methods = probe.GetField(IlExecutionCount.MethodField)!;
        FieldInfo current = probe.GetField(IlExecutionCount.CurrentField)!;
        FieldInfo costs = probe.GetField(IlExecutionCount.ComponentCostField)!;
        FieldInfo methodCosts = probe.GetField(IlExecutionCount.MethodCostField)!;
        var classCosts = (long[])probe.GetField(IlExecutionCount.ClassCostField)!.GetValue(null)!;

        // "ltc" and "pid" are what the firmware flies (the LTC on the generated step); "ltc-generic" is the same
        // model on the generic solver, for comparison.
        IController controller = controllerName == "ltc-generic"
            ? ControllerTable.Create(ControllerKind.Ltc, null, ShippedModel.Create())
            : ControllerTable.CreateShipped(controllerName == "ltc" ? ControllerKind.Ltc : ControllerKind.Pid, FramePidGains.Quad250Brushless());
        var bench = new BenchFlight(controller, null, null, loopRateHz, framePeriodUs);
        for (int k = 0; k < MaxPreflightCycles && !bench.Flying; k++)
        {
            bench.RunCycle();
        }

        if (!bench.Flying)
        {
            throw new InvalidOperationException($"the bench flight did not arm (arming flags {bench.Board.Supervisor.Arming.Flags})");
        }

        // A missed sample before the count moves the estimator's samples by one cycle against the slots (RC in
        // slot 0 at 500 Hz, 0 and 2 at 250 Hz, telemetry and status on odd ones): the one cycle that finds no sample
        // is not counted.
        if (missedSamples > 0)
        {
            bench.Imu.MissedReads = missedSamples;
            bench.RunCycle();
        }

        var perCycle = new long[armedCycles * componentCount];
        // The executive's slot of each counted cycle (BoardCycle.RunOnce's slot plan decides its job).
        var slots = new int[armedCycles];
        var c = (long[])counts.GetValue(null)!;
        var m = (long[])methods.GetValue(null)!;
        int methodCount = m.Length;
        var perMethod = new long[methodCount];
        var costPerCycle = new long[armedCycles * componentCount];
        var costPerMethod = new long[methodCount];
        var cycleMethodCosts = new long[methodCount];
        var cc = (long[])costs.GetValue(null)!;
        var mc = (long[])methodCosts.GetValue(null)!;
        // How often the mixer took its saturated path (its last mix's flags, read by reflection so that no Core code
        // runs outside the counted cycles), and the largest axis command it was given.
        QuadXMixer mixer = bench.Board.Flight.Mixer;
        AxisCommand command = bench.Board.Flight.Command;
        const BindingFlags Private = BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static;
        FieldInfo MixerField(string name) => mixer.GetType().GetField(name, Private)
            ?? throw new InvalidOperationException($"QuadXMixer has no field '{name}' (il-count reads the mixer's saturation flags)");
        FieldInfo saturationField = MixerField("saturation");
        int scaledBit = (int)MixerField("DifferentialScaledBit").GetRawConstantValue()!;
        int shiftedBit = (int)MixerField("ThrottleShiftedBit").GetRawConstantValue()!;
        int scaled = 0, shifted = 0;
        long largestCommand = 0;

        // Summed over the measured cycles (component x opcode class).
        Array.Clear(classCosts);
        for (int measured = 0; measured < armedCycles; measured++)
        {
            Array.Clear(c);
            Array.Clear(m);
            Array.Clear(cc);
            Array.Clear(mc);
            current.SetValue(null, 0);

            bench.RunCycle();

            slots[measured] = bench.Board.Executive.Slot;
            if (measured == detailCycle)
            {
                // The one cycle asked for (il-count --cycle): each method's own host instructions in it.
                Array.Copy(mc, cycleMethodCosts, methodCount);
            }

            Array.Copy(c, 0, perCycle, measured * componentCount, componentCount);
            Array.Copy(cc, 0, costPerCycle, measured * componentCount, componentCount);
            for (int i = 0; i < methodCount; i++)
            {
                perMethod[i] += m[i];
                costPerMethod[i] += mc[i];
            }

            int saturation = (int)saturationField.GetValue(mixer)!;
            scaled += (saturation & scaledBit) != 0 ? 1 : 0;
            shifted += (saturation & shiftedBit) != 0 ? 1 : 0;
            largestCommand = Math.Max(largestCommand, Math.Max(Math.Abs((long)command.Roll),
                Math.Max(Math.Abs((long)command.Pitch), Math.Abs((long)command.Yaw))));
        }

        long[] classCostsMeasured = (long[])classCosts.Clone();
        if (!bench.Board.Flight.Armed || !bench.Board.Flight.Mixing)
        {
            throw new InvalidOperationException("the bench flight stopped flying during the count");
        }

        LtcParameters shipped = ShippedModel.Create();
        string wiring = $"{shipped.NeuronCount} neurons, {shipped.SensorySynapseCount} sensory + {shipped.SynapseCount} internal synapses, "
            + $"{shipped.Unfolds} unfold(s): {shipped.SensorySynapseCount + (shipped.SynapseCount * shipped.Unfolds)} synapse evaluations per step";
        string mixerUse = $"throttle shifted in {shifted:N0} and torques scaled in {scaled:N0} of {armedCycles:N0} cycles, "
            + $"largest axis command {largestCommand / 65536.0:F3}";
        return (perCycle, perMethod, costPerCycle, costPerMethod, classCostsMeasured, slots, SlotJobs(bench.Board.Config), cycleMethodCosts, wiring, mixerUse);
    }

    /// <summary>
    /// The job of each slot as BoardCycle.RunOnce's slot plan gives it: "rc" in every RcPollStride-th slot from 0,
    /// "status" in the last, "telemetry" in the other odd ones, "free" in the other even ones.
    /// </summary>
    internal static string[] SlotJobs(BoardCycleConfig config)
    {
        int count = config.SlotCount;
        int stride = config.RcPollStride();
        var jobs = new string[count];
        for (int slot = 0; slot < count; slot++)
        {
            jobs[slot] = (slot & 1) == 0
                ? (slot % stride == 0 ? "rc" : "free")
                : (slot == count - 1 ? "status" : "telemetry");
        }

        return jobs;
    }
}
