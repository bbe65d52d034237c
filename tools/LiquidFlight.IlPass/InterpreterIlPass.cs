using System.Collections;
using Mono.Cecil;
using Mono.Cecil.Cil;
using Mono.Cecil.Rocks;

namespace LiquidFlight.IlPass;

/// <summary>What one run of <see cref="InterpreterIlPass"/> changed.</summary>
public sealed record IlPassResult(int Methods, int CallsInlined, int ConstantsFolded, int ValuesCarried, int LocalsRemoved,
    int CopiesRemoved, int StackReuses, int DeadStores, int ZeroStores, int LocalsReordered)
{
    /// <summary>Everything the pass changed; 0 means it found nothing to do.</summary>
    public int Changes => CallsInlined + ConstantsFolded + ValuesCarried + LocalsRemoved + CopiesRemoved + StackReuses + DeadStores
        + ZeroStores + LocalsReordered;

    public override string ToString() =>
        $"{Methods} method(s): {CallsInlined} calls inlined, {ConstantsFolded} wide constants folded, {ValuesCarried} values carried on the stack, " +
        $"{LocalsRemoved} locals shared away, {CopiesRemoved} copies within a slot removed, {StackReuses} reloads taken from the stack, " +
        $"{DeadStores} dead stores removed, {ZeroStores} zero stores to still-zero slots removed, locals reordered in {LocalsReordered}";
}

/// <summary>
/// Rewrites method bodies into IL that nanoCLR runs in fewer host instructions and that computes exactly the same
/// (the prices are board-cost.md's, in tools/LiquidFlight.Benchmarks/HostCostTable.cs). The C# compiler's IL is
/// written for the JIT, which rebuilds it anyway; the interpreter runs it opcode by opcode, so what the compiler
/// leaves costs the board on every executed opcode or call:
/// <list type="number">
/// <item>First of all, a call of a method marked <c>[InterpreterInline]</c> becomes the method's body (a call pair and the
/// callee's frame fewer per call; see <see cref="InlineMarkedCalls"/>, which also says what a marked method must be).
/// The rules below then treat the inlined code as the caller's own: its locals share the caller's slots.</item>
/// <item>A long constant within int range is emitted as <c>ldc.i4 v; conv.i8</c> (112 host instructions, 94 for a
/// short form) where <c>ldc.i8 v</c> costs 62; with <c>conv.u8</c> likewise. Folded, unless the conversion is a
/// branch target, an exception-region boundary or a sequence point (it then stays as it is).</item>
/// <item>A value stored to a local and read once after straight-line code that leaves the stack as it found it stays
/// on the stack instead (<see cref="CarryOnStack"/>: the store and the load go, 90-96 each time).</item>
/// <item><c>stloc v; ldloc v</c> becomes <c>dup; stloc v</c>, and <c>ldloc v; ldloc v</c> becomes
/// <c>ldloc v; dup</c> (a dup costs 44, a local load 49-54), unless the second instruction is a branch target; only
/// for int, long, their unsigned forms and references, whose store does not narrow or round the value.</item>
/// <item>A store that nothing reads afterwards goes (<see cref="RemoveDeadStores"/>; after the rule above, typically
/// the last <c>dup; stloc v</c> of a value read twice at once).</item>
/// <item>Every user local gets its own slot, even in disjoint blocks, and the interpreter zeroes each slot on every
/// call (41 per local). Locals of the same type whose live ranges do not interfere share a slot (liveness over the
/// method's control flow, loops included), the two locals of a copy preferring one slot, where the copy becomes
/// <c>ldloc v; stloc v</c>, which goes (<see cref="RemoveSelfCopies"/>). Kept apart: locals whose address is taken,
/// pinned or by-reference locals, a local that may be read before it is written (it relies on the zero
/// initialisation), and every local of a method with a finally or fault handler (a catch's flow is followed).</item>
/// <item>A zero stored to a local that no path has written yet goes: the frame's locals start at zero
/// (<see cref="RemoveZeroStores"/>).</item>
/// <item>Locals are renumbered by use (a load counts five, a store one), so the most used take slots 0-3, whose
/// load and store opcodes cost 49 and 41 against 54 and 42.</item>
/// </list>
/// The rules feed each other, so they run per method to the point where none finds anything.
/// Debug information stays valid: sequence points and scopes keep their instructions, and a shared slot carries
/// the names of all the locals it holds. The pass is idempotent: a second run changes nothing.
/// </summary>
public static partial class InterpreterIlPass
{
    /// <summary>
    /// Cecil's OptimizeMacros (short forms of loads, stores, constants and branches), then every branch it left long
    /// whose short form fits, to the fixed point: Cecil decides each branch once, in order, and judges a backward one
    /// as if it kept its long form (3 bytes too far), so some branches that fit stay long. A short branch costs the
    /// interpreter 12 host instructions less than its long form (board-cost.md). Shortening only removes bytes, so a
    /// branch that fitted still fits.
    /// </summary>
    internal static void ShortenBranches(MethodBody body)
    {
        body.OptimizeMacros();
        bool changed = true;
        while (changed)
        {
            changed = false;
            ComputeOffsets(body);
            foreach (Instruction ins in body.Instructions)
            {
                if (ins.OpCode.OperandType != OperandType.InlineBrTarget || !ShortForms.TryGetValue(ins.OpCode.Code, out OpCode shortForm))
                {
                    continue;
                }

                if (ShortOffset(ins) is >= -128 and <= 127)
                {
                    ins.OpCode = shortForm;
                    ComputeOffsets(body);
                    changed = true;
                }
            }
        }
    }

