using Mono.Cecil;
using Mono.Cecil.Cil;
using Mono.Cecil.Rocks;

namespace LiquidFlight.IlPass;

/// <summary>Where a call was inlined: the callee's code in its caller, as IL offsets of the rewritten body.</summary>
/// <param name="Caller">The caller's <see cref="MemberReference.FullName"/>.</param>
/// <param name="Callee">The inlined method's <see cref="MemberReference.FullName"/>.</param>
/// <param name="Start">Offset of the first instruction of the callee's code.</param>
/// <param name="End">Offset just after its last instruction.</param>
/// <param name="Within">The inlined methods it came through, innermost first (empty when <paramref name="Callee"/>'s
/// call was in the caller itself; [PollRc] for RcChannelMap.Apply's code that came into RunOnce with PollRc's).</param>
public sealed record InlinedCode(string Caller, string Callee, int Start, int End, IReadOnlyList<string> Within);

public static partial class InterpreterIlPass
{
    /// <summary>The attribute, by its simple name, that marks a method whose calls the pass inlines.</summary>
    public const string InlineAttributeName = "InterpreterInlineAttribute";

    /// <summary>
    /// Inlining, before every other rule: each <c>call</c> or <c>callvirt</c> of a method of the module marked
    /// <c>[InterpreterInline]</c> becomes the method's body. A call pair costs the interpreter 447-483 host instructions
    /// plus 41 for every local of the callee, zeroed on each call (board-cost.md); inlined, the arguments go into
    /// locals of the caller (one store each, where the call's frame took them for nothing), the callee's locals
    /// become the caller's (then shared with the caller's own by the slot rule), and each <c>ret</c> becomes a branch
    /// to the instruction after the call. The instruction that was the call becomes the first of the inlined code, so
    /// branches, exception regions and sequence points that pointed at it still lead there.
    /// <para>A marked method must be one the body can stand in for exactly, or the pass fails with the reason: a body
    /// that is not virtual (or is final), not generic, of a class (a struct's <c>this</c> is a reference), with no
    /// exception handler, no pointer parameter, no by-reference or pointer local, no by-reference parameter reassigned,
    /// no address taken of an argument or a local (<c>ldarga</c>, <c>ldloca</c>), and no cycle of marked methods (a
    /// marked method that calls marked ones has their bodies inlined first). A by-reference parameter is inlined only
    /// where its argument can be loaded again at each use (the caller's argument or local, or <c>ldflda</c> on one):
    /// a call whose by-reference argument is anything else (a local's or an element's address) stays a call. The
    /// C# compiler assigns every local before reading it, so the callee's locals need no zeroing at each inlined run.
    /// A null receiver is not tested where the call's <c>callvirt</c> tested it: the marked methods are called on
    /// objects created at start-up.</para>
    /// </summary>
    private static int InlineMarkedCalls(ModuleDefinition module, Dictionary<Instruction, MethodDefinition[]> origin,
        HashSet<MethodDefinition> callers)
    {
        List<MethodDefinition> all = module.Types.SelectMany(AllTypes).SelectMany(t => t.Methods).Where(m => m.HasBody).ToList();
        var marked = all.Where(m => m.CustomAttributes.Any(a => a.AttributeType.Name == InlineAttributeName)).ToHashSet();
        if (marked.Count == 0)
        {
            return 0;
        }

        foreach (MethodDefinition callee in marked)
        {
            string? why = WhyNotInlinable(callee);
            if (why != null)
            {
                throw new InvalidOperationException($"[InterpreterInline] {callee.FullName}: {why}");
            }

            callee.Body.SimplifyMacros();
        }

        // Marked methods that call marked methods take their callees' bodies first (leaves first), so that a body is
        // always inlined whole; a cycle cannot be.
        var order = new List<MethodDefinition>();
        var state = new Dictionary<MethodDefinition, bool>();
        void Visit(MethodDefinition m)
        {
            if (state.TryGetValue(m, out bool done))
            {
                if (!done)
                {
                    throw new InvalidOperationException($"[InterpreterInline] {m.FullName}: it calls itself through marked methods");
                }

                return;
            }

            state[m] = false;
            foreach (Instruction i in m.Body.Instructions)
            {
                if (CallOfMarked(i) is { } inner)
                {
                    Visit(inner);
                }
            }

            state[m] = true;
            order.Add(m);
        }

        foreach (MethodDefinition m in marked)
        {
            Visit(m);
        }

        int sites = 0;
        foreach (MethodDefinition caller in order.Concat(all.Where(m => !marked.Contains(m))))
        {
            List<Instruction> calls = caller.Body.Instructions.Where(i => CallOfMarked(i) != null).ToList();
            if (calls.Count != 0)
            {
                caller.Body.SimplifyMacros();
                callers.Add(caller);
                foreach (Instruction i in caller.Body.Instructions)
                {
                    origin.TryAdd(i, []);
                }

                foreach (Instruction site in calls)
                {
                    if (site.Previous is { OpCode.OpCodeType: OpCodeType.Prefix })
                    {
                        throw new InvalidOperationException($"[InterpreterInline] {caller.FullName}: a prefixed call of {site.Operand} cannot be inlined");
                    }

                    if (Inline(caller.Body, site, CallOfMarked(site)!, origin))
                    {
                        sites++;
                    }
                }

                // Offsets for the new instructions: the rules find the instructions that debug information anchors by
                // offset, and a new instruction's 0 would match the method's first sequence point.
                ComputeOffsets(caller.Body);
            }

            if (marked.Contains(caller))
            {
                OpenToAssembly(caller);
            }
        }

        return sites;

        // A method of this module is referenced by its definition (Cecil resolves nothing outside the module here).
        MethodDefinition? CallOfMarked(Instruction i) =>
            i.OpCode.Code is Code.Call or Code.Callvirt && i.Operand is MethodDefinition d && marked.Contains(d) ? d : null;
    }

