using LiquidFlight.Core.Control;
using LiquidFlight.Core.FixedPoint;
using LiquidFlight.Sim.Frames;
using LiquidFlight.Sim.Physics;

namespace LiquidFlight.Sim.Tests.Flight;

/// <summary>
/// DESIGN.md section 5, end to end on the real chain: Core's QuadXMixer -> Core's EscTiming pulses -> ESC/motor model ->
/// rigid body. A positive command on one axis must rotate the craft positively about that body axis only
/// (roll right = right wing down, pitch = nose up, yaw = nose right), checked on the physics' truth.
/// </summary>
public class MixerAxisTests
{
    private const double G = 9.80665;

    private static Vec3 RateAfterCommand(string frameName, double roll, double pitch, double yaw)
    {
        var frame = TestFrames.WithoutDrag(FrameCatalog.Get(frameName));
        var esc = new EscMotorModel(frame);
        var mixer = new QuadXMixer(0);
        var body = new QuadrotorBody(frame) { Position = new Vec3(0, 0, -100) };

        // Throttle at hover so that the command is a pure differential about an equilibrium.
        double hover = Math.Sqrt(frame.MassKg * G / (4 * frame.Motor.ThrustCoefficient));
        int throttle = (int)Math.Round(esc.ThrottleForRotorSpeed(hover) * Q16.One);
        var command = new AxisCommand
        {
            Roll = (int)Math.Round(roll * Q16.One),
            Pitch = (int)Math.Round(pitch * Q16.One),
            Yaw = (int)Math.Round(yaw * Q16.One),
        };
        var outputs = new int[4];
        var pulses = new int[4];
        mixer.Mix(throttle, command, outputs);
        frame.Esc.Timing.ToPulses(outputs, pulses);
        body.SetRotorSpeeds(esc.RotorSpeedCommand(esc.PulseForRotorSpeed(hover)));
        for (int m = 0; m < 4; m++)
        {
            body.SetRotorSpeedCommand(m, esc.RotorSpeedCommand(pulses[m]));
        }

        for (int i = 0; i < 400; i++)
        {
            body.Step(250e-6);
        }

        return body.BodyRate;
    }

    [Theory]
    [MemberData(nameof(TestFrames.Names), MemberType = typeof(TestFrames))]
    public void Positive_roll_command_rolls_right_wing_down(string frame)
    {
        var w = RateAfterCommand(frame, 0.1, 0, 0);
        Assert.True(w.X > 0.5, $"p = {w.X} rad/s");
        Assert.True(Math.Abs(w.Y) < 0.05 * w.X && Math.Abs(w.Z) < 0.05 * w.X, $"cross-coupling: {w}");
        Assert.True(RateAfterCommand(frame, -0.1, 0, 0).X < -0.5);
    }

    [Theory]
    [MemberData(nameof(TestFrames.Names), MemberType = typeof(TestFrames))]
    public void Positive_pitch_command_raises_the_nose(string frame)
    {
        var w = RateAfterCommand(frame, 0, 0.1, 0);
        Assert.True(w.Y > 0.5, $"q = {w.Y} rad/s");
        Assert.True(Math.Abs(w.X) < 0.05 * w.Y && Math.Abs(w.Z) < 0.05 * w.Y, $"cross-coupling: {w}");
        Assert.True(RateAfterCommand(frame, 0, -0.1, 0).Y < -0.5);
    }

    [Theory]
    [MemberData(nameof(TestFrames.Names), MemberType = typeof(TestFrames))]
    public void Positive_yaw_command_turns_the_nose_right(string frame)
    {
        var w = RateAfterCommand(frame, 0, 0, 0.2);
        Assert.True(w.Z > 0.05, $"r = {w.Z} rad/s");
        Assert.True(Math.Abs(w.X) < 0.05 * w.Z && Math.Abs(w.Y) < 0.05 * w.Z, $"cross-coupling: {w}");
        Assert.True(RateAfterCommand(frame, 0, 0, -0.2).Z < -0.05);
    }
}
