using System.Runtime.CompilerServices;
using LiquidFlight.Sim.Frames;

namespace LiquidFlight.Sim.Physics;

/// <summary>
/// 6-DoF rigid-body quadrotor in double precision: world NED, body FRD, quaternion attitude, Euler's rotation
/// equation with the omega x I omega term, four rotors with a first-order speed lag, thrust kf w^2 along -z,
/// reaction torque km w^2 against each rotor's spin, linear airframe drag (relative to the wind) acting at a
/// centre of pressure above the centre of mass, gravity, and a flat ground at z = 0.
/// Integration per step: the rotor lag is solved exactly (exponential approach to the held command) and the
/// forces use each rotor's exact mean speed over the step; rates and velocity then advance by the step's force,
/// and attitude and position by the mean of the rates (velocities) at both ends of the step (trapezoidal). Against
/// the former end-of-step (semi-implicit Euler) forces and rates this cuts the step error about 70-fold, so a 1 ms
/// step is some 30 times closer to a 5 µs reference than the former 500 µs step was (PhysicsStepConvergenceTests).
/// Motor order and positions follow DESIGN.md section 5: M1 rear-right, M2 front-right, M3 rear-left,
/// M4 front-left; spin seen from above: M1 CW, M2 CCW, M3 CCW, M4 CW (props in).
/// </summary>
public sealed class QuadrotorBody
{
    public const double Gravity = 9.80665;
    public const int MotorCount = 4;

    // Quad-X geometry in units of the arm's x/y projection (arm * sin 45), motors M1..M4:
    // x (forward) = -1, 1, -1, 1; y (right) = 1, 1, -1, -1; clockwise seen from above = 1, 0, 0, 1
    // (a clockwise rotor spins along body +z, down, so its drag torque on the body is -z). Step uses these signs.

    private readonly double mass, invMass, invIxx, invIyy, invIzz;
    private readonly double ixx, iyy, izz;
    private readonly double kf, km;
    private readonly double armProjection;
    private readonly double motorTimeConstant;
    private readonly double dragXy, dragZ, dragAngular, centerOfPressureZ;

    private readonly double[] rotorSpeed = new double[MotorCount];
    private readonly double[] rotorSpeedCommand = new double[MotorCount];

    private double cachedLagDt = -1;
    private double cachedLagAlpha;
    private double cachedMeanFraction;

    public QuadrotorBody(FrameSpec frame, double massScale = 1, double inertiaScale = 1, double motorLagScale = 1)
    {
        mass = frame.MassKg * massScale;
        ixx = frame.InertiaXx * inertiaScale;
        iyy = frame.InertiaYy * inertiaScale;
        izz = frame.InertiaZz * inertiaScale;
        invMass = 1 / mass;
        invIxx = 1 / ixx;
        invIyy = 1 / iyy;
        invIzz = 1 / izz;
        kf = frame.Motor.ThrustCoefficient;
        km = frame.Motor.TorqueCoefficient;
        armProjection = frame.ArmLengthM * Math.Sqrt(0.5);
        motorTimeConstant = frame.Motor.TimeConstantS * motorLagScale;
        dragXy = frame.Drag.LinearXy;
        dragZ = frame.Drag.LinearZ;
        dragAngular = frame.Drag.Angular;
        centerOfPressureZ = -frame.Drag.CenterOfPressureAboveCgM;
        Attitude = Attitude.Level;
    }

    public double Mass => mass;
    public double ThrustCoefficient => kf;

    /// <summary>Position in NED (m); z = 0 is the ground, altitude is -z.</summary>
    public Vec3 Position;

    /// <summary>Velocity in NED (m/s).</summary>
    public Vec3 Velocity;

    /// <summary>Body to world rotation.</summary>
    public Attitude Attitude;

    /// <summary>Body rates p, q, r in FRD (rad/s).</summary>
    public Vec3 BodyRate;

    /// <summary>Air velocity in NED (m/s) set by the wind model before each step.</summary>
    public Vec3 Wind;