    /// <summary>
    /// The offset a long branch would have in its short form (2 bytes, counted from its own end): a forward target
    /// moves 3 bytes nearer with it.
    /// </summary>
    private static int ShortOffset(Instruction branch)
    {
        int target = ((Instruction)branch.Operand).Offset;
        int end = branch.Offset + 2;
        return target > branch.Offset ? target - 3 - end : target - end;
    }

    private static void ComputeOffsets(MethodBody body)
    {
        int offset = 0;
        foreach (Instruction ins in body.Instructions)
        {
            ins.Offset = offset;
            offset += ins.GetSize();
        }
    }

    private static readonly Dictionary<Code, OpCode> ShortForms = new()
    {
        [Code.Br] = OpCodes.Br_S, [Code.Brfalse] = OpCodes.Brfalse_S, [Code.Brtrue] = OpCodes.Brtrue_S,
        [Code.Beq] = OpCodes.Beq_S, [Code.Bne_Un] = OpCodes.Bne_Un_S, [Code.Bge] = OpCodes.Bge_S,
        [Code.Bge_Un] = OpCodes.Bge_Un_S, [Code.Bgt] = OpCodes.Bgt_S, [Code.Bgt_Un] = OpCodes.Bgt_Un_S,
        [Code.Ble] = OpCodes.Ble_S, [Code.Ble_Un] = OpCodes.Ble_Un_S, [Code.Blt] = OpCodes.Blt_S,
        [Code.Blt_Un] = OpCodes.Blt_Un_S, [Code.Leave] = OpCodes.Leave_S,
    };

    public static IlPassResult Run(ModuleDefinition module) => Run(module, null);

    /// <summary>The pass over a module; where calls were inlined goes to <paramref name="inlined"/> if given.</summary>
    public static IlPassResult Run(ModuleDefinition module, List<InlinedCode>? inlined)
    {
        var origin = new Dictionary<Instruction, MethodDefinition[]>();
        var callers = new HashSet<MethodDefinition>();
        int sites = InlineMarkedCalls(module, origin, callers);
        int methods = 0, folded = 0, carried = 0, removed = 0, copies = 0, reuses = 0, dead = 0, zeros = 0, reordered = 0;
        foreach (TypeDefinition type in module.Types.SelectMany(AllTypes))
        {
            foreach (MethodDefinition method in type.Methods)
            {
                if (!method.HasBody)
                {
                    continue;
                }

                MethodBody body = method.Body;
                List<VariableDefinition> declared = body.Variables.ToList();
                Dictionary<VariableDebugInformation, int> names = DebugNameSlots(method);
                body.SimplifyMacros();
                int f = FoldWideConstants(method);
                int c = 0, s = 0, d = 0, r = 0, k = 0, z = 0;
                Dictionary<VariableDefinition, VariableDefinition>? holder = null;
                // The rules feed each other (a shared slot turns a copy into a self-copy, whose removal puts a store
                // next to a load): run to the fixed point, so that a second pass finds nothing.
                while (true)
                {
                    int round = CarryOnStack(method);
                    c += round;
                    int n = ReuseStackValues(method);
                    s += n;
                    round += n;
                    n = RemoveDeadStores(method);
                    d += n;
                    round += n;
                    n = ShareLocals(body, out Dictionary<VariableDefinition, VariableDefinition>? slotOf);
                    r += n;
                    round += n;
                    if (slotOf != null)
                    {
                        holder = holder == null ? slotOf : Compose(holder, slotOf);
                    }

                    n = RemoveSelfCopies(method);
                    k += n;
                    round += n;
                    n = RemoveZeroStores(method);
                    z += n;
                    round += n;
                    if (round == 0)
                    {
                        break;
                    }
                }

                bool o = OrderLocalsByUse(body);
                if (r != 0 || o)
                {
                    RebindDebugNames(method, declared, names, holder);
                }

                ShortenBranches(body);
                bool caller = callers.Contains(method);
                if (f + c + r + s + d + k + z != 0 || o || caller)
                {
                    methods++;
                }

                if (caller && inlined != null)
                {
                    inlined.AddRange(InlinedRanges(method, origin));
                }

                folded += f;
                carried += c;
                removed += r;
                reuses += s;
                dead += d;
                copies += k;
                zeros += z;
                reordered += o ? 1 : 0;
            }
        }

        return new IlPassResult(methods, sites, folded, carried, removed, copies, reuses, dead, zeros, reordered);
    }

    /// <summary>The pass over an assembly image without symbols (il-count's in-memory compile).</summary>
    public static byte[] Run(byte[] assembly, out IlPassResult result) => Run(assembly, out result, null);

    /// <summary>The pass over an assembly image without symbols; where calls were inlined goes to <paramref name="inlined"/>.</summary>
    public static byte[] Run(byte[] assembly, out IlPassResult result, List<InlinedCode>? inlined)
    {
        using var module = ModuleDefinition.ReadModule(new MemoryStream(assembly), new ReaderParameters(ReadingMode.Immediate));
        result = Run(module, inlined);
        var output = new MemoryStream();
        module.Write(output, new WriterParameters { DeterministicMvid = true });
        return output.ToArray();
    }

