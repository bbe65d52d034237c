using System.Diagnostics;
using System.Reflection;
using System.Runtime.Loader;
using LiquidFlight.IlPass;
using LiquidFlight.Tools.Tests.NanoGate;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace LiquidFlight.Tools.Tests.IlPass;

/// <summary>
/// The interpreter IL pass (tools/LiquidFlight.IlPass) must not change what any method computes: the samples run as
/// the compiler left them (this assembly) and as rewritten (a copy in its own load context) on seeded random inputs;
/// the rewritten IL must have the shape the pass promises; and the Core that every other test runs has been through it.
/// </summary>
public class InterpreterIlPassTests
{
    private static readonly Lazy<(Type Samples, IlPassResult Result, ModuleDefinition Module)> Rewritten = new(() =>
    {
        byte[] image = File.ReadAllBytes(typeof(IlPassSamples).Assembly.Location);
        byte[] rewritten = InterpreterIlPass.Run(image, out IlPassResult result);
        var context = new AssemblyLoadContext("il-pass-samples", isCollectible: false);
        Assembly assembly = context.LoadFromStream(new MemoryStream(rewritten));
        ModuleDefinition module = ModuleDefinition.ReadModule(new MemoryStream(rewritten));
        return (assembly.GetType(typeof(IlPassSamples).FullName!)!, result, module);
    });

    private static object? Invoke(Type samples, string name, params object[] args) =>
        samples.GetMethod(name)!.Invoke(null, args);

    private static readonly Lazy<ModuleDefinition> Compiled = new(() => ModuleDefinition.ReadModule(typeof(IlPassSamples).Assembly.Location));

    private static MethodDefinition RewrittenMethod(string name) =>
        Rewritten.Value.Module.GetType(typeof(IlPassSamples).FullName).Methods.Single(m => m.Name == name);

    private static MethodDefinition CompiledMethod(string name) =>
        Compiled.Value.GetType(typeof(IlPassSamples).FullName).Methods.Single(m => m.Name == name);

    [Fact]
    public void Every_sample_computes_the_same_after_the_pass()
    {
        Type samples = Rewritten.Value.Samples;
        var random = new Random(20261207);
        for (int k = 0; k < 2000; k++)
        {
            long x = random.NextInt64(-(1L << 40), 1L << 40);
            int small = random.Next(-1000, 1000);
            Assert.Equal(IlPassSamples.Constants(x), Invoke(samples, nameof(IlPassSamples.Constants), x));
            Assert.Equal(IlPassSamples.DisjointBlocks(x, (k & 1) == 0), Invoke(samples, nameof(IlPassSamples.DisjointBlocks), x, (k & 1) == 0));
            Assert.Equal(IlPassSamples.Loop(k % 40, x), Invoke(samples, nameof(IlPassSamples.Loop), k % 40, x));
            Assert.Equal(IlPassSamples.FlagThenCount((int)x, small), Invoke(samples, nameof(IlPassSamples.FlagThenCount), (int)x, small));
            Assert.Equal(IlPassSamples.StoresThatRound(x / 1e6), Invoke(samples, nameof(IlPassSamples.StoresThatRound), x / 1e6));
            Assert.Equal(IlPassSamples.Ints(small, small / 3), Invoke(samples, nameof(IlPassSamples.Ints), small, small / 3));
            Assert.Equal(IlPassSamples.CarriedOnce(x, x >> (k & 7)), Invoke(samples, nameof(IlPassSamples.CarriedOnce), x, x >> (k & 7)));
            Assert.Equal(IlPassSamples.Copies(x, k % 30), Invoke(samples, nameof(IlPassSamples.Copies), x, k % 30));
            Assert.Equal(IlPassSamples.ZeroStores(x, k % 7), Invoke(samples, nameof(IlPassSamples.ZeroStores), x, k % 7));
            int[] values = new int[k % 3];
            Array.Fill(values, small);
            Assert.Equal(IlPassSamples.Guarded(x, values), Invoke(samples, nameof(IlPassSamples.Guarded), x, values));
        }
    }

