using LiquidFlight.Core.Flight;
using LiquidFlight.Core.FixedPoint;
using LiquidFlight.Core.Links;
using LiquidFlight.Sim.Physics;
using LiquidFlight.Sim.Scenarios;

namespace LiquidFlight.Sim.Runner;

/// <summary>
/// The pilot on the transmitter. Angle mode leaves collective thrust to the pilot, so this pilot holds altitude
/// the way a person does (watching the craft: a slow PID on height with tilt compensation, from the nominal hover
/// throttle, knowing nothing of a payload) and moves the roll/pitch/yaw sticks to the scenario's setpoints. It
/// updates at RC-link rate and produces channel pulse widths (µs) on the AETR channels plus the arm switch, which
/// reach the board as CRSF frames and go through Core's channel map, exactly as a transmitter's do. The controller
/// under test only ever sees the sticks, never this pilot's knowledge.
///
/// Before the flight the craft is held (a hand launch): the pilot keeps the throttle low and the arm switch off
/// until the board has calibrated its gyro, switches it on, and once the board has armed raises the throttle to
/// the hover stick over <see cref="SpoolUpS"/> and holds it for <see cref="SpoolHoldS"/>; then the craft is
/// released (<see cref="ReadyToRelease"/>).
/// </summary>
public sealed class ScenarioPilot
{
    public const double UpdateHz = 100;

    /// <summary>Throttle ramp from low to the hover stick after arming, s.</summary>
    public const double SpoolUpS = 0.2;

    /// <summary>Hover stick held before release, s (the rotors reach their speed: motor lag is 5-50 ms).</summary>
    public const double SpoolHoldS = 0.2;

    public const int ArmSwitchOffUs = 1000;
    public const int ArmSwitchOnUs = 2000;

    private const double HeightGain = 1.2;      // (m/s^2) per m
    private const double ClimbRateGain = 1.8;   // (m/s^2) per m/s
    private const double HeightIntegralGain = 0.4;

    private readonly Scenario scenario;
    private readonly EscMotorModel esc;
    private readonly RcChannelMap map;
    private readonly double nominalMass;
    private readonly double thrustCoefficient;
    private readonly double maxAngleRad;
    private readonly double idle;
    private readonly double maxYawRateRadS;
    private readonly double targetHeight;
    private double heightIntegral;
    private double? armedAtS;

    public ScenarioPilot(Scenario scenario, EscMotorModel esc, double nominalMassKg, double thrustCoefficient,
        FlightLoopConfig config, double targetHeightM, RcChannelMap map)
    {
        this.scenario = scenario;
        this.esc = esc;
        this.map = map;
        nominalMass = nominalMassKg;
        this.thrustCoefficient = thrustCoefficient;
        maxAngleRad = config.MaxAngleRad / (double)Q16.One;
        idle = config.IdleThrottle / (double)Q16.One;
        maxYawRateRadS = config.MaxYawRateRadS / (double)Q16.One;
        targetHeight = targetHeightM;
        HoverStick = ThrottleStick(0, 1);
        Current = scenario.SetpointAt(0);
    }

    /// <summary>The setpoint the pilot is flying at time t (what the metrics compare against).</summary>
    public SetpointStep Current { get; private set; }

    /// <summary>Throttle stick [0, 1] for the nominal hover, level.</summary>
    public double HoverStick { get; }

    /// <summary>Before the flight: armed, spooled up and held long enough for the craft to be let go.</summary>
    public bool ReadyToRelease { get; private set; }

    /// <summary>
    /// The pre-flight on the held craft at board time <paramref name="boardS"/>: arm switch and throttle into
    /// <paramref name="channelUs"/> from what the pilot sees (the board's calibration finished, the props armed).
    /// </summary>
    public void Preflight(double boardS, bool boardCalibrated, bool boardArmed, int[] channelUs)
    {
        double throttle = 0;
        bool armSwitch = boardCalibrated;
        if (boardArmed)
        {
            armedAtS ??= boardS;
            double since = boardS - armedAtS.Value;
            throttle = HoverStick * Math.Min(1, since / SpoolUpS);
            ReadyToRelease = since >= SpoolUpS + SpoolHoldS;
        }

        WriteChannels(channelUs, 0, 0, 0, throttle, armSwitch);
    }

    /// <summary>In flight at scenario time <paramref name="t"/>: sticks to the setpoints, throttle holding height.</summary>
    public void Update(double t, double dt, QuadrotorBody body, int[] channelUs)
    {
        Current = scenario.SetpointAt(t);
        double roll = Current.RollDeg * Math.PI / 180 / maxAngleRad;
        double pitch = Current.PitchDeg * Math.PI / 180 / maxAngleRad;
        double yaw = Current.YawRateDegS * Math.PI / 180 / maxYawRateRadS;

        double height = -body.Position.Z;
        double climbRate = -body.Velocity.Z;
        double error = targetHeight - height;
        heightIntegral = Math.Clamp(heightIntegral + error * dt, -10, 10);
        double accel = HeightGain * error - ClimbRateGain * climbRate + HeightIntegralGain * heightIntegral;
        double tiltCos = Math.Max(Math.Cos(body.Attitude.TiltRadians), 0.5);
        WriteChannels(channelUs, roll, pitch, yaw, ThrottleStick(accel, tiltCos), true);
    }

    private double ThrottleStick(double accel, double tiltCos)
    {
        double thrust = Math.Max(0, nominalMass * (QuadrotorBody.Gravity + accel) / tiltCos);
        double rotorSpeed = Math.Sqrt(thrust / (QuadrotorBody.MotorCount * thrustCoefficient));
        // The mixer maps the throttle stick onto [idle, 1] of the ESC range.
        double escThrottle = esc.ThrottleForRotorSpeed(rotorSpeed);
        return Math.Clamp(Math.Min((escThrottle - idle) / (1 - idle), 0.9), 0, 1);
    }

    /// <summary>
    /// Stick deflections (aircraft sense, [-1, 1]; throttle [0, 1]) to the pulse widths Core's channel map reads
    /// back to them: its deadband and travel inverted, pitch forward = nose down, rounded to the µs.
    /// </summary>
    private void WriteChannels(int[] ch, double roll, double pitch, double yaw, double throttle, bool armSwitch)
    {
        ch[map.RollChannel] = StickUs(roll);
        ch[map.PitchChannel] = StickUs(map.PitchStickForwardIsNoseUp ? pitch : -pitch);
        ch[map.YawChannel] = StickUs(yaw);
        ch[map.ThrottleChannel] = map.ThrottleMinUs + (int)Math.Round(Math.Clamp(throttle, 0, 1) * (map.ThrottleMaxUs - map.ThrottleMinUs));
        ch[map.ArmChannel] = armSwitch ? ArmSwitchOnUs : ArmSwitchOffUs;
    }

    private int StickUs(double v)
    {
        v = Math.Clamp(v, -1, 1);
        if (v == 0)
        {
            return map.StickCentreUs;
        }

        double magnitude = map.StickDeadbandUs + Math.Abs(v) * (map.StickHalfTravelUs - map.StickDeadbandUs);
        return map.StickCentreUs + (int)Math.Round(Math.Sign(v) * magnitude);
    }
}
