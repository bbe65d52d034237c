using LiquidFlight.Core.Control;
using LiquidFlight.Core.FixedPoint;

namespace LiquidFlight.Core.Tests.Control;

public class QuadXMixerTests
{
    private const int One = Q16.One;

    private static int Q(double v) => (int)Math.Round(v * One);

    private static QuadXMixer NewMixer(double idle = 0.0) => new QuadXMixer(Q(idle));

    private static int[] Mix(QuadXMixer mixer, double throttle, double roll, double pitch, double yaw)
    {
        var outputs = new int[4];
        mixer.Mix(Q(throttle), new AxisCommand { Roll = Q(roll), Pitch = Q(pitch), Yaw = Q(yaw) }, outputs);
        return outputs;
    }

    [Fact]
    public void TableIsBetaflightQuadXAsWrittenInTheDesign()
    {
        int[,] design =
        {
            { 1, -1, 1, -1 },  // M1 rear-right
            { 1, -1, -1, 1 },  // M2 front-right
            { 1, 1, 1, 1 },    // M3 rear-left
            { 1, 1, -1, -1 },  // M4 front-left
        };
        for (int m = 0; m < 4; m++)
        {
            for (int c = 0; c < 4; c++)
            {
                Assert.Equal(design[m, c], QuadXMixer.TableEntry(m, c));
            }
        }
    }

    /// <summary>
    /// Body torque (FRD) from motor thrust changes, from geometry rather than from the table: motor i at (x, y)
    /// pushing along -z gives r x F = (-y T, x T, 0); a prop spinning clockwise seen from above (about +z, down)
    /// reacts on the body with a negative yaw torque proportional to its thrust.
    /// </summary>
    private static (double Roll, double Pitch, double Yaw) Torque(int[] outputs, int[] baseline)
    {
        double[] x = { -1, 1, -1, 1 };   // M1 rear, M2 front, M3 rear, M4 front
        double[] y = { 1, 1, -1, -1 };   // M1 right, M2 right, M3 left, M4 left
        double[] spin = { 1, -1, -1, 1 }; // +1 = clockwise from above: M1 CW, M2 CCW, M3 CCW, M4 CW (props-in)
        double roll = 0, pitch = 0, yaw = 0;
        for (int m = 0; m < 4; m++)
        {
            double dT = (outputs[m] - baseline[m]) / (double)One;
            roll += -y[m] * dT;
            pitch += x[m] * dT;
            yaw += -spin[m] * dT;
        }

        return (roll, pitch, yaw);
    }

    [Fact]
    public void EachAxisCommandProducesTorqueOfItsSignAboutItsAxisOnly()
    {
        var mixer = NewMixer(idle: 0.05);
        int[] baseline = Mix(mixer, 0.5, 0, 0, 0);

        var roll = Torque(Mix(mixer, 0.5, 0.2, 0, 0), baseline);
        Assert.True(roll.Roll > 0.5, $"positive roll command must roll right: {roll}");
        Assert.Equal(0, roll.Pitch, 6);
        Assert.Equal(0, roll.Yaw, 6);

        var pitch = Torque(Mix(mixer, 0.5, 0, 0.2, 0), baseline);
        Assert.True(pitch.Pitch > 0.5, $"positive pitch command must raise the nose: {pitch}");
        Assert.Equal(0, pitch.Roll, 6);
        Assert.Equal(0, pitch.Yaw, 6);

        var yaw = Torque(Mix(mixer, 0.5, 0, 0, 0.2), baseline);
        Assert.True(yaw.Yaw > 0.5, $"positive yaw command must turn the nose right: {yaw}");
        Assert.Equal(0, yaw.Roll, 6);
        Assert.Equal(0, yaw.Pitch, 6);
    }

    [Fact]
    public void PositiveRollSpeedsUpTheLeftMotors()
    {
        int[] o = Mix(NewMixer(), 0.5, 0.1, 0, 0);
        // M3, M4 left: 0.5 + 0.1; M1, M2 right: 0.5 - 0.1 (no idle).
        Assert.Equal(new[] { Q(0.4), Q(0.4), Q(0.6), Q(0.6) }, o);
    }

