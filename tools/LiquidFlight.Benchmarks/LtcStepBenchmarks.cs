using BenchmarkDotNet.Attributes;
using LiquidFlight.Core.Ltc;
using LiquidFlight.Model;

namespace LiquidFlight.Benchmarks;

/// <summary>
/// One LTC step of the shipped wiring: the generic fixed-point solver (LtcNetwork, the baseline), the generated
/// straight-line step the firmware flies (ShippedModelStep, the same bits) and the double reference, over a recorded
/// schedule of irregular intervals (0.5-8 ms) and inputs across their range.
/// On the desktop JIT this measures the algorithm, not the board: the board's cost proxy is the operation count
/// of `liquidflight model info`.
/// </summary>
[MemoryDiagnoser]
public class LtcStepBenchmarks
{
    private const int ScheduleLength = 1024;

    private LtcNetwork fixedNetwork = null!;
    private ShippedModelStep generated = null!;
    private ReferenceNetwork reference = null!;
    private int[][] rawInputs = null!;
    private double[][] realInputs = null!;
    private long[] intervals = null!;
    private int[] rawOutputs = null!;
    private double[] realOutputs = null!;
    private int next;

    [GlobalSetup]
    public void Setup()
    {
        LtcParameters p = ShippedModel.Create();
        fixedNetwork = new LtcNetwork(p);
        generated = new ShippedModelStep();
        reference = new ReferenceNetwork(LtcModelConverter.FromParameters(p));
        var rng = new Random(1);
        rawInputs = new int[ScheduleLength][];
        realInputs = new double[ScheduleLength][];
        intervals = new long[ScheduleLength];
        for (int s = 0; s < ScheduleLength; s++)
        {
            intervals[s] = 500 + rng.Next(7_501);
            rawInputs[s] = new int[p.InputCount];
            realInputs[s] = new double[p.InputCount];
            for (int j = 0; j < p.InputCount; j++)
            {
                double x = ((2 * rng.NextDouble()) - 1) * 65536.0 / p.InputScale[j]; // mapped input in [-1, 1]
                rawInputs[s][j] = Q16Convert.ToRaw(x);
                realInputs[s][j] = Q16Convert.ToDouble(rawInputs[s][j]);
            }
        }

        rawOutputs = new int[p.MotorCount];
        realOutputs = new double[p.MotorCount];
    }

    [Benchmark(Baseline = true, Description = "fixed-point step, generic LtcNetwork")]
    public int FixedStep()
    {
        int s = next++ & (ScheduleLength - 1);
        fixedNetwork.Step(rawInputs[s], intervals[s], rawOutputs);
        return rawOutputs[0];
    }

    // The argument form (the array form wraps it; LtcController calls StepAttitude, the same body with its input
    // errors and output clamps), so the three steps compare the network alone.
    [Benchmark(Description = "fixed-point step, generated ShippedModelStep")]
    public int GeneratedStep()
    {
        int s = next++ & (ScheduleLength - 1);
        int[] x = rawInputs[s];
        generated.Step(x[0], x[1], x[2], x[3], x[4], x[5], intervals[s], rawOutputs);
        return rawOutputs[0];
    }

    [Benchmark(Description = "double reference step")]
    public double DoubleStep()
    {
        int s = next++ & (ScheduleLength - 1);
        reference.Step(realInputs[s], intervals[s], realOutputs);
        return realOutputs[0];
    }
}
