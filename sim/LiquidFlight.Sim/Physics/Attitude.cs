using System.Runtime.CompilerServices;

namespace LiquidFlight.Sim.Physics;

/// <summary>
/// Unit quaternion rotating body FRD vectors into the world NED frame (w + xi + yj + zk), with the
/// conversions the simulator needs. Euler angles follow the aerospace ZYX convention (yaw, pitch, roll).
/// </summary>
public readonly struct Attitude(double w, double x, double y, double z)
{
    public readonly double W = w;
    public readonly double X = x;
    public readonly double Y = y;
    public readonly double Z = z;

    public static readonly Attitude Level = new(1, 0, 0, 0);

    public static Attitude FromEuler(double roll, double pitch, double yaw)
    {
        double cr = Math.Cos(roll / 2), sr = Math.Sin(roll / 2);
        double cp = Math.Cos(pitch / 2), sp = Math.Sin(pitch / 2);
        double cy = Math.Cos(yaw / 2), sy = Math.Sin(yaw / 2);
        return new Attitude(
            cr * cp * cy + sr * sp * sy,
            sr * cp * cy - cr * sp * sy,
            cr * sp * cy + sr * cp * sy,
            cr * cp * sy - sr * sp * cy);
    }

    public double Roll => Math.Atan2(2 * (W * X + Y * Z), 1 - 2 * (X * X + Y * Y));

    public double Pitch
    {
        get
        {
            double s = 2 * (W * Y - Z * X);
            return Math.Asin(s > 1 ? 1 : (s < -1 ? -1 : s));
        }
    }

    public double Yaw => Math.Atan2(2 * (W * Z + X * Y), 1 - 2 * (Y * Y + Z * Z));

    /// <summary>Cosine of the tilt: the world-z component of body z (1 = level, -1 = inverted).</summary>
    public double TiltCosine => 1 - 2 * (X * X + Y * Y);

    /// <summary>Angle between body z and world z (0 = level, pi = inverted).</summary>
    public double TiltRadians
    {
        get
        {
            double c = 1 - 2 * (X * X + Y * Y);
            return Math.Acos(c > 1 ? 1 : (c < -1 ? -1 : c));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vec3 BodyToWorld(Vec3 v)
    {
        // v' = v + 2 q_v x (q_v x v + w v)
        var qv = new Vec3(X, Y, Z);
        var t = Vec3.Cross(qv, v) * 2;
        return v + t * W + Vec3.Cross(qv, t);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Vec3 WorldToBody(Vec3 v)
    {
        var qv = new Vec3(-X, -Y, -Z);
        var t = Vec3.Cross(qv, v) * 2;
        return v + t * W + Vec3.Cross(qv, t);
    }

    /// <summary>First-order integration of the body rate over dt, renormalised (dt is small against 1/|omega|).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Attitude Integrate(Vec3 omegaBody, double dt)
    {
        double h = 0.5 * dt;
        double p = omegaBody.X * h, q = omegaBody.Y * h, r = omegaBody.Z * h;
        double nw = W - X * p - Y * q - Z * r;
        double nx = X + W * p + Y * r - Z * q;
        double ny = Y + W * q - X * r + Z * p;
        double nz = Z + W * r + X * q - Y * p;
        double inv = 1.0 / Math.Sqrt(nw * nw + nx * nx + ny * ny + nz * nz);
        return new Attitude(nw * inv, nx * inv, ny * inv, nz * inv);
    }
}
