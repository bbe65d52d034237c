using System.Reflection;
using System.Reflection.Emit;
using LiquidFlight.Core.Ltc;

namespace LiquidFlight.Benchmarks;

/// <summary>
/// An upper-bound estimate of the IL instructions one LtcNetwork.Step executes for the shipped wiring: the board's
/// interpreter cost is roughly proportional to it (DESIGN.md section 4a). It reads the IL of the compiled Core
/// (build in Release, as the firmware is) and multiplies each loop body by its trip count from the wiring.
/// Every instruction of a loop body is counted on each iteration, including both arms of the branches inside it
/// (the clamps, the sigmoid's saturated and negative paths), and each call adds the whole callee: so the figure is
/// an upper bound; the real path is a few instructions per synapse shorter.
/// </summary>
public static class IlCountEstimate
{
    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => o.Value);

    private sealed record Instruction(int Offset, OpCode Op, MethodBase? Callee, int? BranchTarget);

    public static int Run()
    {
        LtcParameters p = ShippedModel.Create();
        int n = p.NeuronCount;
        int u = p.Unfolds;

        // Integrate's loops, in the order of their backward branches (a loop's branch closes it, so the unfold loop,
        // which encloses the last four, comes last): input map, base conductances, sensory synapses, cm_t, then per
        // unfold: initialisation, internal synapses, neuron update.
        string[] names = ["input map", "base conductances", "sensory synapses", "cm_t", "unfold: init", "unfold: internal synapses", "unfold: neuron update", "unfold loop"];
        long[] trips = [p.InputCount, n, p.SensorySynapseCount, n, n, p.SynapseCount, n, u];
        List<Instruction> integrate = Decode(Method(typeof(LtcNetwork), "Integrate"));
        List<(int Start, int End)> loops = Loops(integrate);
        int last = names.Length - 1;
        bool layoutAsExpected = loops.Count == names.Length && loops.Take(last).All(l => l.Start > loops[3].End == loops.IndexOf(l) >= 4)
            && loops.Skip(4).Take(last - 4).All(l => l.Start >= loops[last].Start && l.End <= loops[last].End);
        if (!layoutAsExpected)
        {
            Console.Error.WriteLine($"LtcNetwork.Integrate has {loops.Count} loops in an unexpected layout: update {nameof(IlCountEstimate)}.");
            return 1;
        }

        Console.WriteLine($"Shipped wiring: {n} neurons, {p.SensorySynapseCount} sensory + {p.SynapseCount} internal synapses, {u} unfold(s)");
        for (int k = 0; k < last; k++)
        {
            (int start, int end) = loops[k];
            long body = integrate.Where(i => i.Offset >= start && i.Offset <= end).Sum(Weight);
            long times = trips[k] * (k >= 4 ? u : 1);
            Console.WriteLine($"  {names[k],-26} {body,4} IL per iteration x {times,4} = {body * times,6}");
        }

        long integrateCost = Cost(integrate, loops, trips);
        List<Instruction> writeOutputs = Decode(Method(typeof(LtcNetwork), "WriteOutputs"));
        long outputsCost = Cost(writeOutputs, Loops(writeOutputs), [p.MotorCount]);
        long stepOwn = Decode(Method(typeof(LtcNetwork), "Step")).Count;
        long total = stepOwn + integrateCost + outputsCost;
        Console.WriteLine($"  Step {stepOwn} + Integrate {integrateCost} + WriteOutputs {outputsCost}");
        Console.WriteLine($"Estimated IL instructions per LtcNetwork.Step (upper bound): {total}");
        return 0;
    }

    /// <summary>Each instruction (plus the whole of any Core method it calls) times the trip counts of every loop around it.</summary>
    private static long Cost(List<Instruction> code, List<(int Start, int End)> loops, long[] trips) =>
        code.Sum(i => Weight(i) * loops.Select((l, k) => i.Offset >= l.Start && i.Offset <= l.End ? trips[k] : 1).Aggregate(1L, (a, b) => a * b));

    private static long Weight(Instruction i) =>
        1 + (i.Callee is MethodInfo callee && callee.DeclaringType!.Assembly == typeof(LtcNetwork).Assembly ? Decode(callee).Count : 0);

    private static List<(int Start, int End)> Loops(List<Instruction> code) =>
        code.Where(i => i.BranchTarget is int t && t <= i.Offset).Select(i => (i.BranchTarget!.Value, i.Offset)).ToList();

    private static MethodInfo Method(Type t, string name) =>
        t.GetMethod(name, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static)
        ?? throw new InvalidOperationException($"{t.Name}.{name} not found");

    private static List<Instruction> Decode(MethodInfo m)
    {
        byte[] il = m.GetMethodBody()!.GetILAsByteArray()!;
        var list = new List<Instruction>();
        int pc = 0;
        while (pc < il.Length)
        {
            int start = pc;
            short value = il[pc++];
            if (value == 0xFE)
            {
                value = (short)(0xFE00 | il[pc++]);
            }

            OpCode op = OpCodesByValue[value];
            MethodBase? callee = null;
            int? target = null;
            switch (op.OperandType)
            {
                case OperandType.ShortInlineBrTarget:
                    target = pc + 1 + (sbyte)il[pc];
                    pc += 1;
                    break;
                case OperandType.InlineBrTarget:
                    target = pc + 4 + BitConverter.ToInt32(il, pc);
                    pc += 4;
                    break;
                case OperandType.InlineMethod:
                    callee = m.Module.ResolveMethod(BitConverter.ToInt32(il, pc));
                    pc += 4;
                    break;
                case OperandType.InlineNone:
                    break;
                case OperandType.ShortInlineI:
                case OperandType.ShortInlineVar:
                    pc += 1;
                    break;
                case OperandType.InlineVar:
                    pc += 2;
                    break;
                case OperandType.InlineI8:
                case OperandType.InlineR:
                    pc += 8;
                    break;
                case OperandType.InlineSwitch:
                    pc += 4 + (4 * BitConverter.ToInt32(il, pc));
                    break;
                default:
                    pc += 4;
                    break;
            }

            list.Add(new Instruction(start, op, callee, target));
        }

        return list;
    }
}
