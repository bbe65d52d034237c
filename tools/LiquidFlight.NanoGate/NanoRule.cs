namespace LiquidFlight.NanoGate;

/// <summary>What the gate refuses. Each value has one row in <see cref="NanoRules.Table"/>.</summary>
public enum NanoRule
{
    GenericTypeDefinition,
    GenericMethodDefinition,
    GenericInstantiation,
    MultiDimensionalArray,
    FloatingPointType,
    FloatingPointConstant,
    FloatingPointConversion,
    FloatingPointInstruction,
    ForbiddenType,
    StructLocal,
    StructAllocation,
    Boxing,
}

/// <summary>
/// One row of the rule table: the id printed in each violation line, what is refused and why. <see cref="Code"/>
/// is the MSBuild error code (NG001 for the first rule, in table order).
/// </summary>
public sealed record NanoRuleInfo(NanoRule Rule, string Id, string Refuses, string Reason)
{
    public string Code => "NG" + ((int)Rule + 1).ToString("D3", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>
/// The rules of DESIGN.md section 2 that the compiler cannot enforce, because the offending construct compiles
/// fine against nanoFramework's mscorlib but the device cannot run it, or it breaks PC/device bit-equality.
/// (Anything the pinned mscorlib lacks, e.g. System.Math, already fails at compile time; the forbidden-type
/// row catches it anyway in case a later mscorlib adds it.)
/// </summary>
public static class NanoRules
{
    public static readonly IReadOnlyList<NanoRuleInfo> Table =
    [
        new(NanoRule.GenericTypeDefinition, "generic-type",
            "a type definition with generic parameters",
            "nanoFramework 1.x has no generics: the interpreter cannot load generic types"),
        new(NanoRule.GenericMethodDefinition, "generic-method",
            "a method definition with generic parameters",
            "nanoFramework 1.x has no generic methods"),
        new(NanoRule.GenericInstantiation, "generic-instantiation",
            "any use of a generic instance (TypeSpec GENERICINST or MethodSpec): List<T>, a generic method call, a generic base type",
            "nanoFramework 1.x cannot resolve generic instances"),
        new(NanoRule.MultiDimensionalArray, "multi-dim-array",
            "an array of rank > 1 (T[,]) in any signature, local, or IL token such as newobj T[,]::.ctor",
            "nanoFramework supports single-dimension zero-based arrays only; use a flat array with a computed index"),
        new(NanoRule.FloatingPointType, "float-type",
            "float or double in a field, parameter, return, local, referenced member signature or type token",
            "Core computes in Q16.16 integers so the device and the PC agree to the bit"),
        new(NanoRule.FloatingPointConstant, "float-constant",
            "ldc.r4 / ldc.r8",
            "a floating-point constant means floating-point arithmetic at run time"),
        new(NanoRule.FloatingPointConversion, "float-conversion",
            "conv.r4 / conv.r8 / conv.r.un",
            "a conversion to floating point means floating-point arithmetic at run time"),
        new(NanoRule.FloatingPointInstruction, "float-instruction",
            "ldind/stind/ldelem/stelem .r4/.r8 and ckfinite",
            "these instructions only operate on floating-point values"),
        new(NanoRule.ForbiddenType, "forbidden-type",
            "a reference to a type in ForbiddenTypes.Table",
            "DESIGN.md section 2 forbids it (missing from the pinned mscorlib, allocates, or needs generics)"),
        new(NanoRule.StructLocal, "struct-local",
            "a local variable of a struct type (any value type but the primitives and enums), compiler temporaries included",
            "nanoCLR keeps value-type locals on the managed heap: each call allocates them and each field read copies the struct; pass structs by ref from fields allocated at start-up, or use classes"),
        new(NanoRule.StructAllocation, "struct-newobj",
            "newobj of a struct constructor, or initobj of a struct",
            "a struct value made on the evaluation stack is a managed heap object on nanoCLR"),
        new(NanoRule.Boxing, "box",
            "the box instruction (any value type, primitives and enums included)",
            "boxing allocates a heap object on every execution"),
    ];

    public static NanoRuleInfo Info(NanoRule rule) => Table[(int)rule];
}
