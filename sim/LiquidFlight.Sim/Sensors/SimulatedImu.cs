using System.Runtime.CompilerServices;
using LiquidFlight.Core.Sensors.Imu;
using LiquidFlight.Sim.Frames;
using LiquidFlight.Sim.Physics;

namespace LiquidFlight.Sim.Sensors;

/// <summary>
/// What the board reads from its IMU, down to the register bytes: the physics truth (body rates, specific force
/// in FRD) plus a per-axis constant bias, a random-walk bias drift and white noise (noise density over the
/// sensor's bandwidth), rotated into the chip's own axes (the frame's mounting), clipped to full scale and
/// quantised to the datasheet LSB of Core's register map, written as the 14-byte burst of the frame's IMU
/// (big-endian words in the device layout, the temperature word included, with its own LSB noise as on real
/// parts), and delivered at irregular microsecond timestamps with jitter, independent drops and bus-stall bursts
/// (see <see cref="ImuConditions"/>). Core's converter turns the bytes into samples exactly as on the board.
/// Timing, measurement and temperature noise draw from separate seeded streams, so changing the timing knobs
/// does not reshuffle the noise.
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
    private readonly double gyroCountsPerRadS, accelCountsPerMs2;
    private readonly GaussianRandom temperatureNoise;
    private readonly int accelOffset, gyroOffset, temperatureOffset, temperatureCounts;

    // Chip axis read by body axis x, y, z and its sign (body[i] = sign[i] * chip[source[i]], Core's AxisAlignment).
    private readonly int sourceX, sourceY, sourceZ;
    private readonly double signX, signY, signZ;
    private readonly double[] gyroBias = new double[3];
    private readonly double[] accelBias = new double[3];

    private long slot;
    private int stallRemaining;
    private bool nextLost;
    private bool followingLost;

    public SimulatedImu(ImuSpec spec, ImuConditions conditions, int seed, long startUs = 0, AxisAlignment? mounting = null)
    {
        this.spec = spec;
        this.conditions = conditions;
        timing = new GaussianRandom(GaussianRandom.DeriveSeed(seed, 1));
        noise = new GaussianRandom(GaussianRandom.DeriveSeed(seed, 2));
        periodUs = 1e6 / conditions.RateHz;
        this.startUs = startUs;

        gyroCountsPerRadS = 1 / spec.GyroLsbRadS;
        accelCountsPerMs2 = 1 / spec.AccelLsbMs2;
        temperatureNoise = new GaussianRandom(GaussianRandom.DeriveSeed(seed, 3));
        var profile = spec.Profile;
        accelOffset = profile.AccelOffset;
        gyroOffset = profile.GyroOffset;
        temperatureOffset = profile.TemperatureOffset;
        // A die at 30 degC: MPU-6050 raw = (T - 36.53) * 340, ICM-42688-P raw = (T - 25) * 132.48.
        temperatureCounts = profile.Kind == ImuDeviceKind.Mpu6050 ? -2220 : 662;
        var m = mounting ?? AxisAlignment.For(BoardRotation.Cw0);
        sourceX = m.SourceX;
        sourceY = m.SourceY;
        sourceZ = m.SourceZ;
        signX = m.SignX;
        signY = m.SignY;
        signZ = m.SignZ;

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

        // The timing stream is drawn one slot ahead (slot k's stamp, then its loss, then slot k + 1's stamp and
        // loss...): the same draws in the same order as drawing each slot when it is consumed, so that a caller
        // can ask whether the following slot will be delivered (see FollowingSlotDelivered).
        NextSampleTimeUs = ScheduleSlot(0);
        nextLost = DrawLoss();
        FollowingSampleTimeUs = ScheduleSlot(1);
        followingLost = DrawLoss();
    }

    public ImuConditions Conditions => conditions;

    /// <summary>Per-sample white-noise standard deviation of the gyro (rad/s) after scaling.</summary>
    public double GyroNoiseSigma => gyroSigma;

    /// <summary>Per-sample white-noise standard deviation of the accelerometer (m/s^2) after scaling.</summary>
    public double AccelNoiseSigma => accelSigma;

    /// <summary>The timestamp (µs) of the next sample slot, delivered or not.</summary>
    public long NextSampleTimeUs { get; private set; }

    /// <summary>The timestamp (µs) of the slot after the next one, delivered or not.</summary>
    public long FollowingSampleTimeUs { get; private set; }

    /// <summary>Whether the slot after the next one (at <see cref="FollowingSampleTimeUs"/>) will deliver its sample.</summary>
    public bool FollowingSlotDelivered => !followingLost;

    public long DeliveredCount { get; private set; }
    public long DroppedCount { get; private set; }

    /// <summary>Nominal slot time of slot k (µs, unrounded), for checking the jitter distribution.</summary>
    public double NominalSlotTimeUs(long k) => startUs + k * periodUs;

    /// <summary>
    /// Consumes the current slot: measures the body (taken as it is now, at or just after the slot time) and
    /// writes the burst and its stamp into <paramref name="readout"/>; returns false when the sample is lost
    /// (then <paramref name="readout"/> is untouched).
    /// </summary>
    public bool Sample(QuadrotorBody body, ImuReadout readout) => Sample(body.BodyRate, body.SpecificForceBody, readout);

    /// <summary>
    /// As <see cref="Sample(QuadrotorBody, ImuReadout)"/> with the true body rate (rad/s, FRD) and specific force
    /// (m/s^2, FRD) given at the slot time, e.g. interpolated between two physics steps.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool Sample(Vec3 rate, Vec3 force, ImuReadout readout)
    {
        long stamp = NextSampleTimeUs;
        Span<double> normals = stackalloc double[6];
        if (!Advance(normals))
        {
            return false;
        }

        byte[] b = readout.Burst;
        readout.TimestampUs = stamp;
        // Body axis i is read by chip axis source[i] with sign[i]: the chip sees sign[i] * body[i] there.
        Put(b, gyroOffset + 2 * sourceX, Counts(signX * (rate.X + gyroBias[0] + gyroSigma * normals[0]), gyroCountsPerRadS));
        Put(b, gyroOffset + 2 * sourceY, Counts(signY * (rate.Y + gyroBias[1] + gyroSigma * normals[1]), gyroCountsPerRadS));
        Put(b, gyroOffset + 2 * sourceZ, Counts(signZ * (rate.Z + gyroBias[2] + gyroSigma * normals[2]), gyroCountsPerRadS));
        Put(b, accelOffset + 2 * sourceX, Counts(signX * (force.X + accelBias[0] + accelSigma * normals[3]), accelCountsPerMs2));
        Put(b, accelOffset + 2 * sourceY, Counts(signY * (force.Y + accelBias[1] + accelSigma * normals[4]), accelCountsPerMs2));
        Put(b, accelOffset + 2 * sourceZ, Counts(signZ * (force.Z + accelBias[2] + accelSigma * normals[5]), accelCountsPerMs2));
        // The temperature word carries a couple of LSB of noise, as every real part's does (uniform in +-2).
        Put(b, temperatureOffset, temperatureCounts + (int)(temperatureNoise.Uniform() * 5) - 2);
        return true;
    }

    /// <summary>One big-endian 16-bit register word.</summary>
    private static void Put(byte[] burst, int offset, int counts)
    {
        burst[offset] = (byte)(counts >> 8);
        burst[offset + 1] = (byte)counts;
    }

    /// <summary>
    /// Consumes the current slot without producing its reading, for a sample the reader will never see (a newer
    /// one replaces it first). Every random stream advances exactly as <see cref="Sample(Vec3, Vec3, ImuReadout)"/>
    /// would advance it, white-noise draws included, so the samples that are read stay the same bit for bit; only
    /// the measurement arithmetic is saved. Returns whether the slot delivered (counted as delivered).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public bool SampleUnread()
    {
        Span<double> normals = stackalloc double[6];
        if (!Advance(normals))
        {
            return false;
        }

        temperatureNoise.Uniform();
        return true;
    }

    /// <summary>
    /// One slot of the streams: loss (drawn one slot ahead), bias walk, the schedule of the slot after next and,
    /// when delivered, the six white-noise deviates (gyro x, y, z, accel x, y, z) into <paramref name="normals"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool Advance(Span<double> normals)
    {
        bool lost = nextLost;

        // The sensor keeps running while the bus is lost: bias keeps drifting. The walk is advanced every
        // BiasWalkSlots slots with the matching variance: the same random walk at the drift's time scale
        // (minutes), for a tenth of the random draws.
        if (slot % BiasWalkSlots == 0)
        {
            // Drawn gyro x, accel x, gyro y, accel y, gyro z, accel z.
            noise.NextNormals(normals);
            for (int i = 0; i < 3; i++)
            {
                gyroBias[i] += gyroWalkSigma * normals[2 * i];
                accelBias[i] += accelWalkSigma * normals[(2 * i) + 1];
            }
        }

        slot++;
        NextSampleTimeUs = FollowingSampleTimeUs;
        nextLost = followingLost;
        FollowingSampleTimeUs = ScheduleSlot(slot + 1);
        followingLost = DrawLoss();
        if (lost)
        {
            DroppedCount++;
            return false;
        }

        DeliveredCount++;
        noise.NextNormals(normals);
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

    /// <summary>Two's-complement 16-bit output register: quantise to the LSB, clip at full scale.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Counts(double value, double countsPerUnit)
    {
        double counts = Math.Round(value * countsPerUnit);
        if (counts > 32767)
        {
            return 32767;
        }

        return counts < -32768 ? -32768 : (int)counts;
    }
}