    [Fact]
    public void Long_constants_become_one_wide_load_except_at_a_join()
    {
        MethodDefinition m = RewrittenMethod(nameof(IlPassSamples.Constants));
        var branchTargets = m.Body.Instructions.Select(i => i.Operand).OfType<Instruction>().ToHashSet();
        List<Instruction> code = m.Body.Instructions.ToList();
        for (int k = 1; k < code.Count; k++)
        {
            bool pair = code[k].OpCode.Code is Code.Conv_I8 or Code.Conv_U8 && code[k - 1].OpCode.Name.StartsWith("ldc.i4", StringComparison.Ordinal);
            Assert.False(pair && !branchTargets.Contains(code[k]), $"{code[k - 1]}; {code[k]} left unfolded");
        }

        Assert.Contains(code, i => i.OpCode.Code == Code.Ldc_I8 && (long)i.Operand == 32768);
        Assert.Contains(code, i => i.OpCode.Code == Code.Ldc_I8 && (long)i.Operand == uint.MaxValue);
        // The conditional's two int constants meet at one conv.i8, a branch target: it stays.
        Assert.Contains(code, i => i.OpCode.Code == Code.Conv_I8 && branchTargets.Contains(i));
    }

    [Fact]
    public void Locals_of_disjoint_blocks_share_slots_and_carried_ones_do_not()
    {
        MethodDefinition original = CompiledMethod(nameof(IlPassSamples.DisjointBlocks));
        MethodDefinition shared = RewrittenMethod(nameof(IlPassSamples.DisjointBlocks));
        // r lives throughout; a/b and d/e are disjoint, g follows both: 7 locals need at most 3 slots.
        Assert.True(original.Body.Variables.Count >= 6, $"the sample compiled to {original.Body.Variables.Count} locals");
        Assert.InRange(shared.Body.Variables.Count, 1, 3);
    }

    [Fact]
    public void A_bool_shares_an_int_slot_and_the_slot_stays_an_int()
    {
        MethodDefinition original = CompiledMethod(nameof(IlPassSamples.FlagThenCount));
        MethodDefinition shared = RewrittenMethod(nameof(IlPassSamples.FlagThenCount));
        int Bools(MethodDefinition m) => m.Body.Variables.Count(v => v.VariableType.MetadataType == MetadataType.Boolean);
        int Ints(MethodDefinition m) => m.Body.Variables.Count(v => v.VariableType.MetadataType == MetadataType.Int32);
        Assert.True(Bools(original) >= 2 && Ints(original) >= 2, $"the sample compiled to {Bools(original)} bools and {Ints(original)} ints");
        // The flags die before k and m are written: they go into int slots, and no slot is left a bool.
        Assert.Equal(0, Bools(shared));
        Assert.True(Ints(shared) < Ints(original) + Bools(original), $"{Ints(shared)} int slots");
        Assert.Equal(1, shared.Body.Variables.Count(v => v.VariableType.MetadataType == MetadataType.Int64));
    }

    [Fact]
    public void A_method_with_a_catch_shares_slots_but_not_with_a_local_its_handler_reads()
    {
        MethodDefinition original = CompiledMethod(nameof(IlPassSamples.Guarded));
        MethodDefinition shared = RewrittenMethod(nameof(IlPassSamples.Guarded));
        // kept, r, first and second: first and second share, kept and r stay apart (the seeded runs above check the
        // handler's sum on empty and one-element arrays).
        Assert.True(original.Body.Variables.Count >= 4, $"the sample compiled to {original.Body.Variables.Count} locals");
        Assert.InRange(shared.Body.Variables.Count, 3, original.Body.Variables.Count - 1);
    }

    [Fact]
    public void A_store_that_narrows_or_rounds_is_not_replaced_by_a_dup()
    {
        MethodDefinition m = RewrittenMethod(nameof(IlPassSamples.StoresThatRound));
        // The sample stores a float and a byte and reads each twice: both stores and their loads stay.
        var stored = new List<MetadataType>();
        foreach (Instruction i in m.Body.Instructions)
        {
            VariableDefinition? v = StoredLocal(i, m.Body);
            if (v == null)
            {
                continue;
            }

            stored.Add(v.VariableType.MetadataType);
            if (v.VariableType.MetadataType is MetadataType.Single or MetadataType.Byte)
            {
                Assert.False(i.Previous?.OpCode.Code == Code.Dup, $"the store to a {v.VariableType.Name} local takes a dup's copy");
            }
        }

        Assert.Contains(MetadataType.Single, stored);
        Assert.Contains(MetadataType.Byte, stored);
    }

