using LiquidFlight.NanoGate;
using Microsoft.CodeAnalysis;
using static LiquidFlight.Tools.Tests.NanoGate.NanoSampleCompiler;

namespace LiquidFlight.Tools.Tests.NanoGate;

/// <summary>
/// Each forbidden construct, compiled against the real nanoFramework mscorlib, is refused by the gate with the
/// offending type and member named. Expected findings are read off the C# by hand (and the IL Roslyn emits for it).
/// </summary>
public class NanoGateRuleTests
{
    private static (NanoRule Rule, string Type, string? Member)[] Keys(GateResult result) =>
        [.. result.Violations.Select(v => (v.Rule, v.Type, v.Member))];

    [Fact]
    public void GenericClassIsRefusedAtTheType()
    {
        var result = CompileAndCheck("namespace Samples { public class Box<T> { public T Value; } }");

        var violation = Assert.Single(result.Violations);
        Assert.Equal(NanoRule.GenericTypeDefinition, violation.Rule);
        Assert.Equal("Samples.Box`1", violation.Type);
        Assert.Null(violation.Member);
        Assert.Equal("Sample.dll: Samples.Box`1: generic-type (type parameters <T>)", violation.ToString());
    }

    [Fact]
    public void GenericMethodIsRefusedAtTheMethod()
    {
        var result = CompileAndCheck(
            "namespace Samples { public static class Pick { public static T First<T>(T a, T b) { return a; } } }");

        var violation = Assert.Single(result.Violations);
        Assert.Equal((NanoRule.GenericMethodDefinition, "Samples.Pick", "First"), (violation.Rule, violation.Type, violation.Member));
        Assert.Equal("Sample.dll: Samples.Pick::First: generic-method (type parameters <T>)", violation.ToString());
    }

    // nanoFramework's mscorlib has no List<T>, so the sample brings its own from a referenced library: the gate
    // must refuse the instantiation in the user, not only generic definitions in the library.
    private const string GenericLibrary = """
        namespace Samples.Collections
        {
            public class List<T> { public void Add(T item) { } }
            public static class Util { public static T Echo<T>(T value) { return value; } }
        }
        """;

    [Fact]
    public void UseOfListOfIntIsRefusedInTheUsingMember()
    {
        var library = Compile("Samples.Collections", GenericLibrary);
        Assert.True(library.Success);

        var result = CompileAndCheck("""
            namespace Samples
            {
                public class Log
                {
                    public int Count() { var list = new Samples.Collections.List<int>(); list.Add(3); return 1; }
                }
            }
            """, library);

        // The local's type, the newobj of the constructor and the call to Add each name List<int>.
        Assert.Equal(3, result.Violations.Count);
        Assert.All(result.Violations, v => Assert.Equal((NanoRule.GenericInstantiation, "Samples.Log", "Count"), (v.Rule, v.Type, v.Member)));
        Assert.Contains(result.Violations, v => v.Detail == "local 0: Samples.Collections.List`1<int32>");
        Assert.Contains(result.Violations, v => v.Detail.Contains("newobj Samples.Collections.List`1<int32>::.ctor"));
        Assert.Contains(result.Violations, v => v.Detail.Contains("callvirt Samples.Collections.List`1<int32>::Add"));
    }

    [Fact]
    public void GenericMethodCallIsRefusedInTheCaller()
    {
        var library = Compile("Samples.Collections", GenericLibrary);
        Assert.True(library.Success);

        var result = CompileAndCheck("""
            namespace Samples
            {
                public static class Caller { public static int Five() { return Samples.Collections.Util.Echo(5); } }
            }
            """, library);

        var violation = Assert.Single(result.Violations);
        Assert.Equal((NanoRule.GenericInstantiation, "Samples.Caller", "Five"), (violation.Rule, violation.Type, violation.Member));
        Assert.Contains("call Samples.Collections.Util::Echo<int32>", violation.Detail);
    }

    [Fact]
    public void TwoDimensionalArrayIsRefusedInLocalAllocationAndAccess()
    {
        var result = CompileAndCheck("""
            namespace Samples
            {
                public static class Grid
                {
                    public static int Corner() { int[,] cells = new int[2, 3]; cells[1, 2] = 7; return cells[1, 2]; }
                }
            }
            """);

        Assert.All(result.Violations, v => Assert.Equal((NanoRule.MultiDimensionalArray, "Samples.Grid", "Corner"), (v.Rule, v.Type, v.Member)));
        Assert.Contains(result.Violations, v => v.Detail == "local 0: int32[,]");
        Assert.Contains(result.Violations, v => v.Detail.Contains("newobj int32[,]::.ctor"));
        Assert.Contains(result.Violations, v => v.Detail.Contains("call int32[,]::Set"));
        Assert.Contains(result.Violations, v => v.Detail.Contains("call int32[,]::Get"));
        Assert.Equal(4, result.Violations.Count);
    }