    /// <summary>
    /// A private member the callee's body uses (a field, a method, a nested type) becomes internal: the inlined code
    /// runs in another type of the same assembly, where the runtime would refuse it private access. Same assembly,
    /// same behaviour; only the metadata's accessibility widens.
    /// </summary>
    private static void OpenToAssembly(MethodDefinition callee)
    {
        foreach (Instruction i in callee.Body.Instructions)
        {
            switch (i.Operand)
            {
                case FieldDefinition fd:
                    if (fd.IsPrivate || fd.IsFamily || fd.IsFamilyAndAssembly)
                    {
                        fd.Attributes = (fd.Attributes & ~FieldAttributes.FieldAccessMask) | FieldAttributes.Assembly;
                    }

                    OpenType(fd.DeclaringType);
                    break;
                case MethodDefinition md:
                    if (md.IsPrivate || md.IsFamily || md.IsFamilyAndAssembly)
                    {
                        md.Attributes = (md.Attributes & ~MethodAttributes.MemberAccessMask) | MethodAttributes.Assembly;
                    }

                    OpenType(md.DeclaringType);
                    break;
                case TypeDefinition td:
                    OpenType(td);
                    break;
            }
        }

        static void OpenType(TypeDefinition? t)
        {
            for (; t != null && t.IsNested; t = t.DeclaringType)
            {
                if (t.IsNestedPrivate || t.IsNestedFamily || t.IsNestedFamilyAndAssembly)
                {
                    t.Attributes = (t.Attributes & ~TypeAttributes.VisibilityMask) | TypeAttributes.NestedAssembly;
                }
            }
        }
    }

    private static string? WhyNotInlinable(MethodDefinition m)
    {
        MethodBody body = m.Body;
        if (m.IsVirtual && !m.IsFinal)
        {
            return "a virtual method (a call may run an override)";
        }

        if (m.HasGenericParameters || m.DeclaringType.HasGenericParameters)
        {
            return "generic";
        }

        if (!m.IsStatic && m.DeclaringType.IsValueType)
        {
            return "an instance method of a struct (its this is a reference)";
        }

        if (body.HasExceptionHandlers)
        {
            return "it has an exception handler";
        }

        if (m.Parameters.Any(p => p.ParameterType.IsPointer)
            || body.Variables.Any(v => v.VariableType.IsByReference || v.VariableType.IsPointer || v.IsPinned))
        {
            return "a pointer parameter, or a by-reference or pointer local";
        }

        if (body.Instructions.Any(i => i.OpCode.Code is Code.Starg or Code.Starg_S && ((ParameterDefinition)i.Operand).ParameterType.IsByReference))
        {
            return "it reassigns a by-reference parameter";
        }

        foreach (Instruction i in body.Instructions)
        {
            switch (i.OpCode.Code)
            {
                case Code.Ldarga:
                case Code.Ldarga_S:
                case Code.Ldloca:
                case Code.Ldloca_S:
                    return "it takes the address of an argument or a local";
                case Code.Jmp:
                case Code.Localloc:
                case Code.Arglist:
                case Code.Tail:
                    return $"it uses {i.OpCode.Name}";
            }
        }

        return null;
    }