    private static VariableDefinition? StoredLocal(Instruction i, Mono.Cecil.Cil.MethodBody body) => i.OpCode.Code switch
    {
        Code.Stloc_0 => body.Variables[0],
        Code.Stloc_1 => body.Variables[1],
        Code.Stloc_2 => body.Variables[2],
        Code.Stloc_3 => body.Variables[3],
        Code.Stloc_S or Code.Stloc => (VariableDefinition)i.Operand,
        _ => null,
    };

    [Fact]
    public void A_local_read_before_any_write_keeps_its_zero()
    {
        // f(take) { b = 9; Sink = b; Sink = b; if (take) a = 5; return a; }: on the path without the store, a must read 0, so a
        // must not share b's slot although their written ranges do not overlap.
        var module = ModuleDefinition.CreateModule("ZeroInit", ModuleKind.Dll);
        var type = new TypeDefinition("Z", "Samples", Mono.Cecil.TypeAttributes.Public | Mono.Cecil.TypeAttributes.Abstract | Mono.Cecil.TypeAttributes.Sealed, module.TypeSystem.Object);
        module.Types.Add(type);
        var method = new MethodDefinition("F", Mono.Cecil.MethodAttributes.Public | Mono.Cecil.MethodAttributes.Static, module.TypeSystem.Int32);
        method.Parameters.Add(new ParameterDefinition(module.TypeSystem.Boolean));
        type.Methods.Add(method);
        var b = new VariableDefinition(module.TypeSystem.Int32);
        var a = new VariableDefinition(module.TypeSystem.Int32);
        method.Body.Variables.Add(b);
        method.Body.Variables.Add(a);
        method.Body.InitLocals = true;
        ILProcessor il = method.Body.GetILProcessor();
        Instruction load = il.Create(OpCodes.Ldloc, a);
        // b is read twice with a store between, so neither the stack nor the dead-store rule takes it.
        var sink = new FieldDefinition("Sink", Mono.Cecil.FieldAttributes.Public | Mono.Cecil.FieldAttributes.Static, module.TypeSystem.Int32);
        type.Fields.Add(sink);
        il.Emit(OpCodes.Ldc_I4, 9);
        il.Emit(OpCodes.Stloc, b);
        il.Emit(OpCodes.Ldloc, b);
        il.Emit(OpCodes.Stsfld, sink);
        il.Emit(OpCodes.Ldloc, b);
        il.Emit(OpCodes.Stsfld, sink);
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Brfalse, load);
        il.Emit(OpCodes.Ldc_I4, 5);
        il.Emit(OpCodes.Stloc, a);
        il.Append(load);
        il.Emit(OpCodes.Ret);
        var image = new MemoryStream();
        module.Write(image);