    [Fact]
    public void TwoDimensionalArrayParameterIsRefused()
    {
        var result = CompileAndCheck(
            "namespace Samples { public static class Grid { public static void Clear(int[,] cells) { } } }");

        var violation = Assert.Single(result.Violations);
        Assert.Equal("Sample.dll: Samples.Grid::Clear: multi-dim-array (parameter 'cells': int32[,])", violation.ToString());
    }

    [Fact]
    public void FloatFieldIsRefused()
    {
        var result = CompileAndCheck("namespace Samples { public class Gains { public float Kp; } }");

        var violation = Assert.Single(result.Violations);
        Assert.Equal("Sample.dll: Samples.Gains::Kp: float-type (field type: float32)", violation.ToString());
    }

    [Fact]
    public void DoubleParameterIsRefusedNamingTheParameter()
    {
        var result = CompileAndCheck(
            "namespace Samples { public static class Scaler { public static int Scale(int x, double gain) { return x; } } }");

        var violation = Assert.Single(result.Violations);
        Assert.Equal("Sample.dll: Samples.Scaler::Scale: float-type (parameter 'gain': float64)", violation.ToString());
    }

    [Fact]
    public void DoubleReturnIsRefused()
    {
        var result = CompileAndCheck(
            "namespace Samples { public static class Scaler { public static double Unit() { return 0; } } }");

        // Roslyn emits the constant 0 as ldc.r8 0 because the return type is double.
        Assert.Contains(result.Violations, v => v.ToString() == "Sample.dll: Samples.Scaler::Unit: float-type (returns: float64)");
        Assert.All(result.Violations, v => Assert.Equal("Unit", v.Member));
    }

    [Fact]
    public void DoubleLocalIsRefusedWithItsConversion()
    {
        var result = CompileAndCheck("""
            namespace Samples
            {
                public static class Doubler { public static int Twice(int x) { double d = x; d = d + d; return (int)d; } }
            }
            """);

        Assert.Equal(
            [(NanoRule.FloatingPointType, "Samples.Doubler", "Twice"), (NanoRule.FloatingPointConversion, "Samples.Doubler", "Twice")],
            Keys(result));
        Assert.Equal("local 0: float64", result.Violations[0].Detail);
        Assert.Contains("conv.r8", result.Violations[1].Detail);
    }

    [Theory]
    [InlineData("x > 1.5", "ldc.r8 1.5")]
    [InlineData("x > 0.25f", "ldc.r4 0.25")]
    public void FloatingPointConstantIsRefused(string comparison, string expectedInstruction)
    {
        var result = CompileAndCheck(
            $"namespace Samples {{ public static class Limits {{ public static bool Above(int x) {{ return {comparison}; }} }} }}");

        var constant = Assert.Single(result.Violations, v => v.Rule == NanoRule.FloatingPointConstant);
        Assert.Equal(("Samples.Limits", "Above"), (constant.Type, constant.Member));
        Assert.EndsWith(expectedInstruction, constant.Detail);
    }

    [Theory]
    [InlineData("(long)(double)x", "conv.r8")]
    [InlineData("(long)(float)x", "conv.r4")]
    [InlineData("(long)(double)(uint)x", "conv.r.un")]
    public void FloatingPointConversionIsRefused(string expression, string expectedOpCode)
    {
        var result = CompileAndCheck(
            $"namespace Samples {{ public static class Widen {{ public static long To64(int x) {{ return {expression}; }} }} }}");

        Assert.NotEmpty(result.Violations);
        Assert.All(result.Violations, v => Assert.Equal((NanoRule.FloatingPointConversion, "Samples.Widen", "To64"), (v.Rule, v.Type, v.Member)));
        Assert.Contains(result.Violations, v => v.Detail.EndsWith(" " + expectedOpCode));
    }

    [Fact]
    public void FloatArrayElementAccessIsRefused()
    {
        var result = CompileAndCheck(
            "namespace Samples { public static class Table { public static void Put(double[] t) { t[0] = t[1]; } } }");

        Assert.Contains(result.Violations, v => v.Rule == NanoRule.FloatingPointType && v.Detail == "parameter 't': float64[] contains float64");
        Assert.Contains(result.Violations, v => v.Rule == NanoRule.FloatingPointInstruction && v.Detail.EndsWith("ldelem.r8"));
        Assert.Contains(result.Violations, v => v.Rule == NanoRule.FloatingPointInstruction && v.Detail.EndsWith("stelem.r8"));
    }

