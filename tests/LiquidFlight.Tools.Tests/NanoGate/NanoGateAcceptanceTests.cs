using LiquidFlight.NanoGate;
using static LiquidFlight.Tools.Tests.NanoGate.NanoSampleCompiler;

namespace LiquidFlight.Tools.Tests.NanoGate;

/// <summary>What nanoFramework runs passes: the real Core, and a sample using every construct Core may use.</summary>
public class NanoGateAcceptanceTests
{
    [Fact]
    public void CoreAsCompiledByTheNanoCheckPasses()
    {
        var result = AssemblyGate.Check(NanoTestAssets.CoreNanoCheckAssembly);

        Assert.True(result.Passed, "Core fails the nano gate:\n" + string.Join("\n", result.Violations));
        Assert.Equal("LiquidFlight.Core.dll", result.Assembly);
        // Q16 and Sigmoid alone hold dozens of methods and hundreds of instructions: the gate really read Core.
        Assert.True(result.MethodsChecked > 20, $"only {result.MethodsChecked} methods checked");
        Assert.True(result.InstructionsChecked > 500, $"only {result.InstructionsChecked} IL instructions checked");
    }

    [Fact]
    public void SampleUsingOnlyAllowedConstructsPasses()
    {
        var result = CompileAndCheck("""
            using System;
            using System.Collections;
            namespace Samples
            {
                public enum Mode { Disarmed, Armed }
                public interface IMotorSink { void Write(int[] pulses); }
                public struct Sample { public long TimestampUs; public int X; }
                public sealed class Loop : IMotorSink
                {
                    private readonly int[] buffer = new int[4];
                    private readonly int[][] jagged = new int[][] { new int[2], new int[3] };
                    private readonly ArrayList log = new ArrayList();
                    public Mode Mode;
                    public void Write(int[] pulses) { Array.Copy(pulses, buffer, 4); }
                    public long Step(Sample s, int gainQ16)
                    {
                        long product = (long)s.X * gainQ16;
                        int index = (int)(s.TimestampUs % 4);
                        buffer[index] = (int)(product >> 16);
                        jagged[1][2] = buffer[index];
                        if (Mode == Mode.Disarmed) { log.Add("disarmed"); }
                        return product;
                    }
                    public int Checked(int a) { if (a < 0) { throw new ArgumentOutOfRangeException("a"); } return a; }
                }
            }
            """);

        Assert.True(result.Passed, string.Join("\n", result.Violations));
        Assert.Equal(5, result.TypesChecked); // <Module> and the four declared types
    }
}
