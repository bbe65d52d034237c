using System.Collections;
using Mono.Cecil;
using Mono.Cecil.Cil;
using Mono.Cecil.Rocks;

namespace LiquidFlight.IlPass;

/// <summary>What one run of <see cref="InterpreterIlPass"/> changed.</summary>
public sealed record IlPassResult(int Methods, int ConstantsFolded, int LocalsRemoved, int StackReuses, int LocalsReordered)
{
    public override string ToString() =>
        $"{Methods} method(s): {ConstantsFolded} wide constants folded, {LocalsRemoved} locals shared away, " +
        $"{StackReuses} reloads taken from the stack, locals reordered in {LocalsReordered}";
}

/// <summary>
/// Rewrites method bodies into IL that nanoCLR runs in fewer host instructions and that computes exactly the same
/// (the prices are board-cost.md's, in tools/LiquidFlight.Benchmarks/HostCostTable.cs). The C# compiler's IL is
/// written for the JIT, which rebuilds it anyway; the interpreter runs it opcode by opcode, so four things the
/// compiler does cost the board on every executed opcode or call:
/// <list type="number">
/// <item>A long constant within int range is emitted as <c>ldc.i4 v; conv.i8</c> (112 host instructions, 94 for a
/// short form) where <c>ldc.i8 v</c> costs 62; with <c>conv.u8</c> likewise. Folded, unless the conversion is a
/// branch target, an exception-region boundary or a sequence point (it then stays as it is).</item>
/// <item>Every user local gets its own slot, even in disjoint blocks, and the interpreter zeroes each slot on every
/// call (41 per local). Locals of the same type whose live ranges do not interfere share a slot (liveness over the
/// method's control flow, loops included). Kept apart: locals whose address is taken, pinned or by-reference
/// locals, a local that may be read before it is written (it relies on the zero initialisation), and every local
/// of a method with exception handlers.</item>
/// <item><c>stloc v; ldloc v</c> becomes <c>dup; stloc v</c>, and <c>ldloc v; ldloc v</c> becomes
/// <c>ldloc v; dup</c> (a dup costs 44, a local load 49-54), unless the second instruction is a branch target; only
/// for int, long, their unsigned forms and references, whose store does not narrow or round the value.</item>
/// <item>Locals are renumbered by use (a load counts five, a store one), so the most used take slots 0-3, whose
/// load and store opcodes cost 49 and 41 against 54 and 42.</item>
/// </list>
/// Debug information stays valid: sequence points and scopes keep their instructions, and a shared slot carries
/// the names of all the locals it holds. The pass is idempotent: a second run changes nothing.
/// </summary>
public static class InterpreterIlPass
{
    public static IlPassResult Run(ModuleDefinition module)
    {
        int methods = 0, folded = 0, removed = 0, reuses = 0, reordered = 0;
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
                int r = ShareLocals(body, out Dictionary<VariableDefinition, VariableDefinition>? slotOf);
                int s = ReuseStackValues(method);
                bool o = OrderLocalsByUse(body);
                if (r != 0 || o)
                {
                    RebindDebugNames(method, declared, names, slotOf);
                }

                body.OptimizeMacros();
                if (f + r + s != 0 || o)
                {
                    methods++;
                }

                folded += f;
                removed += r;
                reuses += s;
                reordered += o ? 1 : 0;
            }
        }

        return new IlPassResult(methods, folded, removed, reuses, reordered);
    }

    /// <summary>The pass over an assembly image without symbols (il-count's in-memory compile).</summary>
    public static byte[] Run(byte[] assembly, out IlPassResult result)
    {
        using var module = ModuleDefinition.ReadModule(new MemoryStream(assembly), new ReaderParameters(ReadingMode.Immediate));
        result = Run(module);
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

    private static VariableDefinition? Local(Instruction i) =>
        i.OpCode.Code is Code.Ldloc or Code.Stloc or Code.Ldloca ? (VariableDefinition)i.Operand : null;

    private static int ShareLocals(MethodBody body, out Dictionary<VariableDefinition, VariableDefinition>? slotOfLocal)
    {
        slotOfLocal = null;
        int count = body.Variables.Count;
        if (count < 2 || body.HasExceptionHandlers)
        {
            return 0;
        }

        (List<Instruction> code, BitArray[] liveIn, BitArray[] liveOut) = Liveness(body);
        int n = code.Count;

        var keepApart = new bool[count];
        var used = new bool[count];
        foreach (VariableDefinition v in body.Variables)
        {
            // Live at entry: read before any write on some path, relying on the zero initialisation. The interference
            // below already keeps such a local from any slot written while it is live; kept apart as well, so that
            // its zero never depends on that reasoning.
            keepApart[v.Index] = v.IsPinned || v.VariableType.IsByReference || liveIn[0][v.Index];
        }

        foreach (Instruction i in code)
        {
            VariableDefinition? v = Local(i);
            if (v != null)
            {
                used[v.Index] = true;
                keepApart[v.Index] |= i.OpCode.Code == Code.Ldloca;
            }
        }

        // A store interferes with every other local live after it.
        var interferes = new bool[count, count];
        for (int i = 0; i < n; i++)
        {
            if (code[i].OpCode.Code != Code.Stloc)
            {
                continue;
            }

            int d = ((VariableDefinition)code[i].Operand).Index;
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
        var slotOf = new int[count];
        var slots = new List<List<int>>();
        for (int v = 0; v < count; v++)
        {
            slotOf[v] = -1;
            if (!used[v])
            {
                continue;
            }

            if (!keepApart[v])
            {
                string type = body.Variables[v].VariableType.FullName;
                for (int s = 0; s < slots.Count && slotOf[v] < 0; s++)
                {
                    List<int> members = slots[s];
                    if (!keepApart[members[0]] && body.Variables[members[0]].VariableType.FullName == type
                        && members.TrueForAll(m => !interferes[m, v]))
                    {
                        members.Add(v);
                        slotOf[v] = s;
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
        List<VariableDefinition> kept = slots.Select(s => old[s[0]]).ToList();
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

    /// <summary>Live-in and live-out locals per instruction (no exception handlers), to the fixed point.</summary>
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
