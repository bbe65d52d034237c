using LiquidFlight.Sim.Faults;

namespace LiquidFlight.Sim.Scenarios;

/// <summary>The named scenarios. Nominal ones show the controller doing its job; stress ones push one condition hard.</summary>
public static class ScenarioCatalog
{
    // Roll/pitch steps of up to 25 deg held 1.5 s: large enough to need real authority, small enough for angle mode.
    private static readonly SetpointStep[] StepSequence =
    [
        new(0.0, 0, 0),
        new(1.0, 20, 0),
        new(2.5, -20, 0),
        new(4.0, 0, 15),
        new(5.5, 0, -25),
        new(7.0, 15, 15, 90),
        new(8.5, 0, 0),
    ];

    private static readonly SetpointStep[] Level = [new(0.0, 0, 0)];

    public static readonly IReadOnlyList<Scenario> All =
    [
        new Scenario
        {
            Name = "hover-recovery",
            Kind = ScenarioKind.Nominal,
            Description = "Hovering, knocked at 1 s to 600 deg/s roll, -450 deg/s pitch, 200 deg/s yaw rate; level and hold hover",
            DefaultSeconds = 6,
            KickTimeS = 1.0,
            KickDegS = (600, -450, 200),
            Setpoints = Level,
        },
        new Scenario
        {
            Name = "attitude-steps",
            Kind = ScenarioKind.Nominal,
            Description = "Roll, pitch and combined steps up to 25 deg (one with a 90 deg/s yaw rate), 1.5 s apart",
            DefaultSeconds = 10,
            Setpoints = StepSequence,
        },
        new Scenario
        {
            Name = "gusts",
            Kind = ScenarioKind.Stress,
            Description = "Hold level in 8 m/s wind with turbulence and 1-cos gusts up to 8 m/s (--wind)",
            DefaultSeconds = 10,
            Setpoints = [new(0.0, 0, 0), new(5.0, 10, 0), new(7.0, 0, 0)],
            WindMs = 8,
        },
        new Scenario
        {
            Name = "irregular-sampling",
            Kind = ScenarioKind.Stress,
            Description = "Attitude steps with IMU jitter 0.8 period, 20% drops and 10 ms bus stalls (--jitter, --dropout, --burst, --burst-length)",
            DefaultSeconds = 10,
            Setpoints = StepSequence,
            Jitter = 0.8,
            Dropout = 0.2,
            BurstProbability = 0.005,
            BurstLengthSamples = 10,
        },
        new Scenario
        {
            Name = "heavy-payload",
            Kind = ScenarioKind.Stress,
            Description = "Attitude steps carrying 50% more mass and 80% more inertia (--mass-scale, --inertia-scale)",
            DefaultSeconds = 10,
            Setpoints = StepSequence,
            MassScale = 1.5,
            InertiaScale = 1.8,
        },
        new Scenario
        {
            Name = "noisy-imu",
            Kind = ScenarioKind.Stress,
            Description = "Attitude steps with 15x IMU noise and bias drift, like a soft-mounted board on vibrating motors (--noise-scale)",
            DefaultSeconds = 10,
            Setpoints = StepSequence,
            NoiseScale = 15,
        },
        new Scenario
        {
            Name = "slow-motors",
            Kind = ScenarioKind.Stress,
            Description = "Attitude steps with motor time constants 2.5x the frame's (worn motors, sluggish ESCs) (--motor-lag-scale)",
            DefaultSeconds = 10,
            Setpoints = StepSequence,
            MotorLagScale = 2.5,
        },
    ];

    /// <summary>
    /// Failures injected in flight (issue 5, item 6): the Core safety supervisor flies with the loop and must end
    /// each with the motors off. Separate from <see cref="All"/> because they judge the failsafe, not the
    /// controller: a craft that falls after its motors were stopped on purpose is not a controller crash, so
    /// comparisons and training use <see cref="All"/> only. Each strikes at 1.5 s, mid roll step (+20 deg).
    /// </summary>
    public static readonly IReadOnlyList<Scenario> Faults =
    [
        new Scenario
        {
            Name = "rc-loss",
            Kind = ScenarioKind.Fault,
            Description = "Attitude steps at 30 m; the RC link is lost at 1.5 s for good: the failsafe levels, descends at 0.8 m/s and stops the motors at the touchdown it detects (--fault)",
            DefaultSeconds = 60,
            Setpoints = StepSequence,
            Fault = new FaultPlan(FaultKind.RcLoss, 1.5),
        },
        new Scenario
        {
            Name = "imu-dropout",
            Kind = ScenarioKind.Fault,
            Description = "Attitude steps; the IMU stops delivering samples at 1.5 s: the motors must stop within the stale-sample timeout (--fault)",
            DefaultSeconds = 4,
            Setpoints = StepSequence,
            Fault = new FaultPlan(FaultKind.ImuDropout, 1.5),
        },
        new Scenario
        {
            Name = "stuck-sensor",
            Kind = ScenarioKind.Fault,
            Description = "Attitude steps; from 1.5 s the IMU repeats its last reading: the motors must stop once the repeats are implausible (--fault)",
            DefaultSeconds = 4,
            Setpoints = StepSequence,
            Fault = new FaultPlan(FaultKind.StuckSensor, 1.5),
        },
    ];

    /// <summary>Controller scenarios (nominal and stress) then fault scenarios: everything `fly` accepts.</summary>
    public static IReadOnlyList<Scenario> WithFaults { get; } = [.. All, .. Faults];

    /// <summary>Names of the controller scenarios (nominal and stress).</summary>
    public static IReadOnlyList<string> Names => All.Select(s => s.Name).ToList();

    /// <summary>Names of every scenario, fault scenarios included.</summary>
    public static IReadOnlyList<string> NamesWithFaults => WithFaults.Select(s => s.Name).ToList();

    /// <summary>Looks a scenario up by name, fault scenarios included.</summary>
    public static bool TryGet(string name, out Scenario scenario)
    {
        scenario = WithFaults.FirstOrDefault(s => s.Name == name)!;
        return scenario != null;
    }
}
