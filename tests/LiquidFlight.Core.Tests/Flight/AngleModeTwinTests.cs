using LiquidFlight.Core.Control;
using LiquidFlight.Core.FixedPoint;
using LiquidFlight.Core.Flight;

namespace LiquidFlight.Core.Tests.Flight;

public class AngleModeTwinTests
{
    private const int One = Q16.One;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Written_out_update_equals_the_plain_one_bit_for_bit(int seed)
    {
        var rng = new Random(seed);
        int[] edges = { int.MinValue, int.MinValue + 1, -One - 1, -One, -One + 1, -1, 0, 1, One - 1, One, One + 1, int.MaxValue - 1, int.MaxValue };
        int Value(int scale) => rng.Next(4) == 0 ? edges[rng.Next(edges.Length)] : rng.Next(-scale, scale + 1);
        var fast = new AngleMode(0, 0, 0);
        var plain = new PlainAngleMode();
        var pilot = new PilotInput();
        var a = new ControlSetpoint();
        var b = new ControlSetpoint();
        int deadbanded = 0, saturated = 0, clamped = 0;
        for (int k = 0; k < 50_000; k++)
        {
            if (k % 100 == 0)
            {
                plain.MaxAngleRad = Value(4 * One);
                plain.MaxYawRateRadS = Value(40 * One);
                plain.StickDeadband = rng.Next(3) == 0 ? 0 : Value(One / 4);
                fast = new AngleMode(plain.MaxAngleRad, plain.MaxYawRateRadS, plain.StickDeadband);
            }

            pilot.Roll = Value(2 * One);
            pilot.Pitch = Value(2 * One);
            pilot.Yaw = Value(2 * One);
            pilot.Throttle = Value(2 * One);
            fast.Update(pilot, a);
            plain.Update(pilot, b);
            Assert.Equal((b.RollRad, b.PitchRad, b.YawRateRadS, b.Throttle), (a.RollRad, a.PitchRad, a.YawRateRadS, a.Throttle));
            deadbanded += a.RollRad == 0 && pilot.Roll != 0 && fast.StickDeadband > 0 ? 1 : 0;
            saturated += a.RollRad == int.MaxValue || a.RollRad == int.MinValue || a.YawRateRadS == int.MaxValue || a.YawRateRadS == int.MinValue ? 1 : 0;
            clamped += Math.Abs((long)pilot.Roll) > One ? 1 : 0;
        }

        // The edges were reached: sticks inside the deadband, results at the int limits, sticks beyond full travel.
        Assert.True(deadbanded > 100, $"{deadbanded} deadbanded");
        Assert.True(saturated > 10, $"{saturated} saturated");
        Assert.True(clamped > 1000, $"{clamped} clamped");
    }
}
