using System.Reflection;
using System.Runtime.Loader;
using LiquidFlight.IlPass;
using Mono.Cecil;
using Mono.Cecil.Cil;

namespace LiquidFlight.Tools.Tests.IlPass;

/// <summary>
/// The pass's inlining of [InterpreterInline] methods: the callers compute what they computed (this assembly as
/// compiled against a rewritten copy, on seeded inputs), no call of a marked method is left, where the calls went
/// is reported by offsets that hold the inlined code, and a marked method that cannot be inlined exactly stops the
/// pass with its name and the reason.
/// </summary>
public class InterpreterIlPassInlineTests
{
    private static readonly Lazy<(Type Samples, IlPassResult Result, ModuleDefinition Module, List<InlinedCode> Inlined)> Rewritten = new(() =>
    {
        var inlined = new List<InlinedCode>();
        byte[] rewritten = InterpreterIlPass.Run(File.ReadAllBytes(typeof(InlineSamples).Assembly.Location), out IlPassResult result, inlined);
        Assembly assembly = new AssemblyLoadContext("il-pass-inline-samples").LoadFromStream(new MemoryStream(rewritten));
        return (assembly.GetType(typeof(InlineSamples).FullName!)!, result, ModuleDefinition.ReadModule(new MemoryStream(rewritten)), inlined);
    });

    private static MethodDefinition Method(ModuleDefinition module, Type type, string name) =>
        module.GetType(type.FullName).Methods.Single(m => m.Name == name);

    [Fact]
    public void Callers_compute_the_same_with_the_calls_inlined()
    {
        MethodInfo caller = Rewritten.Value.Samples.GetMethod(nameof(InlineSamples.Caller))!;
        var random = new Random(20261207);
        for (int k = 0; k < 3000; k++)
        {
            int x = k % 5 == 0 ? 0 : random.Next(-2000, 2000);
            long y = random.NextInt64(-(1L << 42), 1L << 42);
            bool which = (k & 1) == 0;
            Assert.Equal(InlineSamples.Caller(x, y, which), caller.Invoke(null, [x, y, which]));
        }
    }

    [Fact]
    public void No_call_of_a_marked_method_is_left_and_nested_ones_went_first()
    {
        var (_, result, module, _) = Rewritten.Value;
        static bool CallsMarked(MethodDefinition m) => m.Body.Instructions.Any(i =>
            i.OpCode.FlowControl == FlowControl.Call && i.Operand is MethodReference r
            && r.Resolve()?.CustomAttributes.Any(a => a.AttributeType.Name == InterpreterIlPass.InlineAttributeName) == true);

        MethodDefinition caller = Method(module, typeof(InlineSamples), nameof(InlineSamples.Caller));
        MethodDefinition mix = Method(module, typeof(InlineCounter), nameof(InlineCounter.Mix));
        Assert.False(CallsMarked(caller), "Caller still calls a marked method");
        Assert.False(CallsMarked(mix), "Mix still calls Twice");
        // Caller: Add three times, Mix, Reset, Twice and Clip once each; Mix: Twice once; ReadingHolder: Take three
        // times and Scaled once (Take's other two calls need a by-reference local and stay calls).
        Assert.Equal(12, result.CallsInlined);
        // The inlined code touches InlineCounter's private fields from InlineSamples: they are internal now.
        Assert.All(module.GetType(typeof(InlineCounter).FullName).Fields, f => Assert.False(f.IsPrivate, f.Name));
    }

    [Fact]
    public void The_reported_offsets_hold_the_inlined_code()
    {
        var (_, _, module, inlined) = Rewritten.Value;
        MethodDefinition caller = Method(module, typeof(InlineSamples), nameof(InlineSamples.Caller));
        List<InlinedCode> regions = inlined.Where(r => r.Caller == caller.FullName).ToList();
        // Each region lies on instruction boundaries of the body as written, and only the counter's fields and the
        // history array are touched inside them (the caller itself touches none).
        var starts = caller.Body.Instructions.Select(i => i.Offset).ToHashSet();
        int end = caller.Body.Instructions[^1].Offset + caller.Body.Instructions[^1].GetSize();
        Assert.NotEmpty(regions);
        foreach (InlinedCode r in regions)
        {
            Assert.True(starts.Contains(r.Start) && (starts.Contains(r.End) || r.End == end), $"{r} is not on instruction boundaries");
        }

        foreach (Instruction i in caller.Body.Instructions.Where(i => i.Operand is FieldReference f && f.DeclaringType.Name == nameof(InlineCounter)))
        {
            Assert.Contains(regions, r => i.Offset >= r.Start && i.Offset < r.End);
        }

        Assert.Contains(regions, r => r.Callee.Contains("InlineCounter::Add", StringComparison.Ordinal));
        Assert.Contains(regions, r => r.Callee.Contains("InlineCounter::Mix", StringComparison.Ordinal) && r.Within.Count == 0);
        // Twice's code came twice: called by Caller itself, and inside Mix's, which had it inlined first.
        Assert.Contains(regions, r => r.Callee.Contains("InlineCounter::Twice", StringComparison.Ordinal) && r.Within.Count == 0);
        Assert.Contains(regions, r => r.Callee.Contains("InlineCounter::Twice", StringComparison.Ordinal)
            && r.Within.Count == 1 && r.Within[0].Contains("InlineCounter::Mix", StringComparison.Ordinal));
    }

