using System.Reflection;
using LiquidFlight.Core.Control;
using LiquidFlight.Core.Flight;
using LiquidFlight.Core.Ltc;
using LiquidFlight.Core.Safety;
using LiquidFlight.Core.Sensors;

namespace LiquidFlight.Benchmarks;

/// <summary>
/// The flight the executed-IL count observes (<see cref="IlExecutionCount"/>). This class is loaded a second time,
/// into a load context where LiquidFlight.Core is the instrumented copy, so everything it calls runs through the
/// probes; it only reads the probe counters, by reflection, after each <see cref="FlightLoop.RunCycle"/>.
///
/// The LTC is the shipped model, ShippedModel.g.cs as it is in the source tree measured.
/// The flight mirrors the firmware: the safety supervisor hooked into the loop (IMU detected, gyro calibrated, an RC
/// frame before every cycle), a 500 Hz loop with a new sample every cycle, 1 s disarmed on the ground, the arm
/// switch, then hover throttle with the sticks sweeping sinusoidally and a gyro/accelerometer signal with seeded
/// noise, so the estimator, angle mode and controller take their ordinary in-flight paths (no clamp saturated).
/// </summary>
public static class IlCycleDriver
{
    public const int LoopPeriodUs = 2000;
    private const int GroundCycles = 500;
    private const double G = 9.80665;

    /// <summary>
    /// Runs <paramref name="armedCycles"/> armed cycles after arming and returns, per cycle, the executed IL per
    /// component (row-major: cycle x component) and, summed over those cycles, the executed IL per Core method.
    /// </summary>
    public static (long[] PerCycle, long[] PerMethod, string Wiring) Run(string controllerName, int armedCycles, int componentCount)
    {
        Type probe = typeof(FlightLoop).Assembly.GetType(IlExecutionCount.ProbeTypeName, throwOnError: true)!;
        FieldInfo counts = probe.GetField(IlExecutionCount.ComponentField)!;
        FieldInfo methods = probe.GetField(IlExecutionCount.MethodField)!;
        FieldInfo current = probe.GetField(IlExecutionCount.CurrentField)!;
        int methodCount = (int)probe.GetField(IlExecutionCount.MethodCountField)!.GetValue(null)!;

        IController controller = controllerName == "ltc"
            ? new LtcController(new LtcNetwork(ShippedModel.Create()))
            : new PidController(new PidGains());
        var loop = new FlightLoop(new FlightLoopConfig(), controller);
        var supervisor = new SafetySupervisor { ImuDetected = true, GyroCalibrated = true };
        loop.Supervisor = supervisor;

        var random = new Random(20261128);
        var pulses = new int[QuadXMixer.MotorCount];
        var perCycle = new long[armedCycles * componentCount];
        var perMethod = new long[methodCount];
        int measured = 0;
        long t = 0;
        int armedAt = -1;
        for (int k = 0; measured < armedCycles; k++)
        {
            t += LoopPeriodUs;
            supervisor.RcFrameReceived(t);
            supervisor.ArmSwitch = k >= GroundCycles;
            double s = (t - ((long)GroundCycles * LoopPeriodUs)) * 1e-6;
            bool flying = loop.Armed && armedAt >= 0 && k > armedAt + 50;
            loop.Pilot.Throttle = flying ? Q(0.5) : 0;
            loop.Pilot.Roll = flying ? Q(0.4 * Math.Sin(2 * Math.PI * 0.7 * s)) : 0;
            loop.Pilot.Pitch = flying ? Q(0.3 * Math.Sin(2 * Math.PI * 0.45 * s)) : 0;
            loop.Pilot.Yaw = flying ? Q(0.2 * Math.Sin(2 * Math.PI * 0.3 * s)) : 0;
            double wobble = flying ? 1.0 : 0.02;
            var sample = new ImuSample
            {
                TimestampUs = t,
                GyroX = Q(wobble * 0.6 * Math.Sin(2 * Math.PI * 0.7 * s) + Noise(random, 0.05)),
                GyroY = Q(wobble * 0.5 * Math.Cos(2 * Math.PI * 0.45 * s) + Noise(random, 0.05)),
                GyroZ = Q(wobble * 0.3 * Math.Sin(2 * Math.PI * 0.3 * s) + Noise(random, 0.05)),
                AccelX = Q(wobble * 0.8 * Math.Sin(2 * Math.PI * 0.45 * s) + Noise(random, 0.3)),
                AccelY = Q(-wobble * 0.8 * Math.Sin(2 * Math.PI * 0.7 * s) + Noise(random, 0.3)),
                AccelZ = Q(-G + Noise(random, 0.3)),
            };

            var c = (long[])counts.GetValue(null)!;
            Array.Clear(c);
            current.SetValue(null, 0);
            var m = (long[])methods.GetValue(null)!;
            Array.Clear(m);

            loop.RunCycle(t, ref sample, true, pulses);
            if (loop.Armed && armedAt < 0)
            {
                armedAt = k;
            }

            if (flying)
            {
                Array.Copy(c, 0, perCycle, measured * componentCount, componentCount);
                for (int i = 0; i < methodCount; i++)
                {
                    perMethod[i] += m[i];
                }

                measured++;
            }
            else if (k > GroundCycles + 500)
            {
                throw new InvalidOperationException($"the loop did not arm (arming flags {supervisor.Arming.Flags})");
            }
        }

        LtcParameters shipped = ShippedModel.Create();
        string wiring = $"{shipped.NeuronCount} neurons, {shipped.SensorySynapseCount} sensory + {shipped.SynapseCount} internal synapses, "
            + $"{shipped.Unfolds} unfold(s): {shipped.SensorySynapseCount + (shipped.SynapseCount * shipped.Unfolds)} synapse evaluations per step";
        return (perCycle, perMethod, wiring);
    }

    private static int Q(double v) => (int)Math.Round(v * 65536.0);

    private static double Noise(Random r, double amplitude) => amplitude * ((2 * r.NextDouble()) - 1);
}