    [Fact]
    public void SaturationAtHighThrottleShiftsThrottleAndKeepsTheDifferential()
    {
        var mixer = NewMixer();
        int[] o = Mix(mixer, 0.95, 0.3, 0, 0);
        // Left motors want 1.25: throttle drops to 0.7 so left = 1.0, right = 0.4; roll differential 0.6 kept.
        Assert.Equal(new[] { Q(0.4), Q(0.4), One, One }, o);
        Assert.True(mixer.ThrottleShifted);
        Assert.False(mixer.DifferentialScaled);
    }

    [Fact]
    public void SaturationAtZeroThrottleRaisesThrottleAndKeepsTheDifferential()
    {
        var mixer = NewMixer();
        int[] o = Mix(mixer, 0.0, 0, 0, -0.25);
        // Yaw -0.25: M1, M4 (CW) +0.25, M2, M3 -0.25; throttle rises to 0.25.
        Assert.Equal(new[] { Q(0.5), 0, 0, Q(0.5) }, o);
        Assert.True(mixer.ThrottleShifted);
    }

    [Fact]
    public void OversizedCommandsAreScaledTogetherSoTheTorqueRatiosHold()
    {
        var mixer = NewMixer();
        int[] o = Mix(mixer, 0.5, 0.8, 0.4, 0);
        // d = roll r_i + pitch p_i (-0.4, the FRD pitch negated into Betaflight's column):
        // M1 -0.8-0.4 = -1.2, M2 -0.8+0.4 = -0.4, M3 0.8-0.4 = 0.4, M4 0.8+0.4 = 1.2 (front-left works hardest).
        // Spread 2.4 > 1: scaled by 1/2.4 to -0.5, -0.1667, 0.1667, 0.5; throttle 0.5 fits.
        Assert.True(mixer.DifferentialScaled);
        Assert.InRange(o[0], 0, 1);
        Assert.InRange(o[1], Q(0.5 - 0.4 / 2.4) - 1, Q(0.5 - 0.4 / 2.4) + 1);
        Assert.InRange(o[2], Q(0.5 + 0.4 / 2.4) - 1, Q(0.5 + 0.4 / 2.4) + 1);
        Assert.InRange(o[3], One - 1, One);
        var t = Torque(o, new[] { Q(0.5), Q(0.5), Q(0.5), Q(0.5) });
        Assert.Equal(2.0, t.Roll / t.Pitch, 3); // commanded ratio 0.8 : 0.4
        foreach (int v in o)
        {
            Assert.InRange(v, 0, One);
        }
    }

    [Fact]
    public void IdleRaisesTheFloor()
    {
        var mixer = NewMixer(idle: 0.05);
        int[] o = Mix(mixer, 0.0, 0, 0, 0);
        Assert.All(o, v => Assert.Equal(Q(0.05), v));
        o = Mix(mixer, 1.0, 0, 0, 0);
        Assert.All(o, v => Assert.Equal(One, v));
    }

    [Fact]
    public void IdleAndStoppedIgnoreTheCommandAndClearTheSaturationFlags()
    {
        var mixer = new QuadXMixer(Q(0.05));
        var outputs = new[] { 5, 6, 7, 8 };
        Mix(mixer, 1.0, 1.0, 1.0, 1.0);
        Assert.True(mixer.Saturated);
        mixer.Idle(outputs);
        Assert.Equal(new[] { Q(0.05), Q(0.05), Q(0.05), Q(0.05) }, outputs);
        Assert.False(mixer.Saturated);
        Mix(mixer, 1.0, 1.0, 1.0, 1.0);
        mixer.Stopped(outputs);
        Assert.Equal(new[] { 0, 0, 0, 0 }, outputs);
        Assert.False(mixer.Saturated);
    }

    [Fact]
    public void OutOfRangeInputsAreClampedNotWrapped()
    {
        var mixer = NewMixer();
        var outputs = new int[4];
        mixer.Mix(int.MaxValue, new AxisCommand { Roll = int.MinValue, Pitch = int.MaxValue, Yaw = int.MinValue }, outputs);
        Assert.All(outputs, v => Assert.InRange(v, 0, One));
        var t = Torque(outputs, new[] { Q(0.5), Q(0.5), Q(0.5), Q(0.5) });
        Assert.True(t.Roll < 0 && t.Pitch > 0 && t.Yaw < 0, $"saturated commands keep their signs: {t}");
    }
}