    private static IEnumerable<TypeDefinition> AllTypes(TypeDefinition t) => new[] { t }.Concat(t.NestedTypes.SelectMany(AllTypes));

    /// <summary>Instructions that something outside the instruction stream points at: branches, handlers, debug info.</summary>
    private static HashSet<Instruction> Anchored(MethodDefinition method, bool withDebugInfo)
    {
        MethodBody body = method.Body;
        var set = new HashSet<Instruction>();
        foreach (Instruction i in body.Instructions)
        {
            if (i.Operand is Instruction target)
            {
                set.Add(target);
            }
            else if (i.Operand is Instruction[] targets)
            {
                set.UnionWith(targets);
            }
        }

        foreach (ExceptionHandler h in body.ExceptionHandlers)
        {
            foreach (Instruction? b in new[] { h.TryStart, h.TryEnd, h.HandlerStart, h.HandlerEnd, h.FilterStart })
            {
                if (b != null)
                {
                    set.Add(b);
                }
            }
        }

        if (withDebugInfo && method.DebugInformation.HasSequencePoints)
        {
            var offsets = new HashSet<int>(method.DebugInformation.SequencePoints.Select(p => p.Offset));
            AddScopeOffsets(method.DebugInformation.Scope, offsets);
            set.UnionWith(body.Instructions.Where(i => offsets.Contains(i.Offset)));
        }

        return set;
    }

    private static void AddScopeOffsets(ScopeDebugInformation? scope, HashSet<int> offsets)
    {
        if (scope == null)
        {
            return;
        }

        offsets.Add(scope.Start.Offset);
        if (!scope.End.IsEndOfMethod)
        {
            offsets.Add(scope.End.Offset);
        }

        if (scope.HasScopes)
        {
            foreach (ScopeDebugInformation inner in scope.Scopes)
            {
                AddScopeOffsets(inner, offsets);
            }
        }
    }

    private static int FoldWideConstants(MethodDefinition method)
    {
        HashSet<Instruction> anchored = Anchored(method, withDebugInfo: true);
        var code = method.Body.Instructions;
        int folded = 0;
        for (int k = 1; k < code.Count; k++)
        {
            Instruction conv = code[k];
            Instruction constant = code[k - 1];
            Code c = conv.OpCode.Code;
            if ((c != Code.Conv_I8 && c != Code.Conv_U8) || constant.OpCode.Code != Code.Ldc_I4 || anchored.Contains(conv))
            {
                continue;
            }

            int value = (int)constant.Operand;
            constant.OpCode = OpCodes.Ldc_I8;
            constant.Operand = c == Code.Conv_I8 ? (long)value : (long)(uint)value;
            code.RemoveAt(k);
            k--;
            folded++;
        }

        return folded;
    }

    /// <summary>
    /// <c>stloc v; B; ldloc v</c>, where B is straight-line code that leaves the stack as it found it and never
    /// reaches below it, and v is not read again after the load: the value can stay on the stack under B, so both
    /// instructions go (90-96 host instructions each time). If B leaves one value on the stack instead, and the load
    /// is followed by an operation whose operands commute (add, mul, and, or, xor), the value stays under B's result
    /// likewise: the operation then takes its operands in the other order, which gives the same result.
    /// Not done when v's store narrows or rounds (see <see cref="StoresExactly"/>), when B or the load is a branch
    /// target or an exception-region boundary, when B refers to v or branches, or where a removed instruction bounds a
    /// debug scope. A v read in an exception handler is live throughout its protected region (<see cref="Liveness"/>). A sequence point on a removed instruction
    /// moves to the instruction after it.
    /// </summary>
    private static int CarryOnStack(MethodDefinition method)
    {
        MethodBody body = method.Body;
        if (body.Variables.Count == 0)
        {
            return 0;
        }

        int carried = 0;
        bool found = true;
        while (found)
        {
            found = false;
            HashSet<Instruction> anchored = Anchored(method, withDebugInfo: false);
            var scopeBounds = new HashSet<int>();
            AddScopeOffsets(method.DebugInformation.Scope, scopeBounds);
            (List<Instruction> code, _, BitArray[] liveOut) = Liveness(body);
            bool[] addressTaken = AddressTaken(body);
            for (int s = 0; s < code.Count && !found; s++)
            {
                Instruction store = code[s];
                if (store.OpCode.Code != Code.Stloc || anchored.Contains(store) || scopeBounds.Contains(store.Offset))
                {
                    continue;
                }

                var v = (VariableDefinition)store.Operand;
                if (!StoresExactly(v.VariableType) || addressTaken[v.Index])
                {
                    continue;
                }

                int depth = 0;
                for (int k = s + 1; k < code.Count; k++)
                {
                    Instruction i = code[k];
                    if (anchored.Contains(i))
                    {
                        break;
                    }

                    if (i.OpCode.Code == Code.Ldloc && i.Operand == v)
                    {
                        bool commuted = depth == 1 && k + 1 < code.Count && !anchored.Contains(code[k + 1])
                            && code[k + 1].OpCode.Code is Code.Add or Code.Mul or Code.And or Code.Or or Code.Xor;
                        if ((depth == 0 || commuted) && !liveOut[k][v.Index] && !scopeBounds.Contains(i.Offset))
                        {
                            MoveSequencePoint(method, store, code[s + 1]);
                            MoveSequencePoint(method, i, code[k + 1]);
                            body.Instructions.Remove(store);
                            body.Instructions.Remove(i);
                            carried++;
                            found = true;
                        }

                        break;
                    }

                    if (Local(i) == v || !StackEffect(i, out int pop, out int push) || depth < pop)
                    {
                        break;
                    }

                    depth += push - pop;
                }
            }
        }

        return carried;
    }

