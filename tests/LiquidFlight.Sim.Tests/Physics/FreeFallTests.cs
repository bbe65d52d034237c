using LiquidFlight.Sim.Physics;

namespace LiquidFlight.Sim.Tests.Physics;

public class FreeFallTests
{
    private const double G = 9.80665;

    [Theory]
    [MemberData(nameof(TestFrames.Names), MemberType = typeof(TestFrames))]
    public void Unpowered_body_falls_g_t_squared_over_two_until_the_ground(string frameName)
    {
        var body = new QuadrotorBody(TestFrames.WithoutDrag(TestFrames.Get(frameName)));
        const double height = 20;
        body.Position = new Vec3(0, 0, -height);
        const double dt = 250e-6;

        // 1.5 s of fall: z(t) = -h + g t^2 / 2 (semi-implicit Euler is within g dt t / 2 of it).
        int steps = 6000;
        for (int i = 0; i < steps; i++)
        {
            body.Step(dt);
        }

        double t = steps * dt;
        double expectedZ = -height + G * t * t / 2;
        Assert.InRange(body.Position.Z, expectedZ - 0.01, expectedZ + 0.01);
        Assert.InRange(body.Velocity.Z, G * t - 0.01, G * t + 0.01);
        Assert.InRange(body.Velocity.X, -1e-12, 1e-12);
        Assert.InRange(body.Attitude.TiltRadians, 0, 1e-12);

        // On to the ground: it stops there, does not fall through, and the impact speed is sqrt(2 g h).
        for (int i = 0; i < 8000; i++)
        {
            body.Step(dt);
            Assert.True(body.Position.Z <= 0, $"fell through the ground: z = {body.Position.Z}");
        }

        Assert.True(body.OnGround);
        Assert.Equal(0, body.Position.Z);
        double impact = Math.Sqrt(2 * G * height);
        Assert.InRange(body.MaxTouchdownSpeed, impact - 0.05, impact + 0.05);
    }

    [Fact]
    public void Resting_on_the_ground_the_accelerometer_reads_minus_g_on_body_z()
    {
        var body = new QuadrotorBody(TestFrames.Get("quad250-brushless"));
        body.Position = Vec3.Zero;
        for (int i = 0; i < 400; i++)
        {
            body.Step(250e-6);
        }

        var f = body.SpecificForceBody;
        Assert.InRange(f.Z, -G - 1e-9, -G + 1e-9);
        Assert.InRange(f.X, -1e-9, 1e-9);
        Assert.InRange(f.Y, -1e-9, 1e-9);
    }
}
