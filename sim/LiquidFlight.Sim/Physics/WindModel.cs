namespace LiquidFlight.Sim.Physics;

/// <summary>
/// Wind in NED: a steady horizontal mean (direction drawn from the seed), continuous turbulence as first-order
/// Gauss-Markov processes per axis (a Dryden-like spectrum with time constant L/V), and discrete gusts with the
/// 1-cos shape of the airworthiness standards, arriving as a Poisson process in random horizontal directions.
/// </summary>
public sealed class WindModel
{
    private const double TurbulenceLengthM = 30;

    private readonly GaussianRandom random;
    private readonly Vec3 mean;
    private readonly double turbulenceSigma;
    private readonly double gustRatePerS;
    private readonly double gustPeakMs;
    private readonly double meanSpeed;

    private Vec3 turbulence;
    private double gustStart = double.NaN;
    private double gustDuration;
    private Vec3 gustDirection;

    public WindModel(WindConditions conditions, int seed)
    {
        random = new GaussianRandom(seed);
        meanSpeed = conditions.MeanSpeedMs;
        double heading = random.Uniform(0, 2 * Math.PI);
        mean = new Vec3(Math.Cos(heading) * meanSpeed, Math.Sin(heading) * meanSpeed, 0);
        turbulenceSigma = conditions.TurbulenceSigmaMs;
        gustRatePerS = conditions.GustRatePerS;
        gustPeakMs = conditions.GustPeakMs;
    }

    public bool IsCalm => meanSpeed == 0 && turbulenceSigma == 0 && (gustRatePerS == 0 || gustPeakMs == 0);

    public Vec3 Current { get; private set; }

    /// <summary>The steady part of the wind (NED, m/s): a craft that has been flying level drifts with it.</summary>
    public Vec3 Mean => mean;

    /// <summary>Advances the wind to time <paramref name="t"/> (s) over a step of <paramref name="dt"/>.</summary>
    public Vec3 Step(double t, double dt)
    {
        if (IsCalm)
        {
            return Current = Vec3.Zero;
        }

        if (turbulenceSigma > 0)
        {
            double tau = TurbulenceLengthM / Math.Max(meanSpeed, 1);
            double a = Math.Exp(-dt / tau);
            double b = turbulenceSigma * Math.Sqrt(1 - a * a);
            turbulence = new Vec3(
                a * turbulence.X + b * random.Normal(),
                a * turbulence.Y + b * random.Normal(),
                a * turbulence.Z + 0.5 * b * random.Normal());
        }

        var gust = Vec3.Zero;
        if (gustRatePerS > 0 && gustPeakMs > 0)
        {
            if (double.IsNaN(gustStart) || t > gustStart + gustDuration)
            {
                if (random.Uniform() < gustRatePerS * dt)
                {
                    gustStart = t;
                    gustDuration = random.Uniform(0.3, 1.5);
                    double heading = random.Uniform(0, 2 * Math.PI);
                    gustDirection = new Vec3(Math.Cos(heading), Math.Sin(heading), random.Uniform(-0.3, 0.3));
                }
            }

            if (!double.IsNaN(gustStart) && t <= gustStart + gustDuration)
            {
                double phase = (t - gustStart) / gustDuration;
                gust = gustDirection * (gustPeakMs * 0.5 * (1 - Math.Cos(2 * Math.PI * phase)));
            }
        }

        return Current = mean + turbulence + gust;
    }
}

/// <summary>Wind settings: mean speed, turbulence intensity and discrete gusts (all m/s, rate per second).</summary>
public readonly record struct WindConditions(double MeanSpeedMs, double TurbulenceSigmaMs, double GustRatePerS, double GustPeakMs)
{
    public static readonly WindConditions Calm = new(0, 0, 0, 0);

    /// <summary>
    /// The composition the --wind knob gives: turbulence at 20% of the mean (moderate, per MIL-F-8785C-like
    /// intensities near the ground) and one gust about every two seconds peaking at the mean speed.
    /// </summary>
    public static WindConditions FromMeanSpeed(double meanSpeedMs) =>
        meanSpeedMs <= 0 ? Calm : new WindConditions(meanSpeedMs, 0.2 * meanSpeedMs, 0.5, meanSpeedMs);
}