    /// <summary>
    /// Locals that liveness cannot follow: their address is taken (a read through it is no ldloc), or they are pinned
    /// or by-reference.
    /// </summary>
    private static bool[] AddressTaken(MethodBody body)
    {
        var taken = new bool[body.Variables.Count];
        foreach (VariableDefinition v in body.Variables)
        {
            taken[v.Index] = v.IsPinned || v.VariableType.IsByReference;
        }

        foreach (Instruction i in body.Instructions)
        {
            if (i.OpCode.Code == Code.Ldloca)
            {
                taken[((VariableDefinition)i.Operand).Index] = true;
            }
        }

        return taken;
    }

    /// <summary>
    /// A store to a local that nothing reads afterwards (after the stack rules, typically the <c>dup; stloc v</c> of a
    /// value whose last reads took the copies): <c>dup; stloc v</c> goes (85 host instructions), a lone <c>stloc v</c>
    /// becomes <c>pop</c> (27 fewer). Not for locals whose address is taken, pinned or by-reference ones (a store read in
    /// an exception handler is live, see <see cref="Liveness"/>); a branch target or a sequence point keeps its
    /// instruction.
    /// </summary>
    private static int RemoveDeadStores(MethodDefinition method)
    {
        MethodBody body = method.Body;
        if (body.Variables.Count == 0)
        {
            return 0;
        }

        HashSet<Instruction> anchored = Anchored(method, withDebugInfo: true);
        (List<Instruction> code, _, BitArray[] liveOut) = Liveness(body);
        bool[] addressTaken = AddressTaken(body);
        int removed = 0;
        for (int k = 0; k < code.Count; k++)
        {
            Instruction store = code[k];
            if (store.OpCode.Code != Code.Stloc)
            {
                continue;
            }

            int v = ((VariableDefinition)store.Operand).Index;
            if (liveOut[k][v] || addressTaken[v])
            {
                continue;
            }

            if (k > 0 && code[k - 1].OpCode.Code == Code.Dup && !anchored.Contains(store) && !anchored.Contains(code[k - 1]))
            {
                body.Instructions.Remove(code[k - 1]);
                body.Instructions.Remove(store);
            }
            else
            {
                store.OpCode = OpCodes.Pop;
                store.Operand = null;
            }

            removed++;
        }

        return removed;
    }

    /// <summary>
    /// <c>ldloc v; stloc v</c> changes nothing (a copy between two locals that came to share a slot): both go, and a
    /// branch to the load goes to the instruction after the store. When the store is itself a branch target (the join
    /// of a conditional whose arm loads v), only the load goes, if nothing falls through into it: its branches then
    /// go to the instruction after the store. Not where either is an exception-region boundary; a sequence point on
    /// a removed load moves to the instruction after the store.
    /// </summary>
    private static int RemoveSelfCopies(MethodDefinition method)
    {
        MethodBody body = method.Body;
        var boundaries = new HashSet<Instruction>();
        foreach (ExceptionHandler h in body.ExceptionHandlers)
        {
            foreach (Instruction? b in new[] { h.TryStart, h.TryEnd, h.HandlerStart, h.HandlerEnd, h.FilterStart })
            {
                if (b != null)
                {
                    boundaries.Add(b);
                }
            }
        }

        int removed = 0;
        bool again = true;
        while (again)
        {
            again = false;
            HashSet<Instruction> targets = Anchored(method, withDebugInfo: false);
            var code = body.Instructions;
            for (int k = 0; k + 2 < code.Count; k++)
            {
                Instruction load = code[k];
                Instruction store = code[k + 1];
                if (load.OpCode.Code != Code.Ldloc || store.OpCode.Code != Code.Stloc || load.Operand != store.Operand
                    || boundaries.Contains(load) || boundaries.Contains(store))
                {
                    continue;
                }

                Instruction next = code[k + 2];
                bool storeIsTarget = targets.Contains(store);
                if (storeIsTarget && (k == 0 || code[k - 1].OpCode.FlowControl is not (FlowControl.Branch or FlowControl.Return or FlowControl.Throw)))
                {
                    continue;
                }

                Retarget(body, load, next);
                MoveSequencePoint(method, load, next);
                code.Remove(load);
                if (!storeIsTarget)
                {
                    MoveSequencePoint(method, store, next);
                    code.Remove(store);
                }

                removed++;
                again = true;
                break;
            }
        }

        return removed;
    }

