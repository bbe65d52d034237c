using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;

namespace LiquidFlight.NanoGate;

/// <summary>One decoded IL instruction: its offset, opcode and, where it has one, its metadata token or constant.</summary>
public readonly record struct IlInstruction(int Offset, OpCode OpCode, EntityHandle Token, double RealOperand)
{
    public string Location => $"IL_{Offset:x4} {OpCode.Name}";
}

/// <summary>
/// Walks a method body's IL. Operand sizes come from the runtime's own opcode table
/// (<see cref="System.Reflection.Emit.OpCodes"/>), so every valid instruction stream is decoded exactly.
/// </summary>
public static class IlReader
{
    private static readonly Dictionary<ushort, OpCode> OpCodesByValue = typeof(OpCodes)
        .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(op => unchecked((ushort)op.Value));

    public static IEnumerable<IlInstruction> Read(MethodBodyBlock body)
    {
        var il = body.GetILReader();
        while (il.RemainingBytes > 0)
        {
            int offset = il.Offset;
            ushort value = il.ReadByte();
            if (value == 0xFE)
            {
                value = (ushort)(0xFE00 | il.ReadByte());
            }
            if (!OpCodesByValue.TryGetValue(value, out var opCode))
            {
                throw new BadImageFormatException($"unknown IL opcode 0x{value:x} at IL_{offset:x4}");
            }

            EntityHandle token = default;
            double real = 0;
            switch (opCode.OperandType)
            {
                case OperandType.InlineNone:
                    break;
                case OperandType.ShortInlineBrTarget:
                case OperandType.ShortInlineI:
                case OperandType.ShortInlineVar:
                    il.ReadByte();
                    break;
                case OperandType.InlineVar:
                    il.ReadUInt16();
                    break;
                case OperandType.InlineBrTarget:
                case OperandType.InlineI:
                    il.ReadInt32();
                    break;
                case OperandType.InlineI8:
                    il.ReadInt64();
                    break;
                case OperandType.ShortInlineR:
                    real = il.ReadSingle();
                    break;
                case OperandType.InlineR:
                    real = il.ReadDouble();
                    break;
                case OperandType.InlineString:
                    il.ReadInt32();
                    break;
                case OperandType.InlineSwitch:
                    int targets = il.ReadInt32();
                    il.Offset += 4 * targets;
                    break;
                case OperandType.InlineField:
                case OperandType.InlineMethod:
                case OperandType.InlineSig:
                case OperandType.InlineTok:
                case OperandType.InlineType:
                    token = MetadataTokens.EntityHandle(il.ReadInt32());
                    break;
                default:
                    throw new BadImageFormatException($"unsupported operand type {opCode.OperandType} at IL_{offset:x4}");
            }
            yield return new IlInstruction(offset, opCode, token, real);
        }
    }
}