    [Fact]
    public void MathDoesNotCompileAgainstTheNanoMscorlib()
    {
        var compiled = Compile("Sample",
            "namespace Samples { public static class Abs { public static int Of(int x) { return System.Math.Abs(x); } } }");

        Assert.False(compiled.Success);
        Assert.Contains(compiled.Errors, e => e.Id == "CS0234" && e.GetMessage().Contains("'Math'"));
    }

    // If a forbidden type ever becomes reachable (another mscorlib, a referenced library that defines it), the
    // gate still refuses it: here a library supplies each one.
    [Theory]
    [InlineData("System", "Math")]
    [InlineData("System", "Environment")]
    [InlineData("System.Diagnostics", "Stopwatch")]
    [InlineData("System.Text", "StringBuilder")]
    public void ForbiddenTypeIsRefusedEvenWhenAvailable(string ns, string name)
    {
        var library = Compile("Impostor", $"namespace {ns} {{ public class {name} {{ public static int Touch() {{ return 0; }} }} }}");
        Assert.True(library.Success, string.Join("\n", library.Errors));

        var result = CompileAndCheck(
            $"namespace Samples {{ public static class User {{ public static int Use() {{ return {ns}.{name}.Touch(); }} }} }}",
            library);

        var violation = Assert.Single(result.Violations);
        Assert.Equal((NanoRule.ForbiddenType, "Samples.User", "Use"), (violation.Rule, violation.Type, violation.Member));
        Assert.Contains($"{ns}.{name}::Touch", violation.Detail);
    }

    [Fact]
    public void SpanLikeTypeIsRefusedAsForbiddenAndAsGeneric()
    {
        var library = Compile("Impostor", "namespace System { public struct Span<T> { public int Length; } }");
        Assert.True(library.Success, string.Join("\n", library.Errors));

        var result = CompileAndCheck(
            "namespace Samples { public static class Bytes { public static int Len(System.Span<byte> s) { return s.Length; } } }",
            library);

        Assert.All(result.Violations, v => Assert.Equal(("Samples.Bytes", "Len"), (v.Type, v.Member)));
        Assert.Contains(result.Violations, v => v.Rule == NanoRule.ForbiddenType && v.Detail.StartsWith("parameter 's': System.Span`1"));
        Assert.Contains(result.Violations, v => v.Rule == NanoRule.GenericInstantiation && v.Detail == "parameter 's': System.Span`1<uint8>");
    }

    [Fact]
    public void FloatInAnAttributeConstructorIsRefusedByTheReferenceSweep()
    {
        var library = Compile("Attributes",
            "namespace Tuning { public class GainAttribute : System.Attribute { public GainAttribute(double g) { } } }");
        Assert.True(library.Success, string.Join("\n", library.Errors));

        var result = CompileAndCheck("namespace Samples { [Tuning.Gain(0.5)] public class Pid { } }", library);

        var violation = Assert.Single(result.Violations);
        Assert.Equal((NanoRule.FloatingPointType, "<module>", null), (violation.Rule, violation.Type, violation.Member));
        Assert.Contains("Tuning.GainAttribute::.ctor", violation.Detail);
    }

    // nanoCLR keeps value-type locals on the heap: a struct local costs a heap object per call and a copy per field
    // read (../shared/board-cost.md). Expected findings read off the C# and the IL Roslyn emits for it (Debug).
    private const string StructLibrary = """
        namespace Samples.Values
        {
            public struct Sample { public long TimestampUs; public int X; public Sample(int x) { TimestampUs = 0; X = x; } }
            public enum Mode { Off, On }
        }
        """;

    [Fact]
    public void StructLocalIsRefusedNamingTheLocalAndItsType()
    {
        var result = CompileAndCheck("""
            namespace Samples
            {
                public struct Pair { public int A; public int B; }
                public static class Use { public static int Sum(Pair[] pairs) { Pair p = pairs[0]; return p.A + p.B; } }
            }
            """);

        var violation = Assert.Single(result.Violations);
        Assert.Equal("Sample.dll: Samples.Use::Sum: struct-local (local 0: Samples.Pair)", violation.ToString());
    }

    [Fact]
    public void StructLocalOfAReferencedAssemblyIsRefusedAndAnEnumLocalIsNot()
    {
        var library = Compile("Samples.Values", StructLibrary);
        Assert.True(library.Success, string.Join("\n", library.Errors));

        var result = CompileAndCheck("""
            namespace Samples
            {
                public static class Use
                {
                    public static int Pick(Samples.Values.Sample[] s, Samples.Values.Mode[] modes)
                    {
                        Samples.Values.Mode mode = modes[0];
                        Samples.Values.Sample one = s[(int)mode];
                        return one.X;
                    }
                }
            }
            """, library);

        var violation = Assert.Single(result.Violations);
        Assert.Equal((NanoRule.StructLocal, "Samples.Use", "Pick"), (violation.Rule, violation.Type, violation.Member));
        Assert.Equal("local 1: Samples.Values.Sample", violation.Detail);
    }