    [Fact]
    public void A_by_reference_argument_is_inlined_where_its_address_can_be_loaded_again_and_called_elsewhere()
    {
        var (samples, _, module, _) = Rewritten.Value;
        Type holder = samples.Assembly.GetType(typeof(ReadingHolder).FullName!)!;
        Type filter = samples.Assembly.GetType(typeof(ReadingFilter).FullName!)!;
        Type reading = samples.Assembly.GetType(typeof(Reading).FullName!)!;
        var random = new Random(7);
        for (int k = 0; k < 500; k++)
        {
            int a = random.Next(-100_000, 100_000), gain = random.Next(-50, 50);
            // The same sequence of calls on a compiled and a rewritten filter (each keeps memory across them).
            var f = new ReadingFilter();
            object g = Activator.CreateInstance(filter)!;
            var r = new Reading { A = a, B = 5 };
            object rr = Activator.CreateInstance(reading)!;
            reading.GetField(nameof(Reading.A))!.SetValue(rr, a);
            reading.GetField(nameof(Reading.B))!.SetValue(rr, 5L);
            object?[] args = [g, rr, gain];
            long viaArgument = ReadingHolder.ThroughArgument(f, ref r, gain);
            Assert.Equal(viaArgument, holder.GetMethod(nameof(ReadingHolder.ThroughArgument))!.Invoke(null, args));
            Assert.Equal(r.B, (long)reading.GetField(nameof(Reading.B))!.GetValue(args[1])!);
            Assert.Equal(ReadingHolder.ThroughField(new ReadingHolder(), f, a, gain),
                holder.GetMethod(nameof(ReadingHolder.ThroughField))!.Invoke(null, [Activator.CreateInstance(holder), g, a, gain]));
            Assert.Equal(ReadingHolder.ThroughLocalAndElement(f, a, gain),
                holder.GetMethod(nameof(ReadingHolder.ThroughLocalAndElement))!.Invoke(null, [g, a, gain]));
        }

        static int Calls(MethodDefinition m) => m.Body.Instructions.Count(i => i.Operand is MethodReference r
            && r.Name is nameof(ReadingFilter.Take) or nameof(ReadingFilter.Scaled));
        Assert.Equal(0, Calls(Method(module, typeof(ReadingHolder), nameof(ReadingHolder.ThroughArgument))));
        Assert.Equal(0, Calls(Method(module, typeof(ReadingHolder), nameof(ReadingHolder.ThroughField))));
        Assert.Equal(2, Calls(Method(module, typeof(ReadingHolder), nameof(ReadingHolder.ThroughLocalAndElement))));
    }

    [Theory]
    [InlineData(nameof(InlineSamples.Reassigned), "reassigns")]
    [InlineData(nameof(InlineSamples.Guarded), "exception handler")]
    [InlineData(nameof(InlineSamples.AddressTaken), "address")]
    public void A_method_that_cannot_be_inlined_exactly_stops_the_pass_naming_it(string name, string reason)
    {
        ModuleDefinition module = ModuleDefinition.ReadModule(new MemoryStream(File.ReadAllBytes(typeof(InlineSamples).Assembly.Location)));
        MethodDefinition marked = Method(module, typeof(InlineCounter), nameof(InlineCounter.Reset));
        CustomAttribute mark = marked.CustomAttributes.Single(a => a.AttributeType.Name == InterpreterIlPass.InlineAttributeName);
        Method(module, typeof(InlineSamples), name).CustomAttributes.Add(new CustomAttribute(mark.Constructor));
        var image = new MemoryStream();
        module.Write(image);
        var e = Assert.Throws<InvalidOperationException>(() => InterpreterIlPass.Run(image.ToArray(), out _));
        Assert.Contains(name, e.Message, StringComparison.Ordinal);
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }
}
