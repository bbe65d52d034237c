using Mono.Cecil;
using Mono.Cecil.Cil;

namespace LiquidFlight.Benchmarks;

/// <summary>
/// What one executed IL opcode costs the nanoFramework interpreter, in host instructions, dispatch included.
/// A copy of the per-opcode table of the project's shared measurement note <c>board-cost.md</c> ("Cost per
/// executed opcode, -Os": the upstream nanoCLR 1.17.0 interpreter, <c>targets/posix</c>, built at -Os as the
/// ESP32 images are, host instructions by callgrind, one construct at a time). Opcodes the note does not list are
/// priced like the nearest listed one (named at each line) and are rare on the cycle's path.
/// <para>Calls carry the whole call/return pair (so <c>ret</c> costs 0): a <c>call</c> 483, 447 when the callee
/// returns void; a <c>callvirt</c> of a non-virtual method 472 (the mean of 406 when the interpreter runs the frame
/// inlined and 537 when it does not; which one happens depends on the caller's own frame); a virtual or interface
/// dispatch 649; each plus 41 per local of the callee (the interpreter zeroes them on every call) and 855 more per
/// local of a value type other than a primitive (allocated on the heap). il-count charges that frame when the callee
/// starts (<see cref="FramePrice"/>), not at the call site, so a virtual or interface call pays the frame of the
/// method that actually runs.</para>
/// </summary>
public static class HostCostTable
{
    public const int CallPerLocal = 41;
    public const int CallPerStructLocal = 855;

    /// <summary>A callee's locals, as its body declares them: all, and those of a non-primitive value type.</summary>
    public readonly record struct CalleeLocals(int Locals, int StructLocals);