    private static bool Inline(MethodBody caller, Instruction site, MethodDefinition callee, Dictionary<Instruction, MethodDefinition[]> origin)
    {
        MethodBody body = callee.Body;
        var parameters = new List<ParameterDefinition>();
        if (!callee.IsStatic)
        {
            parameters.Add(body.ThisParameter);
        }

        parameters.AddRange(callee.Parameters);

        // The last arguments, where each was pushed by one instruction of its own right before the call (a local, an
        // argument or a constant, on straight-line code: nothing branches to it or to the call, and no sequence point
        // starts there), are not stored: each use in the body loads the same again (the inlined code writes no local
        // or argument of the caller), unless the body writes that parameter, whose load then stays and is stored
        // (the loads before it can still go: each only pushes a value).
        var written = body.Instructions.Where(i => i.OpCode.Code == Code.Starg).Select(i => (ParameterDefinition)i.Operand).ToHashSet();
        ComputeOffsets(caller);
        HashSet<Instruction> anchored = Anchored(caller.Method, withDebugInfo: true);
        // A by-reference argument is never stored (that would need a by-reference local, which Core does not use and
        // nanoCLR's cost of is not measured): it must be such a load, or the address of a field of an object such a
        // load gives (ldflda on a local or an argument of the caller: the same address at every use). A call where
        // one is not stays a call.
        var substitute = new Dictionary<ParameterDefinition, Instruction[]>();
        int stored = parameters.Count;
        if (!anchored.Contains(site))
        {
            Instruction? push = site.Previous;
            while (stored > 0 && push != null && !anchored.Contains(push))
            {
                ParameterDefinition p = parameters[stored - 1];
                Instruction[] pushed;
                if (written.Contains(p) && IsSimplePush(push))
                {
                    // Written by the body: its load stays where it is and is stored below; the loads before it can
                    // still be taken out (each only pushes a value).
                    push = push.Previous;
                    stored--;
                    continue;
                }

                if (written.Contains(p))
                {
                    break;
                }

                if (IsSimplePush(push))
                {
                    pushed = [push];
                }
                else if (p.ParameterType.IsByReference && push.OpCode.Code == Code.Ldflda && push.Previous is { } b
                         && b.OpCode.Code is Code.Ldloc or Code.Ldarg && !anchored.Contains(b))
                {
                    pushed = [b, push];
                }
                else
                {
                    break;
                }

                substitute[p] = pushed;
                push = pushed[0].Previous;
                stored--;
            }
        }

        if (parameters.Any(p => p.ParameterType.IsByReference && !substitute.ContainsKey(p)))
        {
            return false;
        }

        foreach (Instruction i in substitute.Values.SelectMany(x => x))
        {
            caller.Instructions.Remove(i);
        }

        var arguments = new Dictionary<ParameterDefinition, VariableDefinition>();
        var order = new List<VariableDefinition>();
        foreach (ParameterDefinition p in parameters.Where(p => !substitute.ContainsKey(p)))
        {
            var v = new VariableDefinition(p.ParameterType);
            arguments[p] = v;
            order.Add(v);
        }

        var locals = new Dictionary<VariableDefinition, VariableDefinition>();
        foreach (VariableDefinition v in body.Variables)
        {
            locals[v] = new VariableDefinition(v.VariableType);
        }

        foreach (VariableDefinition v in order.Concat(locals.Values))
        {
            caller.Variables.Add(v);
        }

        Instruction after = site.Next;
        var code = new List<Instruction>();
        // The arguments, last on the stack first.
        for (int k = order.Count - 1; k >= 0; k--)
        {
            code.Add(Instruction.Create(OpCodes.Stloc, order[k]));
        }

        var clone = new Dictionary<Instruction, Instruction>();
        // Which instruction of the body each new one copies: code the body itself had inlined keeps its own origin.
        var from = new Dictionary<Instruction, Instruction>();
        foreach (Instruction i in body.Instructions)
        {
            if (i.OpCode.Code == Code.Ldarg && substitute.TryGetValue((ParameterDefinition)i.Operand, out Instruction[]? pushed))
            {
                // The argument's own load (one or two instructions) again; a branch to the ldarg goes to its first.
                Instruction[] again = pushed.Select(Copy).ToArray();
                clone[i] = again[0];
                code.AddRange(again);
                foreach (Instruction a in again)
                {
                    from[a] = i;
                }

                continue;
            }

            Instruction c = i.OpCode.Code switch
            {
                Code.Ldarg => Instruction.Create(OpCodes.Ldloc, arguments[(ParameterDefinition)i.Operand]),
                Code.Starg => Instruction.Create(OpCodes.Stloc, arguments[(ParameterDefinition)i.Operand]),
                Code.Ldloc => Instruction.Create(OpCodes.Ldloc, locals[(VariableDefinition)i.Operand]),
                Code.Stloc => Instruction.Create(OpCodes.Stloc, locals[(VariableDefinition)i.Operand]),
                Code.Ret => Instruction.Create(OpCodes.Br, after),
                _ => Copy(i),
            };
            clone[i] = c;
            from[c] = i;
            code.Add(c);
        }

        foreach (Instruction c in clone.Values)
        {
            if (c.Operand is Instruction t && clone.TryGetValue(t, out Instruction? ct))
            {
                c.Operand = ct;
            }
            else if (c.Operand is Instruction[] ts)
            {
                c.Operand = ts.Select(x => clone[x]).ToArray();
            }
        }

        // A branch to the next instruction at the end goes: the code falls through to it (and what branched to the
        // callee's last ret now branches to that instruction).
        Instruction end = code[^1];
        if (code.Count > 1 && end.OpCode.Code == Code.Br && end.Operand == after)
        {
            code.RemoveAt(code.Count - 1);
            foreach (Instruction c in code)
            {
                if (c.Operand == end)
                {
                    c.Operand = after;
                }
                else if (c.Operand is Instruction[] ts)
                {
                    c.Operand = ts.Select(x => x == end ? after : x).ToArray();
                }
            }
        }

        // The call instruction becomes the first of the code (everything that pointed at the call now points there).
        Instruction first = code[0];
        site.OpCode = first.OpCode;
        site.Operand = first.Operand;
        foreach (Instruction c in code)
        {
            if (c.Operand == first)
            {
                c.Operand = site;
            }
            else if (c.Operand is Instruction[] ts)
            {
                c.Operand = ts.Select(x => x == first ? site : x).ToArray();
            }
        }

        code[0] = site;
        if (from.TryGetValue(first, out Instruction? copied))
        {
            from[site] = copied;
        }

        ILProcessor il = caller.GetILProcessor();
        Instruction previous = site;
        foreach (Instruction c in code.Skip(1))
        {
            il.InsertAfter(previous, c);
            previous = c;
        }

        foreach (Instruction c in code)
        {
            // The methods the code came through, innermost first: what the body had inlined keeps its own.
            MethodDefinition[] inner = from.TryGetValue(c, out Instruction? o) && origin.TryGetValue(o, out MethodDefinition[]? chain) ? chain : [];
            origin[c] = [.. inner, callee];
        }

        return true;
    }

