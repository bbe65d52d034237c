using LiquidFlight.Sim.Physics;

namespace LiquidFlight.Sim.Tests.Physics;

/// <summary>
/// DESIGN.md section 5 layout, checked on the physics alone: M1 rear-right CW, M2 front-right CCW,
/// M3 rear-left CCW, M4 front-left CW (seen from above). Motors are 0-based here (M1 = 0).
/// </summary>
public class MotorGeometryTests
{
    private const double G = 9.80665;

    private static QuadrotorBody HoverThenBoost(int[] boosted, double ratio = 1.05)
    {
        var frame = TestFrames.WithoutDrag(TestFrames.Get("quad250-brushless"));
        var body = new QuadrotorBody(frame);
        double hover = Math.Sqrt(frame.MassKg * G / (4 * frame.Motor.ThrustCoefficient));
        body.Position = new Vec3(0, 0, -50);
        body.SetRotorSpeeds(hover);
        foreach (int m in boosted)
        {
            body.SetRotorSpeedCommand(m, hover * ratio);
        }

        for (int i = 0; i < 200; i++)
        {
            body.Step(250e-6);
        }

        return body;
    }

    [Fact]
    public void Left_motors_faster_rolls_right_wing_down()
    {
        var body = HoverThenBoost([2, 3]);
        Assert.True(body.BodyRate.X > 0.1, $"p = {body.BodyRate.X}");
        Assert.True(Math.Abs(body.BodyRate.Y) < 0.01 * body.BodyRate.X);
        Assert.True(body.Attitude.Roll > 0);
    }

    [Fact]
    public void Front_motors_faster_pitches_nose_up()
    {
        var body = HoverThenBoost([1, 3]);
        Assert.True(body.BodyRate.Y > 0.1, $"q = {body.BodyRate.Y}");
        Assert.True(Math.Abs(body.BodyRate.X) < 0.01 * body.BodyRate.Y);
        Assert.True(body.Attitude.Pitch > 0);
    }

    [Fact]
    public void Counter_clockwise_motors_faster_yaws_nose_right()
    {
        // M2 and M3 spin CCW seen from above; their extra drag torque turns the body the other way: clockwise
        // seen from above, which is nose right (positive yaw about the down axis).
        var body = HoverThenBoost([1, 2]);
        Assert.True(body.BodyRate.Z > 0.01, $"r = {body.BodyRate.Z}");
        Assert.True(Math.Abs(body.BodyRate.X) < 1e-6 && Math.Abs(body.BodyRate.Y) < 1e-6);
    }

    [Fact]
    public void Roll_torque_matches_arm_geometry()
    {
        // Expected: two motors at y = -L sin45 each add dT = kf (w1^2 - w0^2); roll torque = 2 dT L sin45;
        // after the lag settles, p' = torque / Ixx.
        var frame = TestFrames.WithoutDrag(TestFrames.Get("quad250-brushless"));
        double hover = Math.Sqrt(frame.MassKg * G / (4 * frame.Motor.ThrustCoefficient));
        var fast = new QuadrotorBody(frame);
        double w1 = hover * 1.02;
        double dT = frame.Motor.ThrustCoefficient * (w1 * w1 - hover * hover);
        double torque = 2 * dT * frame.ArmLengthM * Math.Sqrt(0.5);
        fast.Position = new Vec3(0, 0, -50);
        fast.SetRotorSpeeds(hover);
        // M3 and M4 (left) commanded to w1; the lag takes them there with the frame's time constant.
        fast.SetRotorSpeedCommand(2, w1);
        fast.SetRotorSpeedCommand(3, w1);
        for (int i = 0; i < 4000; i++)
        {
            fast.Step(25e-6);
        }

        // 0.1 s: the lag has mostly settled; compare the rate gained in the next 10 ms with torque / Ixx.
        double p0 = fast.BodyRate.X;
        for (int i = 0; i < 400; i++)
        {
            fast.Step(25e-6);
        }

        double measured = (fast.BodyRate.X - p0) / 0.01;
        double lagFactor = 1 - Math.Exp(-0.1 / frame.Motor.TimeConstantS);
        Assert.InRange(measured, torque / frame.InertiaXx * lagFactor * 0.9, torque / frame.InertiaXx * 1.02);
    }
}