    /// <summary>
    /// <c>ldc 0; stloc v</c> (or <c>ldnull</c>) where no path from the method's entry has written v's slot yet: the
    /// interpreter zeroed it when the frame was pushed (as the CLR does with <c>localsinit</c>), so both instructions
    /// go. Typical after slot sharing: <c>bool found = false;</c> at a method's start. Only for methods that declare
    /// zero-initialised locals; a slot whose address is taken counts as written there, and an exception handler is
    /// entered with every slot written. Not where either instruction is a branch target or an exception-region
    /// boundary; a sequence point on the constant moves to the instruction after the store.
    /// </summary>
    private static int RemoveZeroStores(MethodDefinition method)
    {
        MethodBody body = method.Body;
        int count = body.Variables.Count;
        if (count == 0 || !body.InitLocals)
        {
            return 0;
        }

        List<Instruction> code = body.Instructions.ToList();
        int n = code.Count;
        var at = new Dictionary<Instruction, int>(n);
        for (int i = 0; i < n; i++)
        {
            at[code[i]] = i;
        }

        // Forward: the slots some path from the entry may have written before each instruction.
        var written = new BitArray[n];
        var reached = new bool[n];
        var work = new Stack<int>();
        void Reach(int i, BitArray state)
        {
            if (!reached[i])
            {
                reached[i] = true;
                written[i] = (BitArray)state.Clone();
                work.Push(i);
                return;
            }

            var merged = ((BitArray)written[i].Clone()).Or(state);
            if (!Equal(merged, written[i]))
            {
                written[i] = merged;
                work.Push(i);
            }
        }

        Reach(0, new BitArray(count));
        var all = new BitArray(count, true);
        foreach (ExceptionHandler h in body.ExceptionHandlers)
        {
            Reach(at[h.HandlerStart], all);
            if (h.FilterStart != null)
            {
                Reach(at[h.FilterStart], all);
            }
        }

        while (work.Count > 0)
        {
            int i = work.Pop();
            Instruction ins = code[i];
            var after = (BitArray)written[i].Clone();
            if (Local(ins) is VariableDefinition v && ins.OpCode.Code != Code.Ldloc)
            {
                after[v.Index] = true;
            }

            if (ins.Operand is Instruction target)
            {
                Reach(at[target], after);
            }
            else if (ins.Operand is Instruction[] targets)
            {
                foreach (Instruction t in targets)
                {
                    Reach(at[t], after);
                }
            }

            if (ins.OpCode.FlowControl is not (FlowControl.Branch or FlowControl.Return or FlowControl.Throw) && i + 1 < n)
            {
                Reach(i + 1, after);
            }
        }

        HashSet<Instruction> anchored = Anchored(method, withDebugInfo: false);
        int removed = 0;
        for (int i = 0; i + 2 < n; i++)
        {
            Instruction constant = code[i];
            Instruction store = code[i + 1];
            if (store.OpCode.Code != Code.Stloc || !reached[i] || anchored.Contains(constant) || anchored.Contains(store)
                || written[i][((VariableDefinition)store.Operand).Index] || !IsZero(constant, ((VariableDefinition)store.Operand).VariableType))
            {
                continue;
            }

            MoveSequencePoint(method, constant, code[i + 2]);
            MoveSequencePoint(method, store, code[i + 2]);
            body.Instructions.Remove(constant);
            body.Instructions.Remove(store);
            removed++;
            i++;
        }

        return removed;
    }

    /// <summary>Whether <paramref name="i"/> pushes the value a zeroed local of <paramref name="type"/> holds.</summary>
    private static bool IsZero(Instruction i, TypeReference type)
    {
        switch (type.MetadataType)
        {
            case MetadataType.Boolean:
            case MetadataType.Char:
            case MetadataType.SByte:
            case MetadataType.Byte:
            case MetadataType.Int16:
            case MetadataType.UInt16:
            case MetadataType.Int32:
            case MetadataType.UInt32:
                return i.OpCode.Code == Code.Ldc_I4 && (int)i.Operand == 0;
            case MetadataType.Int64:
            case MetadataType.UInt64:
                return i.OpCode.Code == Code.Ldc_I8 && (long)i.Operand == 0;
            case MetadataType.String:
            case MetadataType.Class:
            case MetadataType.Array:
            case MetadataType.Object:
                return i.OpCode.Code == Code.Ldnull;
            default:
                return false;
        }
    }

    /// <summary>Every branch to <paramref name="from"/> goes to <paramref name="to"/> instead.</summary>
    private static void Retarget(MethodBody body, Instruction from, Instruction to)
    {
        foreach (Instruction i in body.Instructions)
        {
            if (i.Operand == from)
            {
                i.Operand = to;
            }
            else if (i.Operand is Instruction[] targets)
            {
                for (int t = 0; t < targets.Length; t++)
                {
                    if (targets[t] == from)
                    {
                        targets[t] = to;
                    }
                }
            }
        }
    }

    private static Dictionary<VariableDefinition, VariableDefinition> Compose(
        Dictionary<VariableDefinition, VariableDefinition> first, Dictionary<VariableDefinition, VariableDefinition> then)
    {
        var composed = new Dictionary<VariableDefinition, VariableDefinition>();
        foreach ((VariableDefinition original, VariableDefinition held) in first)
        {
            if (then.TryGetValue(held, out VariableDefinition? now))
            {
                composed[original] = now;
            }
        }

        return composed;
    }