    private static bool IsSimplePush(Instruction i) => i.OpCode.Code is Code.Ldloc or Code.Ldarg or Code.Ldnull
        or Code.Ldc_I4 or Code.Ldc_I8 or Code.Ldc_R4 or Code.Ldc_R8;

    private static Instruction Copy(Instruction i)
    {
        // Instruction.Create has one overload per operand type; the copy keeps opcode and operand as they are (branch
        // operands are remapped by the caller).
        Instruction c = Instruction.Create(OpCodes.Nop);
        c.OpCode = i.OpCode;
        c.Operand = i.Operand;
        return c;
    }

    /// <summary>
    /// The inlined code of <paramref name="method"/>'s final body as offset ranges. The inliner recorded where each
    /// instruction came from (the caller's own, or the methods it was inlined through); one a later rule made (a
    /// <c>dup</c>, a moved load) between two of the same origin has that origin too, and otherwise the caller's.
    /// </summary>
    private static IEnumerable<InlinedCode> InlinedRanges(MethodDefinition method, Dictionary<Instruction, MethodDefinition[]> origin)
    {
        List<Instruction> code = method.Body.Instructions.ToList();
        var of = new MethodDefinition[]?[code.Count];
        for (int k = 0; k < code.Count; k++)
        {
            of[k] = origin.TryGetValue(code[k], out MethodDefinition[]? m) ? m : null;
        }

        for (int k = 0; k < code.Count; k++)
        {
            if (of[k] != null)
            {
                continue;
            }

            int next = k + 1;
            while (next < code.Count && of[next] == null)
            {
                next++;
            }

            MethodDefinition[] fill = k > 0 && next < code.Count && of[k - 1]!.SequenceEqual(of[next]!) ? of[next]! : [];
            for (int j = k; j < next; j++)
            {
                of[j] = fill;
            }

            k = next - 1;
        }

        for (int k = 0; k < code.Count;)
        {
            MethodDefinition[] m = of[k]!;
            int start = k;
            while (k < code.Count && of[k]!.SequenceEqual(m))
            {
                k++;
            }

            if (m.Length != 0)
            {
                Instruction last = code[k - 1];
                yield return new InlinedCode(method.FullName, m[0].FullName, code[start].Offset, last.Offset + last.GetSize(),
                    m.Skip(1).Select(x => x.FullName).ToArray());
            }
        }
    }
}