        byte[] rewritten = InterpreterIlPass.Run(image.ToArray(), out _);
        var context = new AssemblyLoadContext("il-pass-zero-init");
        MethodInfo f = context.LoadFromStream(new MemoryStream(rewritten)).GetType("Z.Samples")!.GetMethod("F")!;
        Assert.Equal(0, f.Invoke(null, [false]));
        Assert.Equal(5, f.Invoke(null, [true]));
        Assert.Equal(2, ModuleDefinition.ReadModule(new MemoryStream(rewritten)).GetType("Z.Samples").Methods[0].Body.Variables.Count);
    }

    /// <summary>
    /// A static method F(long x, long y) of one new assembly whose body <paramref name="emit"/> writes (locals from
    /// <paramref name="locals"/> of type long); returns the method as written and as rewritten by the pass.
    /// </summary>
    private static (MethodInfo Original, MethodInfo Rewritten, MethodDefinition Body) HandWritten(string name, int locals,
        Action<ILProcessor, VariableDefinition[], ModuleDefinition> emit)
    {
        var module = ModuleDefinition.CreateModule(name, ModuleKind.Dll);
        var type = new TypeDefinition("H", "Samples", Mono.Cecil.TypeAttributes.Public | Mono.Cecil.TypeAttributes.Abstract | Mono.Cecil.TypeAttributes.Sealed, module.TypeSystem.Object);
        module.Types.Add(type);
        var method = new MethodDefinition("F", Mono.Cecil.MethodAttributes.Public | Mono.Cecil.MethodAttributes.Static, module.TypeSystem.Int64);
        method.Parameters.Add(new ParameterDefinition(module.TypeSystem.Int64));
        method.Parameters.Add(new ParameterDefinition(module.TypeSystem.Int64));
        type.Methods.Add(method);
        var variables = new VariableDefinition[locals];
        for (int v = 0; v < locals; v++)
        {
            variables[v] = new VariableDefinition(module.TypeSystem.Int64);
            method.Body.Variables.Add(variables[v]);
        }

        method.Body.InitLocals = true;
        emit(method.Body.GetILProcessor(), variables, module);
        var image = new MemoryStream();
        module.Write(image);
        byte[] rewritten = InterpreterIlPass.Run(image.ToArray(), out _);
        MethodInfo Load(byte[] bytes, string context) =>
            new AssemblyLoadContext(context).LoadFromStream(new MemoryStream(bytes)).GetType("H.Samples")!.GetMethod("F")!;
        return (Load(image.ToArray(), name + "-compiled"), Load(rewritten, name + "-rewritten"),
            ModuleDefinition.ReadModule(new MemoryStream(rewritten)).GetType("H.Samples").Methods[0]);
    }

    private static void AssertSameResults(MethodInfo original, MethodInfo rewritten)
    {
        var random = new Random(7);
        for (int k = 0; k < 200; k++)
        {
            object[] args = [random.NextInt64(-(1L << 40), 1L << 40), random.NextInt64(-(1L << 40), 1L << 40)];
            Assert.Equal(original.Invoke(null, args), rewritten.Invoke(null, args));
        }
    }

    private static int Stores(MethodDefinition m) => m.Body.Instructions.Count(i => i.OpCode.Name.StartsWith("stloc", StringComparison.Ordinal));

    private static void TimesThree(ILProcessor il)
    {
        il.Emit(OpCodes.Ldarg_0);
        il.Emit(OpCodes.Ldc_I8, 3L);
        il.Emit(OpCodes.Mul);
    }

    [Fact]
    public void A_value_read_once_after_stack_neutral_code_waits_on_the_stack()
    {
        // a = 3x; b = y - x; return a - b * b: a waits under b's statement, and b's two reads take the stack's copies.
        var (original, rewritten, body) = HandWritten("carry-neutral", 2, (il, v, _) =>
        {
            TimesThree(il);
            il.Emit(OpCodes.Stloc, v[0]);
            il.Emit(OpCodes.Ldarg_1);
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Sub);
            il.Emit(OpCodes.Stloc, v[1]);
            il.Emit(OpCodes.Ldloc, v[0]);
            il.Emit(OpCodes.Ldloc, v[1]);
            il.Emit(OpCodes.Ldloc, v[1]);
            il.Emit(OpCodes.Mul);
            il.Emit(OpCodes.Sub);
            il.Emit(OpCodes.Ret);
        });
        AssertSameResults(original, rewritten);
        Assert.Equal(0, Stores(body));
        Assert.DoesNotContain(body.Body.Instructions, i => i.OpCode.Name.StartsWith("ldloc", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("add", true)]
    [InlineData("mul", true)]
    [InlineData("xor", true)]
    [InlineData("sub", false)]
    [InlineData("div", false)]
    [InlineData("shl", false)]
    public void A_value_read_after_another_waits_under_it_only_for_an_operation_that_commutes(string operation, bool carried)
    {
        // a = 3x; return y (op) a.
        OpCode op = operation switch
        {
            "add" => OpCodes.Add,
            "mul" => OpCodes.Mul,
            "xor" => OpCodes.Xor,
            "sub" => OpCodes.Sub,
            "div" => OpCodes.Div,
            _ => OpCodes.Shl,
        };
        var (original, rewritten, body) = HandWritten("carry-" + operation, 1, (il, v, _) =>
        {
            TimesThree(il);
            il.Emit(OpCodes.Ldc_I8, 1L);
            il.Emit(OpCodes.Or); // never 0, so div is defined
            il.Emit(OpCodes.Stloc, v[0]);
            il.Emit(OpCodes.Ldarg_1);
            il.Emit(OpCodes.Ldloc, v[0]);
            if (operation == "shl")
            {
                il.Emit(OpCodes.Conv_I4);
            }

            il.Emit(op);
            il.Emit(OpCodes.Ret);
        });
        AssertSameResults(original, rewritten);
        Assert.Equal(carried ? 0 : 1, Stores(body));
    }

    [Fact]
    public void A_value_read_twice_or_across_a_branch_stays_in_its_local()
    {
        // Read twice: a = 3x; b = y; return (a + b) * a.
        var (original, rewritten, body) = HandWritten("carry-twice", 2, (il, v, _) =>
        {
            TimesThree(il);
            il.Emit(OpCodes.Stloc, v[0]);
            il.Emit(OpCodes.Ldarg_1);
            il.Emit(OpCodes.Stloc, v[1]);
            il.Emit(OpCodes.Ldloc, v[0]);
            il.Emit(OpCodes.Ldloc, v[1]);
            il.Emit(OpCodes.Add);
            il.Emit(OpCodes.Ldloc, v[0]);
            il.Emit(OpCodes.Mul);
            il.Emit(OpCodes.Ret);
        });
        AssertSameResults(original, rewritten);
        Assert.Contains(body.Body.Instructions, i => i.OpCode.Name.StartsWith("stloc", StringComparison.Ordinal)
            && i.Previous.OpCode.Code == Code.Mul);

        // Across a branch: a = 3x; if (y != 0) x = 5 (argument store); return a + x.
        (original, rewritten, body) = HandWritten("carry-branch", 1, (il, v, _) =>
        {
            Instruction join = il.Create(OpCodes.Ldloc, v[0]);
            TimesThree(il);
            il.Emit(OpCodes.Stloc, v[0]);
            il.Emit(OpCodes.Ldarg_1);
            il.Emit(OpCodes.Brfalse, join);
            il.Emit(OpCodes.Ldc_I8, 5L);
            il.Emit(OpCodes.Starg, il.Body.Method.Parameters[0]);
            il.Append(join);
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Add);
            il.Emit(OpCodes.Ret);
        });
        AssertSameResults(original, rewritten);
        Assert.Equal(1, Stores(body));
    }

    [Fact]
    public void A_store_nothing_reads_goes()
    {
        // a = x; return y.
        var (original, rewritten, body) = HandWritten("dead-store", 1, (il, v, _) =>
        {
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Stloc, v[0]);
            il.Emit(OpCodes.Ldarg_1);
            il.Emit(OpCodes.Ret);
        });
        AssertSameResults(original, rewritten);
        Assert.Equal(0, Stores(body));
    }

    [Fact]
    public void A_copy_between_locals_that_come_to_share_a_slot_goes()
    {
        MethodDefinition compiled = CompiledMethod(nameof(IlPassSamples.Copies));
        static bool Copy(Instruction i) => i.OpCode.Name.StartsWith("ldloc", StringComparison.Ordinal)
            && i.Next?.OpCode.Name.StartsWith("stloc", StringComparison.Ordinal) == true;
        Assert.Contains(compiled.Body.Instructions, Copy);
        Assert.DoesNotContain(RewrittenMethod(nameof(IlPassSamples.Copies)).Body.Instructions, Copy);

        // At a join: v = x; return y != 0 ? v : x + 1, with the arm's load of v and the join's store to v one slot:
        // the arm's load goes and its branch skips the store.
        var (original, rewritten, body) = HandWritten("self-copy-join", 1, (il, v, _) =>
        {
            Instruction arm = il.Create(OpCodes.Ldloc, v[0]);
            Instruction join = il.Create(OpCodes.Stloc, v[0]);
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Stloc, v[0]);
            il.Emit(OpCodes.Ldarg_1);
            il.Emit(OpCodes.Brtrue, arm);
            il.Emit(OpCodes.Ldarg_0);
            il.Emit(OpCodes.Ldc_I8, 1L);
            il.Emit(OpCodes.Add);
            il.Emit(OpCodes.Br, join);
            il.Append(arm);
            il.Append(join);
            il.Emit(OpCodes.Ldloc, v[0]);
            il.Emit(OpCodes.Ret);
        });
        AssertSameResults(original, rewritten);
        Assert.DoesNotContain(body.Body.Instructions, Copy);
    }

    [Fact]
    public void A_zero_stored_where_the_slot_still_holds_its_initial_zero_goes_and_one_after_a_write_stays()
    {
        static bool Zero(Instruction i) => i.OpCode.Code is Code.Ldc_I4_0 || (i.OpCode.Code == Code.Ldc_I8 && (long)i.Operand == 0)
            || (i.OpCode.Code == Code.Conv_I8 && i.Previous.OpCode.Code == Code.Ldc_I4_0);
        static int ZeroStores(MethodDefinition m) =>
            m.Body.Instructions.Count(i => i.OpCode.Name.StartsWith("stloc", StringComparison.Ordinal) && Zero(i.Previous));
        MethodDefinition compiled = CompiledMethod(nameof(IlPassSamples.ZeroStores));
        // The compiler stores a, seen, r and the loop counter's zero before the loop, and a's zero in it.
        Assert.True(ZeroStores(compiled) >= 5, $"the sample compiled to {ZeroStores(compiled)} zero stores");
        Assert.Equal(1, ZeroStores(RewrittenMethod(nameof(IlPassSamples.ZeroStores))));
    }

    [Fact]
    public void A_second_pass_changes_nothing()
    {
        byte[] once = InterpreterIlPass.Run(File.ReadAllBytes(typeof(IlPassSamples).Assembly.Location), out IlPassResult first);
        Assert.True(first.ConstantsFolded > 0 && first.LocalsRemoved > 0 && first.StackReuses > 0 && first.ValuesCarried > 0
            && first.CopiesRemoved > 0 && first.DeadStores > 0 && first.ZeroStores > 0, first.ToString());
        InterpreterIlPass.Run(once, out IlPassResult second);
        Assert.Equal(0, second.Changes);
    }

    [Fact]
    public void The_Core_every_test_runs_has_been_through_the_pass()
    {
        // Core's build runs the pass (tools/LiquidFlight.IlPass/IlPass.targets); a raw compile of Core folds hundreds
        // of constants, so a pass over the Core these tests load finding nothing left shows the build applied it.
        string core = typeof(LiquidFlight.Core.Flight.BoardCycle).Assembly.Location;
        InterpreterIlPass.Run(File.ReadAllBytes(core), out IlPassResult again);
        Assert.Equal(0, again.Changes);
    }

    [Fact]
    public void No_branch_of_Core_keeps_its_long_form_where_the_short_one_fits()
    {
        // Shortening a branch moves a forward target 3 bytes nearer; the short form's offset counts from its own end.
        ModuleDefinition core = ModuleDefinition.ReadModule(typeof(LiquidFlight.Core.Flight.BoardCycle).Assembly.Location);
        var fits = new List<string>();
        int shortBranches = 0;
        foreach (MethodDefinition method in core.Types.SelectMany(t => t.NestedTypes.Prepend(t)).SelectMany(t => t.Methods).Where(m => m.HasBody))
        {
            foreach (Instruction ins in method.Body.Instructions)
            {
                shortBranches += ins.OpCode.OperandType == OperandType.ShortInlineBrTarget ? 1 : 0;
                if (ins.OpCode.OperandType != OperandType.InlineBrTarget)
                {
                    continue;
                }

                // Counted here, not with the pass' own helper: from its own end, 2 bytes long, a forward target 3 nearer.
                int target = ((Instruction)ins.Operand).Offset;
                int end = ins.Offset + 2;
                int offset = target > ins.Offset ? target - 3 - end : target - end;
                if (offset is >= -128 and <= 127)
                {
                    fits.Add($"{method.DeclaringType.Name}.{method.Name} {ins}");
                }
            }
        }

        Assert.True(shortBranches > 1000, $"{shortBranches} short branches");
        Assert.Empty(fits);
    }

    [Fact]
    public void The_command_line_refuses_a_missing_assembly_or_a_directory_with_one_line_and_exit_code_2()
    {
        string configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Debug{Path.DirectorySeparatorChar}") ? "Debug" : "Release";
        string dll = Path.Combine(NanoTestAssets.RepositoryRoot, "tools", "LiquidFlight.IlPass", "bin", configuration, "net10.0", "LiquidFlight.IlPass.dll");
        string directory = Path.GetTempPath().TrimEnd(Path.DirectorySeparatorChar);
        foreach ((string argument, string expected) in new[]
        {
            ("/nonexistent/Core.dll", "il-pass: assembly '/nonexistent/Core.dll' does not exist"),
            (directory, $"il-pass: '{directory}' is a directory, not an assembly"),
        })
        {
            var start = new ProcessStartInfo("dotnet", ["exec", dll, argument]) { RedirectStandardError = true, RedirectStandardOutput = true };
            using Process process = Process.Start(start)!;
            string error = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.Equal(2, process.ExitCode);
            Assert.Equal(expected, error.Trim());
        }
    }
}
