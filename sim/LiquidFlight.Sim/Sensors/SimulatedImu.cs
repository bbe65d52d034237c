using System.Runtime.CompilerServices;
using LiquidFlight.Core.Sensors;
using LiquidFlight.Sim.Frames;
using LiquidFlight.Sim.Physics;

namespace LiquidFlight.Sim.Sensors;

/// <summary>
/// What the board reads from its IMU: the physics truth (body rates, specific force in FRD) plus a per-axis
/// constant bias, a random-walk bias drift and white noise (noise density over the sensor's bandwidth), clipped to
/// the full-scale range and quantised to the 16-bit LSB, delivered at irregular microsecond timestamps with
/// jitter, independent drops and bus-stall bursts (see <see cref="ImuConditions"/>). Timing and measurement
/// errors draw from separate seeded streams, so changing the timing knobs does not reshuffle the noise.
/// </summary>
public sealed class SimulatedImu
{
    private const int BiasWalkSlots = 10;

    private readonly ImuSpec spec;
    private readonly ImuConditions conditions;
    private readonly GaussianRandom timing;
    private readonly GaussianRandom noise;
    private readonly double periodUs;
    private readonly long startUs;
    private readonly double gyroSigma, accelSigma, gyroWalkSigma, accelWalkSigma;
    private readonly double[] gyroBias = new double[3];
    private readonly double[] accelBias = new double[3];

    private long slot;
    private int stallRemaining;

    public SimulatedImu(ImuSpec spec, ImuConditions conditions, int seed, long startUs = 0)
    {
        this.spec = spec;
        this.conditions = conditions;
        timing = new GaussianRandom(GaussianRandom.DeriveSeed(seed, 1));
        noise = new GaussianRandom(GaussianRandom.DeriveSeed(seed, 2));
        periodUs = 1e6 / conditions.RateHz;
        this.startUs = startUs;

        double bandwidth = Math.Sqrt(spec.NoiseBandwidthHz);
        double scale = conditions.NoiseScale;
        gyroSigma = spec.GyroNoiseDensityRadSPerSqrtHz * bandwidth * scale;
        accelSigma = spec.AccelNoiseDensityMs2PerSqrtHz * bandwidth * scale;
        double sqrtPeriod = Math.Sqrt(BiasWalkSlots * periodUs * 1e-6);
        gyroWalkSigma = spec.GyroBiasRandomWalkRadSPerSqrtS * sqrtPeriod * scale;
        accelWalkSigma = spec.AccelBiasRandomWalkMs2PerSqrtS * sqrtPeriod * scale;
        for (int i = 0; i < 3; i++)
        {
            gyroBias[i] = spec.GyroBiasSigmaRadS * noise.Normal();
            accelBias[i] = spec.AccelBiasSigmaMs2 * noise.Normal();
        }

        NextSampleTimeUs = ScheduleSlot(0);
    }

    public ImuConditions Conditions => conditions;

    /// <summary>Per-sample white-noise standard deviation of the gyro (rad/s) after scaling.</summary>
    public double GyroNoiseSigma => gyroSigma;

    /// <summary>Per-sample white-noise standard deviation of the accelerometer (m/s^2) after scaling.</summary>
    public double AccelNoiseSigma => accelSigma;

    /// <summary>The timestamp (µs) of the next sample slot, delivered or not.</summary>
    public long NextSampleTimeUs { get; private set; }

    public long DeliveredCount { get; private set; }
    public long DroppedCount { get; private set; }

    /// <summary>Nominal slot time of slot k (µs, unrounded), for checking the jitter distribution.</summary>
    public double NominalSlotTimeUs(long k) => startUs + k * periodUs;

    /// <summary>
    /// Consumes the current slot: measures the body (taken as it is now, at or just after the slot time) and
    /// writes the sample; returns false when the sample is lost (then <paramref name="sample"/> is untouched).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool Sample(QuadrotorBody body, ref ImuSample sample)
    {
        long stamp = NextSampleTimeUs;
        bool lost = DrawLoss();

        // The sensor keeps running while the bus is lost: bias keeps drifting. The walk is advanced every
        // BiasWalkSlots slots with the matching variance: the same random walk at the drift's time scale
        // (minutes), for a tenth of the random draws.
        if (slot % BiasWalkSlots == 0)
        {
            for (int i = 0; i < 3; i++)
            {
                gyroBias[i] += gyroWalkSigma * noise.Normal();
                accelBias[i] += accelWalkSigma * noise.Normal();
            }
        }

        slot++;
        NextSampleTimeUs = ScheduleSlot(slot);
        if (lost)
        {
            DroppedCount++;
            return false;
        }

        DeliveredCount++;
        var rate = body.BodyRate;
        var force = body.SpecificForceBody;
        sample.TimestampUs = stamp;
        sample.GyroX = Measure(rate.X, gyroBias[0], gyroSigma, spec.GyroLsbRadS);
        sample.GyroY = Measure(rate.Y, gyroBias[1], gyroSigma, spec.GyroLsbRadS);
        sample.GyroZ = Measure(rate.Z, gyroBias[2], gyroSigma, spec.GyroLsbRadS);
        sample.AccelX = Measure(force.X, accelBias[0], accelSigma, spec.AccelLsbMs2);
        sample.AccelY = Measure(force.Y, accelBias[1], accelSigma, spec.AccelLsbMs2);
        sample.AccelZ = Measure(force.Z, accelBias[2], accelSigma, spec.AccelLsbMs2);
        return true;
    }

    private bool DrawLoss()
    {
        if (stallRemaining > 0)
        {
            stallRemaining--;
            return true;
        }

        if (conditions.BurstProbability > 0 && timing.Uniform() < conditions.BurstProbability)
        {
            stallRemaining = Math.Max(0, conditions.BurstLengthSamples - 1);
            return true;
        }

        return conditions.DropProbability > 0 && timing.Uniform() < conditions.DropProbability;
    }

    private long ScheduleSlot(long k)
    {
        double t = NominalSlotTimeUs(k);
        if (conditions.JitterFraction > 0)
        {
            t += (timing.Uniform() - 0.5) * conditions.JitterFraction * periodUs;
        }

        // A sample cannot be stamped before the clock starts.
        return Math.Max(startUs, (long)Math.Round(t));
    }

    private int Measure(double truth, double bias, double sigma, double lsb)
    {
        double v = truth + bias + sigma * noise.Normal();
        // Two's-complement 16-bit output register: clip at full scale, quantise to the LSB.
        double counts = Math.Round(v / lsb);
        if (counts > 32767)
        {
            counts = 32767;
        }
        else if (counts < -32768)
        {
            counts = -32768;
        }

        return (int)Math.Round(counts * lsb * 65536.0);
    }
}