    /// <summary>Values taken and left by a straight-line instruction; false for control flow and anything unusual.</summary>
    private static bool StackEffect(Instruction i, out int pop, out int push)
    {
        pop = push = 0;
        OpCode op = i.OpCode;
        if (op.FlowControl is not (FlowControl.Next or FlowControl.Call) || op.Code is Code.Calli or Code.Jmp
            or Code.Localloc)
        {
            return false;
        }

        switch (op.StackBehaviourPop)
        {
            case StackBehaviour.Pop0:
                break;
            case StackBehaviour.Pop1:
            case StackBehaviour.Popi:
            case StackBehaviour.Popref:
                pop = 1;
                break;
            case StackBehaviour.Pop1_pop1:
            case StackBehaviour.Popi_pop1:
            case StackBehaviour.Popi_popi:
            case StackBehaviour.Popi_popi8:
            case StackBehaviour.Popi_popr4:
            case StackBehaviour.Popi_popr8:
            case StackBehaviour.Popref_pop1:
            case StackBehaviour.Popref_popi:
                pop = 2;
                break;
            case StackBehaviour.Popi_popi_popi:
            case StackBehaviour.Popref_popi_popi:
            case StackBehaviour.Popref_popi_popi8:
            case StackBehaviour.Popref_popi_popr4:
            case StackBehaviour.Popref_popi_popr8:
            case StackBehaviour.Popref_popi_popref:
                pop = 3;
                break;
            case StackBehaviour.Varpop when i.Operand is MethodReference m:
                pop = m.Parameters.Count + (m.HasThis && op.Code != Code.Newobj ? 1 : 0);
                break;
            default:
                return false;
        }

        switch (op.StackBehaviourPush)
        {
            case StackBehaviour.Push0:
                break;
            case StackBehaviour.Push1:
            case StackBehaviour.Pushi:
            case StackBehaviour.Pushi8:
            case StackBehaviour.Pushr4:
            case StackBehaviour.Pushr8:
            case StackBehaviour.Pushref:
                push = 1;
                break;
            case StackBehaviour.Push1_push1:
                push = 2;
                break;
            case StackBehaviour.Varpush when i.Operand is MethodReference m:
                push = op.Code == Code.Newobj || m.ReturnType.MetadataType != MetadataType.Void ? 1 : 0;
                break;
            default:
                return false;
        }

        return true;
    }

    /// <summary>Before <paramref name="removed"/> leaves the body: its sequence point, if any, to <paramref name="next"/>.</summary>
    private static void MoveSequencePoint(MethodDefinition method, Instruction removed, Instruction next)
    {
        if (!method.DebugInformation.HasSequencePoints)
        {
            return;
        }

        var points = method.DebugInformation.SequencePoints;
        int index = -1;
        bool nextHasOne = false;
        for (int p = 0; p < points.Count; p++)
        {
            if (points[p].Offset == removed.Offset)
            {
                index = p;
            }
            else if (points[p].Offset == next.Offset)
            {
                nextHasOne = true;
            }
        }

        if (index < 0)
        {
            return;
        }

        SequencePoint old = points[index];
        points.RemoveAt(index);
        if (!nextHasOne)
        {
            points.Insert(index, new SequencePoint(next, old.Document)
            {
                StartLine = old.StartLine,
                StartColumn = old.StartColumn,
                EndLine = old.EndLine,
                EndColumn = old.EndColumn,
            });
        }
    }

    private static VariableDefinition? Local(Instruction i) =>
        i.OpCode.Code is Code.Ldloc or Code.Stloc or Code.Ldloca ? (VariableDefinition)i.Operand : null;

    // The type a local's slot must have: its own, but a bool goes with int32 (0 and 1 are the same int32 in either).
    private static string SlotType(TypeReference t) => t.MetadataType == MetadataType.Boolean ? "System.Int32" : t.FullName;