    /// <summary>World acceleration of the last step (m/s^2), including the ground reaction; for the accelerometer.</summary>
    public Vec3 Acceleration { get; private set; }

    /// <summary>Fastest downward speed at which the craft touched the ground so far (m/s; 0 if never).</summary>
    public double MaxTouchdownSpeed { get; private set; }

    public bool OnGround { get; private set; }

    public double RotorSpeed(int motor) => rotorSpeed[motor];

    public void SetRotorSpeedCommand(int motor, double radPerS) => rotorSpeedCommand[motor] = radPerS;

    /// <summary>Sets all rotors (command and actual) to one speed, e.g. a hover start.</summary>
    public void SetRotorSpeeds(double radPerS)
    {
        for (int i = 0; i < MotorCount; i++)
        {
            rotorSpeed[i] = radPerS;
            rotorSpeedCommand[i] = radPerS;
        }
    }

    /// <summary>Specific force (what an ideal accelerometer reads) in body FRD: R^T (a - g).</summary>
    public Vec3 SpecificForceBody => Attitude.WorldToBody(Acceleration - new Vec3(0, 0, Gravity));

    public double HoverRotorSpeed => Math.Sqrt(mass * Gravity / (MotorCount * kf));

    /// <summary>
    /// Advances only the rotors (their exact first-order lag) while the airframe is held still, e.g. in a hand
    /// before launch: pose, velocity and rates stay as they are.
    /// </summary>
    public void StepRotors(double dt)
    {
        double alpha = 1 - Math.Exp(-dt / motorTimeConstant);
        for (int i = 0; i < MotorCount; i++)
        {
            rotorSpeed[i] += (rotorSpeedCommand[i] - rotorSpeed[i]) * alpha;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Step(double dt)
    {
        // Rotor speeds: exact first-order response over the step (stable for any dt).
        if (dt != cachedLagDt)
        {
            cachedLagDt = dt;
            cachedLagAlpha = 1 - Math.Exp(-dt / motorTimeConstant);
            // Mean of w0 + (c - w0)(1 - exp(-t/tau)) over the step: w0 + (c - w0)(1 - tau/dt alpha); 1 for tau = 0.
            cachedMeanFraction = motorTimeConstant > 0 ? 1 - (motorTimeConstant / dt * cachedLagAlpha) : 1;
        }

        // Unrolled over the four rotors with the geometry of the class summary written into the signs:
        // r x (0, 0, -T) gives roll = -y T, pitch = x T; a clockwise rotor's drag torque on the body is -z.
        double alpha = cachedLagAlpha;
        double mean = cachedMeanFraction;
        var w = rotorSpeed;
        var cmd = rotorSpeedCommand;
        double w0 = w[0] + (cmd[0] - w[0]) * mean;
        double w1 = w[1] + (cmd[1] - w[1]) * mean;
        double w2 = w[2] + (cmd[2] - w[2]) * mean;
        double w3 = w[3] + (cmd[3] - w[3]) * mean;
        w[0] += (cmd[0] - w[0]) * alpha;
        w[1] += (cmd[1] - w[1]) * alpha;
        w[2] += (cmd[2] - w[2]) * alpha;
        w[3] += (cmd[3] - w[3]) * alpha;
        double s0 = w0 * w0, s1 = w1 * w1, s2 = w2 * w2, s3 = w3 * w3;
        double thrust = kf * (s0 + s1 + s2 + s3);
        double rollTorque = kf * (-s0 - s1 + s2 + s3);
        double pitchTorque = kf * (-s0 + s1 - s2 + s3);
        double yawTorque = km * (-s0 + s1 + s2 - s3);

        rollTorque *= armProjection;
        pitchTorque *= armProjection;

        // Body-to-world rotation matrix, once per step (used both ways).
        var a = Attitude;
        double xx = a.X * a.X, yy = a.Y * a.Y, zz = a.Z * a.Z;
        double xy = a.X * a.Y, xz = a.X * a.Z, yz = a.Y * a.Z, wx = a.W * a.X, wy = a.W * a.Y, wz = a.W * a.Z;
        double r00 = 1 - 2 * (yy + zz), r01 = 2 * (xy - wz), r02 = 2 * (xz + wy);
        double r10 = 2 * (xy + wz), r11 = 1 - 2 * (xx + zz), r12 = 2 * (yz - wx);
        double r20 = 2 * (xz - wy), r21 = 2 * (yz + wx), r22 = 1 - 2 * (xx + yy);

        // Airframe drag in body axes from the air-relative velocity (R^T v), acting at the centre of pressure.
        double vx = Velocity.X - Wind.X, vy = Velocity.Y - Wind.Y, vz = Velocity.Z - Wind.Z;
        double dragX = -dragXy * (r00 * vx + r10 * vy + r20 * vz);
        double dragY = -dragXy * (r01 * vx + r11 * vy + r21 * vz);
        double dragZ = -this.dragZ * (r02 * vx + r12 * vy + r22 * vz);
        // r_cp x F with r_cp = (0, 0, zcp).
        rollTorque += -centerOfPressureZ * dragY;
        pitchTorque += centerOfPressureZ * dragX;

        double p = BodyRate.X, q = BodyRate.Y, r = BodyRate.Z;
        // omega x (I omega)
        double gx = (izz - iyy) * q * r, gy = (ixx - izz) * r * p, gz = (iyy - ixx) * p * q;
        var rate = new Vec3(
            p + dt * (rollTorque - gx - dragAngular * p) * invIxx,
            q + dt * (pitchTorque - gy - dragAngular * q) * invIyy,
            r + dt * (yawTorque - gz - dragAngular * r) * invIzz);

        double fz = dragZ - thrust;
        var accel = new Vec3(
            (r00 * dragX + r01 * dragY + r02 * fz) * invMass,
            (r10 * dragX + r11 * dragY + r12 * fz) * invMass,
            (r20 * dragX + r21 * dragY + r22 * fz) * invMass + Gravity);
        var velocity = Velocity + accel * dt;
        var position = Position + ((Velocity + velocity) * (0.5 * dt));

        OnGround = false;
        if (position.Z >= 0)
        {
            ResolveGroundContact(ref position, ref velocity, ref accel, ref rate, dt);
        }

        BodyRate = rate;
        Attitude = Attitude.Integrate((new Vec3(p, q, r) + rate) * 0.5, dt);
        Velocity = velocity;
        Position = position;
        Acceleration = accel;
    }

    /// <summary>
    /// Landing gear and frame compliance: downward speed into the ground decays with this time constant (s), so an
    /// impact is a deceleration of about speed / 10 ms lasting some 30 ms (1 m/s: 10 g peak, a 1 cm stroke), as
    /// skids, foam or a flexing frame give, instead of a stop within one physics step that a 500 Hz board reading
    /// every other 1 kHz sample would see or miss by chance.
    /// </summary>
    public const double GroundDampingTimeConstantS = 0.01;

    /// <summary>
    /// The ground pushes back only: position clamps to z = 0, downward speed is absorbed by the gear's damping
    /// (<see cref="GroundDampingTimeConstantS"/>; the impact speed is recorded for crash detection), and friction
    /// stops sliding and spinning while the craft rests on it.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ResolveGroundContact(ref Vec3 position, ref Vec3 velocity, ref Vec3 accel, ref Vec3 rate, double dt)
    {
        if (velocity.Z > MaxTouchdownSpeed)
        {
            MaxTouchdownSpeed = velocity.Z;
        }

        double previousVz = Velocity.Z;
        double sinking = Math.Max(previousVz, 0) * Math.Exp(-dt / GroundDampingTimeConstantS);
        position = new Vec3(position.X, position.Y, 0);
        velocity = new Vec3(velocity.X * 0.5, velocity.Y * 0.5, Math.Min(velocity.Z, sinking));
        accel = new Vec3(accel.X, accel.Y, (velocity.Z - previousVz) / dt);
        rate *= 0.5;
        OnGround = true;
    }
}
