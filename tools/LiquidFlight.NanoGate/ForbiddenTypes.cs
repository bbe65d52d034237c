namespace LiquidFlight.NanoGate;

/// <summary>A type (or, with <see cref="WholeNamespace"/>, every type of a namespace) that Core must not reference.</summary>
public sealed record ForbiddenType(string Namespace, string Name, bool WholeNamespace, string Reason)
{
    public bool Matches(string ns, string name) =>
        WholeNamespace
            ? ns == Namespace || ns.StartsWith(Namespace + ".", StringComparison.Ordinal)
            : ns == Namespace && name == Name;
}

/// <summary>
/// Types DESIGN.md section 2 forbids in Core. Most are absent from the pinned nanoFramework mscorlib, so a use is a
/// compile error already; listing them keeps the gate honest if the reference set ever grows (another mscorlib,
/// compile-only reference assemblies for the firmware).
/// </summary>
public static class ForbiddenTypes
{
    private const string NoGenerics = "needs generics, which nanoFramework 1.x lacks";

    public static readonly IReadOnlyList<ForbiddenType> Table =
    [
        new("System", "Math", false, "floating-point library; Core uses Q16 (FixedPoint/Q16.cs)"),
        new("System", "MathF", false, "floating-point library; Core uses Q16 (FixedPoint/Q16.cs)"),
        new("System", "Environment", false, "not in the pinned mscorlib; time comes from the injected microsecond clock"),
        new("System.Diagnostics", "Stopwatch", false, "not in the pinned mscorlib; time comes from the injected microsecond clock"),
        new("System.Text", "StringBuilder", false, "allocates and is not in the pinned mscorlib"),
        new("System", "Span`1", false, "Span-like type: " + NoGenerics + "; use SpanByte or a flat array"),
        new("System", "ReadOnlySpan`1", false, "Span-like type: " + NoGenerics + "; use SpanByte or a flat array"),
        new("System", "Memory`1", false, "Span-like type: " + NoGenerics + "; use SpanByte or a flat array"),
        new("System", "ReadOnlyMemory`1", false, "Span-like type: " + NoGenerics + "; use SpanByte or a flat array"),
        new("System", "ValueTuple", false, "tuples " + NoGenerics),
        new("System", "ValueTuple`1", false, "tuples " + NoGenerics),
        new("System", "ValueTuple`2", false, "tuples " + NoGenerics),
        new("System", "ValueTuple`3", false, "tuples " + NoGenerics),
        new("System", "ValueTuple`4", false, "tuples " + NoGenerics),
        new("System", "ValueTuple`5", false, "tuples " + NoGenerics),
        new("System", "ValueTuple`6", false, "tuples " + NoGenerics),
        new("System", "ValueTuple`7", false, "tuples " + NoGenerics),
        new("System", "ValueTuple`8", false, "tuples " + NoGenerics),
        new("System.Linq", "", true, "LINQ " + NoGenerics + " and allocates"),
        new("System.Threading.Tasks", "", true, "async/await is not supported by nanoFramework 1.x"),
        new("System.Runtime.CompilerServices", "AsyncStateMachineAttribute", false, "async/await is not supported by nanoFramework 1.x"),
        new("System.Runtime.CompilerServices", "IAsyncStateMachine", false, "async/await is not supported by nanoFramework 1.x"),
    ];

    public static ForbiddenType? Find(string ns, string name)
    {
        foreach (var entry in Table)
        {
            if (entry.Matches(ns, name))
            {
                return entry;
            }
        }
        return null;
    }
}