    private static int ShareLocals(MethodBody body, out Dictionary<VariableDefinition, VariableDefinition>? slotOfLocal)
    {
        slotOfLocal = null;
        int count = body.Variables.Count;
        if (count < 2 || body.ExceptionHandlers.Any(h => h.HandlerType is ExceptionHandlerType.Finally or ExceptionHandlerType.Fault))
        {
            return 0;
        }

        (List<Instruction> code, BitArray[] liveIn, BitArray[] liveOut) = Liveness(body);
        int n = code.Count;

        // Kept apart: what liveness cannot follow, and a local live at entry (read before any write on some path,
        // relying on the zero initialisation). The interference below already keeps the latter from any slot written
        // while it is live; kept apart as well, so that its zero never depends on that reasoning.
        bool[] keepApart = AddressTaken(body);
        var used = new bool[count];
        for (int v = 0; v < count; v++)
        {
            keepApart[v] |= liveIn[0][v];
        }

        foreach (Instruction i in code)
        {
            if (Local(i) is VariableDefinition v)
            {
                used[v.Index] = true;
            }
        }

        // A store interferes with every other local live after it. The locals of a copy (ldloc u; stloc d) prefer
        // one slot if they do not interfere (u is not read after the copy): the copy then becomes a self-copy, which
        // RemoveSelfCopies takes out.
        var interferes = new bool[count, count];
        var partners = new List<int>[count];
        for (int v = 0; v < count; v++)
        {
            partners[v] = [];
        }

        for (int i = 0; i < n; i++)
        {
            if (code[i].OpCode.Code != Code.Stloc)
            {
                continue;
            }

            int d = ((VariableDefinition)code[i].Operand).Index;
            int source = i > 0 && code[i - 1].OpCode.Code == Code.Ldloc ? ((VariableDefinition)code[i - 1].Operand).Index : -1;
            if (source >= 0 && source != d)
            {
                partners[d].Add(source);
                partners[source].Add(d);
            }

            for (int v = 0; v < count; v++)
            {
                if (v != d && liveOut[i][v])
                {
                    interferes[d, v] = interferes[v, d] = true;
                }
            }
        }

        // Greedy, in declaration order: each local joins the first slot of its type none of whose locals it
        // interferes with. A local never referenced is dropped.
        var slotOf = Enumerable.Repeat(-1, count).ToArray();
        var slots = new List<List<int>>();
        for (int v = 0; v < count; v++)
        {
            if (!used[v])
            {
                continue;
            }

            if (!keepApart[v])
            {
                string type = SlotType(body.Variables[v].VariableType);
                bool Fits(int s) => !keepApart[slots[s][0]] && SlotType(body.Variables[slots[s][0]].VariableType) == type
                    && slots[s].TrueForAll(m => !interferes[m, v]);

                // A slot holding a copy partner first, then the first that fits.
                foreach (int s in partners[v].Where(u => slotOf[u] >= 0).Select(u => slotOf[u]).Concat(Enumerable.Range(0, slots.Count)))
                {
                    if (Fits(s))
                    {
                        slots[s].Add(v);
                        slotOf[v] = s;
                        break;
                    }
                }
            }

            if (slotOf[v] < 0)
            {
                slots.Add([v]);
                slotOf[v] = slots.Count - 1;
            }
        }

        int removed = count - slots.Count;
        if (removed == 0)
        {
            return 0;
        }

        List<VariableDefinition> old = body.Variables.ToList();
        // A slot's variable is one of its int locals if it has any (a bool shares an int's slot: both are int32 on the
        // stack, and a bool's 0 or 1 stays what it is in an int).
        List<VariableDefinition> kept = slots.Select(s => old[s.FirstOrDefault(m => old[m].VariableType.MetadataType != MetadataType.Boolean, s[0])]).ToList();
        foreach (Instruction i in code)
        {
            VariableDefinition? v = Local(i);
            if (v != null)
            {
                i.Operand = kept[slotOf[v.Index]];
            }
        }

        slotOfLocal = new Dictionary<VariableDefinition, VariableDefinition>();
        for (int v = 0; v < count; v++)
        {
            if (slotOf[v] >= 0)
            {
                slotOfLocal[old[v]] = kept[slotOf[v]];
            }
        }

        body.Variables.Clear();
        foreach (VariableDefinition v in kept)
        {
            body.Variables.Add(v);
        }

        return removed;
    }

    /// <summary>
    /// Live-in and live-out locals per instruction, to the fixed point, with an edge from every instruction of a
    /// protected region to its handler. The flow out of a finally or fault handler (to wherever the leave that ran
    /// it was going) is not followed: methods with those handlers share no slots.
    /// </summary>
    private static (List<Instruction> Code, BitArray[] LiveIn, BitArray[] LiveOut) Liveness(MethodBody body)
    {
        int count = body.Variables.Count;
        List<Instruction> code = body.Instructions.ToList();
        int n = code.Count;
        var at = new Dictionary<Instruction, int>(n);
        for (int i = 0; i < n; i++)
        {
            at[code[i]] = i;
        }

        var successors = new int[n][];
        for (int i = 0; i < n; i++)
        {
            Instruction ins = code[i];
            var s = new List<int>(2);
            if (ins.Operand is Instruction target)
            {
                s.Add(at[target]);
            }
            else if (ins.Operand is Instruction[] targets)
            {
                s.AddRange(targets.Select(t => at[t]));
            }

            if (ins.OpCode.FlowControl is not (FlowControl.Branch or FlowControl.Return or FlowControl.Throw) && i + 1 < n)
            {
                s.Add(i + 1);
            }

            // Any instruction of a protected region may throw into its handler (and filter, whose endfilter has no
            // successor here): an edge to each.
            foreach (ExceptionHandler h in body.ExceptionHandlers)
            {
                if (i >= at[h.TryStart] && i < at[h.TryEnd])
                {
                    s.Add(at[h.HandlerStart]);
                    if (h.FilterStart != null)
                    {
                        s.Add(at[h.FilterStart]);
                    }
                }
            }

            successors[i] = s.ToArray();
        }

        var liveIn = new BitArray[n];
        var liveOut = new BitArray[n];
        for (int i = 0; i < n; i++)
        {
            liveIn[i] = new BitArray(count);
            liveOut[i] = new BitArray(count);
        }

        bool changed = true;
        while (changed)
        {
            changed = false;
            for (int i = n - 1; i >= 0; i--)
            {
                var outSet = new BitArray(count);
                foreach (int s in successors[i])
                {
                    outSet.Or(liveIn[s]);
                }

                var inSet = (BitArray)outSet.Clone();
                VariableDefinition? v = Local(code[i]);
                if (v != null)
                {
                    // A store kills the local; a load or an address taken uses it.
                    inSet[v.Index] = code[i].OpCode.Code != Code.Stloc;
                }

                if (!Equal(outSet, liveOut[i]) || !Equal(inSet, liveIn[i]))
                {
                    liveOut[i] = outSet;
                    liveIn[i] = inSet;
                    changed = true;
                }
            }
        }

        return (code, liveIn, liveOut);
    }

