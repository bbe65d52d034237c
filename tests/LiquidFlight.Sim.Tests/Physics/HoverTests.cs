using LiquidFlight.Sim.Physics;

namespace LiquidFlight.Sim.Tests.Physics;

public class HoverTests
{
    private const double G = 9.80665;

    [Theory]
    [MemberData(nameof(TestFrames.Names), MemberType = typeof(TestFrames))]
    public void Rotors_at_sqrt_mg_over_4kf_hold_the_craft_still(string frameName)
    {
        // Expected hover speed from the file's own numbers: 4 kf w^2 = m g.
        double mass = TestFrames.RawNumber(frameName, "massKg");
        double kf = TestFrames.RawNumber(frameName, "motor.thrustCoefficientNPerRadS2");
        double hover = Math.Sqrt(mass * G / (4 * kf));

        var body = new QuadrotorBody(TestFrames.Get(frameName));
        body.Position = new Vec3(0, 0, -10);
        body.SetRotorSpeeds(hover);
        for (int i = 0; i < 8000; i++)
        {
            body.Step(250e-6);
        }

        Assert.InRange(body.Position.Z, -10 - 1e-6, -10 + 1e-6);
        Assert.InRange(body.Velocity.Length, 0, 1e-6);
        Assert.InRange(body.BodyRate.Length, 0, 1e-9);
        // Each rotor carries a quarter of the weight.
        for (int m = 0; m < 4; m++)
        {
            Assert.InRange(kf * body.RotorSpeed(m) * body.RotorSpeed(m), mass * G / 4 * (1 - 1e-9), mass * G / 4 * (1 + 1e-9));
        }

        // The accelerometer of a hovering craft reads one g of thrust, up.
        Assert.InRange(body.SpecificForceBody.Z, -G - 1e-6, -G + 1e-6);
    }

    [Theory]
    [InlineData(0.9)]
    [InlineData(1.1)]
    public void Off_hover_speed_accelerates_vertically_by_the_thrust_imbalance(double speedRatio)
    {
        const string frameName = "quad250-brushless";
        double mass = TestFrames.RawNumber(frameName, "massKg");
        double kf = TestFrames.RawNumber(frameName, "motor.thrustCoefficientNPerRadS2");
        double w = speedRatio * Math.Sqrt(mass * G / (4 * kf));
        double expectedDownAccel = G - 4 * kf * w * w / mass;

        var body = new QuadrotorBody(TestFrames.WithoutDrag(TestFrames.Get(frameName)));
        body.Position = new Vec3(0, 0, -50);
        body.SetRotorSpeeds(w);
        for (int i = 0; i < 4000; i++)
        {
            body.Step(250e-6);
        }

        Assert.InRange(body.Velocity.Z, expectedDownAccel * 1.0 - 0.01, expectedDownAccel * 1.0 + 0.01);
    }

    [Theory]
    [MemberData(nameof(TestFrames.Names), MemberType = typeof(TestFrames))]
    public void Motor_speed_follows_a_command_step_with_the_frames_time_constant(string frameName)
    {
        double tau = TestFrames.RawNumber(frameName, "motor.timeConstantS");
        var body = new QuadrotorBody(TestFrames.Get(frameName));
        body.Position = new Vec3(0, 0, -100);
        body.SetRotorSpeeds(0);
        for (int m = 0; m < 4; m++)
        {
            body.SetRotorSpeedCommand(m, 1000);
        }

        const double dt = 50e-6;
        int steps = (int)Math.Round(tau / dt);
        for (int i = 0; i < steps; i++)
        {
            body.Step(dt);
        }

        // After one time constant a first-order lag has covered 1 - 1/e of the step.
        double expected = 1000 * (1 - Math.Exp(-1));
        Assert.InRange(body.RotorSpeed(0), expected - 5, expected + 5);
    }
}