    [Fact]
    public void StructLocalOfAnUnresolvedAssemblyIsRefusedAsPossiblyAStruct()
    {
        var library = Compile("Samples.Values", StructLibrary);
        Assert.True(library.Success, string.Join("\n", library.Errors));
        var compiled = Compile("Sample", """
            namespace Samples { public static class Use { public static int M(Samples.Values.Mode[] m) { Samples.Values.Mode x = m[0]; return (int)x; } } }
            """, library.AsReference());
        Assert.True(compiled.Success, string.Join("\n", compiled.Errors));

        // Without the library among the references the gate cannot tell the enum from a struct: it refuses.
        var result = AssemblyGate.Check(new MemoryStream(compiled.Image), compiled.FileName);

        var violation = Assert.Single(result.Violations);
        Assert.Equal(NanoRule.StructLocal, violation.Rule);
        Assert.Contains("not given to tell struct from enum", violation.Detail);
    }

    [Fact]
    public void MscorlibStructLocalIsRefused()
    {
        var result = CompileAndCheck(
            "namespace Samples { public static class Use { public static int Len(byte[] b) { System.SpanByte s = b; return s.Length; } } }");

        Assert.Contains(result.Violations, v => v.Rule == NanoRule.StructLocal && v.Detail == "local 0: System.SpanByte");
        Assert.All(result.Violations, v => Assert.Equal(("Samples.Use", "Len"), (v.Type, v.Member)));
    }

    [Fact]
    public void StructPassedByRefFromAFieldIsAccepted()
    {
        var result = CompileAndCheck("""
            namespace Samples
            {
                public struct Sample { public int X; }
                public sealed class Loop
                {
                    private Sample sample;
                    public int Step() { Bump(ref sample); return sample.X; }
                    private static void Bump(ref Sample s) { s.X++; }
                }
            }
            """);

        Assert.True(result.Passed, string.Join("\n", result.Violations));
    }

    [Fact]
    public void NewobjOfAStructIsRefused()
    {
        var library = Compile("Samples.Values", StructLibrary);
        Assert.True(library.Success, string.Join("\n", library.Errors));

        var result = CompileAndCheck("""
            namespace Samples
            {
                public sealed class Keep { public Samples.Values.Sample Last; public void Set(int x) { Last = new Samples.Values.Sample(x); } }
            }
            """, library);

        var violation = Assert.Single(result.Violations);
        Assert.Equal((NanoRule.StructAllocation, "Samples.Keep", "Set"), (violation.Rule, violation.Type, violation.Member));
        Assert.Contains("newobj Samples.Values.Sample::.ctor", violation.Detail);
    }

    [Fact]
    public void InitobjOfAStructIsRefused()
    {
        var result = CompileAndCheck("""
            namespace Samples
            {
                public struct Sample { public int X; }
                public sealed class Keep { public Sample Last; public void Clear() { Last = default(Sample); } }
            }
            """);

        var violation = Assert.Single(result.Violations);
        Assert.Equal((NanoRule.StructAllocation, "Samples.Keep", "Clear"), (violation.Rule, violation.Type, violation.Member));
        Assert.Contains("initobj Samples.Sample", violation.Detail);
    }

    [Fact]
    public void NewobjOfAClassIsAccepted()
    {
        var result = CompileAndCheck(
            "namespace Samples { public sealed class Node { } public static class Make { public static Node One() { return new Node(); } } }");

        Assert.True(result.Passed, string.Join("\n", result.Violations));
    }

    [Theory]
    [InlineData("object o = x; return o;", "box System.Int32")]
    [InlineData("System.Collections.ArrayList l = new System.Collections.ArrayList(); l.Add(x); return l;", "box System.Int32")]
    public void BoxIsRefused(string body, string expectedEnd)
    {
        var result = CompileAndCheck($"namespace Samples {{ public static class Wrap {{ public static object Of(int x) {{ {body} }} }} }}");

        var violation = Assert.Single(result.Violations);
        Assert.Equal((NanoRule.Boxing, "Samples.Wrap", "Of"), (violation.Rule, violation.Type, violation.Member));
        Assert.EndsWith(expectedEnd, violation.Detail);
    }

    [Fact]
    public void BoxOfAnEnumIsRefused()
    {
        var result = CompileAndCheck(
            "namespace Samples { public enum Mode { Off, On } public static class Wrap { public static object Of(Mode m) { return m; } } }");

        var violation = Assert.Single(result.Violations);
        Assert.Equal(NanoRule.Boxing, violation.Rule);
        Assert.EndsWith("box Samples.Mode", violation.Detail);
    }
}