    /// <summary>
    /// Cecil reads a PDB's local names as slot numbers: after slots were shared or renumbered, each name is bound to
    /// the local that now holds its value (a name of a local never referenced goes).
    /// </summary>
    private static void RebindDebugNames(MethodDefinition method, List<VariableDefinition> declared,
        Dictionary<VariableDebugInformation, int> names, Dictionary<VariableDefinition, VariableDefinition>? slotOf)
    {
        ScopeDebugInformation? scope = method.DebugInformation.Scope;
        if (scope != null)
        {
            Rebind(scope, declared, names, slotOf);
        }
    }

    /// <summary>The slot each local name of the method's debug scopes refers to, read before anything changes.</summary>
    private static Dictionary<VariableDebugInformation, int> DebugNameSlots(MethodDefinition method)
    {
        var names = new Dictionary<VariableDebugInformation, int>();
        void Walk(ScopeDebugInformation scope)
        {
            if (scope.HasVariables)
            {
                foreach (VariableDebugInformation info in scope.Variables)
                {
                    names[info] = info.Index;
                }
            }

            if (scope.HasScopes)
            {
                foreach (ScopeDebugInformation inner in scope.Scopes)
                {
                    Walk(inner);
                }
            }
        }

        if (method.DebugInformation.Scope != null)
        {
            Walk(method.DebugInformation.Scope);
        }

        return names;
    }

    private static void Rebind(ScopeDebugInformation scope, List<VariableDefinition> declared,
        Dictionary<VariableDebugInformation, int> names, Dictionary<VariableDefinition, VariableDefinition>? slotOf)
    {
        if (scope.HasVariables)
        {
            List<VariableDebugInformation> infos = scope.Variables.ToList();
            scope.Variables.Clear();
            foreach (VariableDebugInformation info in infos)
            {
                int slot = names.TryGetValue(info, out int i) ? i : -1;
                VariableDefinition? variable = slot >= 0 && slot < declared.Count ? declared[slot] : null;
                if (variable != null && slotOf != null)
                {
                    variable = slotOf.TryGetValue(variable, out VariableDefinition? holder) ? holder : null;
                }

                if (variable != null)
                {
                    scope.Variables.Add(new VariableDebugInformation(variable, info.Name) { Attributes = info.Attributes });
                }
            }
        }

        if (scope.HasScopes)
        {
            foreach (ScopeDebugInformation inner in scope.Scopes)
            {
                Rebind(inner, declared, names, slotOf);
            }
        }
    }

    private static bool Equal(BitArray a, BitArray b)
    {
        for (int i = 0; i < a.Length; i++)
        {
            if (a[i] != b[i])
            {
                return false;
            }
        }

        return true;
    }

    private static bool StoresExactly(TypeReference type)
    {
        switch (type.MetadataType)
        {
            case MetadataType.Int32:
            case MetadataType.UInt32:
            case MetadataType.Int64:
            case MetadataType.UInt64:
            case MetadataType.String:
            case MetadataType.Class:
            case MetadataType.Array:
            case MetadataType.Object:
                return true;
            default:
                return false;
        }
    }

    private static int ReuseStackValues(MethodDefinition method)
    {
        HashSet<Instruction> anchored = Anchored(method, withDebugInfo: false);
        var code = method.Body.Instructions;
        int reuses = 0;
        for (int k = 1; k < code.Count; k++)
        {
            Instruction first = code[k - 1];
            Instruction second = code[k];
            if (second.OpCode.Code != Code.Ldloc || anchored.Contains(second) || first.Operand != second.Operand
                || !StoresExactly(((VariableDefinition)second.Operand).VariableType))
            {
                continue;
            }

            if (first.OpCode.Code == Code.Stloc)
            {
                first.OpCode = OpCodes.Dup;
                first.Operand = null;
                second.OpCode = OpCodes.Stloc;
                reuses++;
            }
            else if (first.OpCode.Code == Code.Ldloc)
            {
                second.OpCode = OpCodes.Dup;
                second.Operand = null;
                reuses++;
            }
        }

        return reuses;
    }

    private static bool OrderLocalsByUse(MethodBody body)
    {
        if (body.Variables.Count < 2)
        {
            return false;
        }

        var weight = body.Variables.ToDictionary(v => v, _ => 0);
        foreach (Instruction i in body.Instructions)
        {
            if (i.OpCode.Code is Code.Ldloc or Code.Stloc && i.Operand is VariableDefinition v)
            {
                weight[v] += i.OpCode.Code == Code.Ldloc ? 5 : 1;
            }
        }

        // Stable: equal weights keep their order, so a second run changes nothing.
        List<VariableDefinition> ordered = body.Variables.OrderByDescending(v => weight[v]).ToList();
        if (ordered.SequenceEqual(body.Variables))
        {
            return false;
        }

        body.Variables.Clear();
        foreach (VariableDefinition v in ordered)
        {
            body.Variables.Add(v);
        }

        return true;
    }
}