    /// <summary>
    /// Host instructions for one execution of <paramref name="ins"/> in the form the compiler emitted it (short and
    /// long forms differ); <paramref name="locals"/> gives a callee's locals, or null when its body is not known.
    /// </summary>
    public static int Price(Instruction ins, Func<MethodReference, CalleeLocals?> locals)
    {
        Code code = ins.OpCode.Code;
        switch (code)
        {
            case Code.Call:
            case Code.Callvirt:
            case Code.Newobj:
                return CallPrice(ins, locals);
            case Code.Ret:
                return 0;
            case Code.Nop:
            case Code.Pop:
            case Code.Endfinally:
                return 14;
            case Code.Ldloc_0:
            case Code.Ldloc_1:
            case Code.Ldloc_2:
            case Code.Ldloc_3:
                return 49;
            case Code.Ldloc_S:
            case Code.Ldloc:
                return 54;
            case Code.Stloc_0:
            case Code.Stloc_1:
            case Code.Stloc_2:
            case Code.Stloc_3:
                return 41;
            case Code.Stloc_S:
            case Code.Stloc:
                return 42;
            case Code.Ldarg_0:
                return 48;
            case Code.Ldarg_1:
            case Code.Ldarg_2:
            case Code.Ldarg_3:
                return 50;
            case Code.Ldarg_S:
            case Code.Ldarg:
                return 54;
            case Code.Starg_S:
            case Code.Starg:
                return 39;
            case Code.Ldc_I4_M1:
            case Code.Ldc_I4_0:
            case Code.Ldc_I4_1:
            case Code.Ldc_I4_2:
            case Code.Ldc_I4_3:
            case Code.Ldc_I4_4:
            case Code.Ldc_I4_5:
            case Code.Ldc_I4_6:
            case Code.Ldc_I4_7:
            case Code.Ldc_I4_8:
            case Code.Ldnull: // like a short constant
                return 23;
            case Code.Ldc_I4_S:
                return 27;
            case Code.Ldc_I4:
                return 41;
            case Code.Ldc_I8:
                return 62;
            case Code.Dup:
                return 44;
            case Code.Ldloca_S:
            case Code.Ldloca:
            case Code.Ldarga_S: // like ldloca
            case Code.Ldarga:
                return 47;
            case Code.Add:
            case Code.Sub:
            case Code.Mul:
            case Code.Add_Ovf: // like add
            case Code.Sub_Ovf:
            case Code.Mul_Ovf:
                return 38;
            case Code.Div:
            case Code.Div_Un:
                return 54;
            case Code.Rem:
            case Code.Rem_Un:
                return 59;
            case Code.And:
            case Code.Or:
            case Code.Xor:
                return 20;
            case Code.Shl:
                return 31;
            case Code.Shr:
                return 27;
            case Code.Shr_Un:
                return 28;
            case Code.Neg:
            case Code.Not: // like neg
                return 29;
            case Code.Ceq:
            case Code.Cgt:
            case Code.Cgt_Un:
            case Code.Clt:
            case Code.Clt_Un:
                return 90;
            case Code.Beq_S:
            case Code.Bne_Un_S:
            case Code.Blt_S:
            case Code.Blt_Un_S:
            case Code.Ble_S:
            case Code.Ble_Un_S:
            case Code.Bgt_S:
            case Code.Bgt_Un_S:
            case Code.Bge_S:
            case Code.Bge_Un_S:
                return 88;
            case Code.Beq:
            case Code.Bne_Un:
            case Code.Blt:
            case Code.Blt_Un:
            case Code.Ble:
            case Code.Ble_Un:
            case Code.Bgt:
            case Code.Bgt_Un:
            case Code.Bge:
            case Code.Bge_Un:
            case Code.Switch: // like a long compare-and-branch
                return 100;
            case Code.Brtrue_S:
            case Code.Brfalse_S:
                return 50;
            case Code.Brtrue:
            case Code.Brfalse:
                return 62;
            case Code.Br_S:
            case Code.Leave_S: // like br.s
                return 29;
            case Code.Br:
            case Code.Leave:
                return 41;
            case Code.Ldelem_I4:
            case Code.Ldelem_U4:
            case Code.Ldelem_I8:
            case Code.Ldelem_I:
            case Code.Ldelem_Any:
                return 106;
            case Code.Ldelem_I1:
            case Code.Ldelem_U1:
            case Code.Ldelem_I2:
            case Code.Ldelem_U2:
                return 114;
            case Code.Ldelem_Ref:
                return 139;
            case Code.Stelem_I4:
            case Code.Stelem_I8:
            case Code.Stelem_I1: // like stelem.i4
            case Code.Stelem_I2:
            case Code.Stelem_I:
            case Code.Stelem_Any:
                return 135;
            case Code.Stelem_Ref:
                return 558;
            case Code.Ldelema:
                return 73;
            case Code.Ldind_I8:
            case Code.Ldind_I4: // like ldind.i8
            case Code.Ldind_U4:
            case Code.Ldind_I1:
            case Code.Ldind_U1:
            case Code.Ldind_I2:
            case Code.Ldind_U2:
            case Code.Ldind_I:
            case Code.Ldind_Ref:
                return 63;
            case Code.Stind_I8:
            case Code.Stind_I4: // like stind.i8
            case Code.Stind_I1:
            case Code.Stind_I2:
            case Code.Stind_I:
            case Code.Stind_Ref:
                return 101;
            case Code.Ldfld:
            case Code.Ldobj: // like a field load
                return 156;
            case Code.Stfld:
            case Code.Stobj: // like a field store
            case Code.Initobj:
                return 145;
            case Code.Ldflda:
                return 149;
            case Code.Ldsfld:
            case Code.Ldsflda:
                return 153;
            case Code.Stsfld:
                return 138;
            case Code.Ldlen:
                return 62;
            case Code.Box:
            case Code.Unbox:
            case Code.Unbox_Any:
                return 434;
            case Code.Newarr:
                return 440;
            case Code.Conv_I4:
            case Code.Conv_U4:
            case Code.Conv_I1: // like conv.i4
            case Code.Conv_U1:
            case Code.Conv_I2:
            case Code.Conv_U2:
            case Code.Conv_I:
            case Code.Conv_U:
            case Code.Conv_Ovf_I4:
            case Code.Conv_Ovf_U4:
                return 48;
            case Code.Conv_I8:
            case Code.Conv_Ovf_I8:
                return 71;
            case Code.Conv_U8:
            case Code.Conv_Ovf_U8:
                return 60;
            case Code.Ldstr:
            case Code.Ldtoken:
            case Code.Ldftn:
                return 62; // like ldc.i8: a token load
            case Code.Castclass:
            case Code.Isinst:
                return 156; // like a field load: a token resolution
            case Code.Throw:
            case Code.Rethrow:
                return 1105; // like newobj: off the normal path
            default:
                return 54;
        }
    }

    /// <summary>A <c>callvirt</c> of a non-virtual (or sealed) method, the pair without the callee's frame.</summary>
    public const int SealedCallPrice = 472;

    private static int CallPrice(Instruction ins, Func<MethodReference, CalleeLocals?> locals)
    {
        var target = (MethodReference)ins.Operand;
        int frame = FramePrice(locals(target) ?? default);
        if (ins.OpCode.Code == Code.Newobj)
        {
            return 1105 + frame;
        }

        MethodDefinition? resolved = Resolve(target);
        bool dispatch = ins.OpCode.Code == Code.Callvirt
            && (resolved == null || (resolved.IsVirtual && !resolved.IsFinal && !resolved.DeclaringType.IsSealed) || resolved.DeclaringType.IsInterface);
        if (dispatch)
        {
            return 649 + frame;
        }

        if (ins.OpCode.Code == Code.Callvirt)
        {
            return SealedCallPrice + frame;
        }

        return (target.ReturnType.MetadataType == MetadataType.Void ? 447 : 483) + frame;
    }

    /// <summary>What a call pays for the callee's frame: its locals zeroed, and the value-type ones allocated.</summary>
    public static int FramePrice(CalleeLocals l) => (l.Locals * CallPerLocal) + (l.StructLocals * CallPerStructLocal);

    private static MethodDefinition? Resolve(MethodReference m)
    {
        if (m is MethodDefinition d)
        {
            return d;
        }

        try
        {
            return m.Resolve();
        }
        catch (AssemblyResolutionException)
        {
            return null;
        }
    }
}
