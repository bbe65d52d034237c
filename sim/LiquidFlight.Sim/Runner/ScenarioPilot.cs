using LiquidFlight.Core.Flight;
using LiquidFlight.Core.FixedPoint;
using LiquidFlight.Sim.Physics;
using LiquidFlight.Sim.Scenarios;

namespace LiquidFlight.Sim.Runner;

/// <summary>
/// The pilot on the sticks. Angle mode leaves collective thrust to the pilot, so this pilot holds altitude the way
/// a person does (watching the craft: a slow PID on height with tilt compensation, from the nominal hover throttle,
/// knowing nothing of a payload) and moves the roll/pitch/yaw sticks to the scenario's setpoints. It updates at
/// RC-link rate. The controller under test only ever sees the sticks, never this pilot's knowledge.
/// </summary>
public sealed class ScenarioPilot
{
    public const double UpdateHz = 100;

    private const double HeightGain = 1.2;      // (m/s^2) per m
    private const double ClimbRateGain = 1.8;   // (m/s^2) per m/s
    private const double HeightIntegralGain = 0.4;

    private readonly Scenario scenario;
    private readonly EscMotorModel esc;
    private readonly double nominalMass;
    private readonly double thrustCoefficient;
    private readonly double maxAngleRad;
    private readonly double idle;
    private readonly double maxYawRateRadS;
    private readonly double targetHeight;
    private double heightIntegral;

    public ScenarioPilot(Scenario scenario, EscMotorModel esc, double nominalMassKg, double thrustCoefficient,
        FlightLoopConfig config, double targetHeightM)
    {
        this.scenario = scenario;
        this.esc = esc;
        nominalMass = nominalMassKg;
        this.thrustCoefficient = thrustCoefficient;
        maxAngleRad = config.MaxAngleRad / (double)Q16.One;
        idle = config.IdleThrottle / (double)Q16.One;
        maxYawRateRadS = config.MaxYawRateRadS / (double)Q16.One;
        targetHeight = targetHeightM;
    }

    /// <summary>The setpoint the pilot is flying at time t (what the metrics compare against).</summary>
    public SetpointStep Current { get; private set; }

    public void Update(double t, double dt, QuadrotorBody body, PilotInput sticks)
    {
        Current = scenario.SetpointAt(t);
        sticks.Roll = Stick(Current.RollDeg * Math.PI / 180 / maxAngleRad);
        sticks.Pitch = Stick(Current.PitchDeg * Math.PI / 180 / maxAngleRad);
        sticks.Yaw = Stick(Current.YawRateDegS * Math.PI / 180 / maxYawRateRadS);

        double height = -body.Position.Z;
        double climbRate = -body.Velocity.Z;
        double error = targetHeight - height;
        heightIntegral = Math.Clamp(heightIntegral + error * dt, -10, 10);
        double accel = HeightGain * error - ClimbRateGain * climbRate + HeightIntegralGain * heightIntegral;
        double tiltCos = Math.Max(Math.Cos(body.Attitude.TiltRadians), 0.5);
        double thrust = Math.Max(0, nominalMass * (QuadrotorBody.Gravity + accel) / tiltCos);
        double rotorSpeed = Math.Sqrt(thrust / (QuadrotorBody.MotorCount * thrustCoefficient));
        // The mixer maps the throttle stick onto [idle, 1] of the ESC range.
        double escThrottle = esc.ThrottleForRotorSpeed(rotorSpeed);
        sticks.Throttle = Stick(Math.Min((escThrottle - idle) / (1 - idle), 0.9));
    }

    private static int Stick(double v) => (int)Math.Round(Math.Clamp(v, -1, 1) * Q16.One);
}
