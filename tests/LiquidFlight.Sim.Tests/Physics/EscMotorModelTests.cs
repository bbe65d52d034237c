using LiquidFlight.Sim.Physics;

namespace LiquidFlight.Sim.Tests.Physics;

/// <summary>The pulse -> rotor speed curve w = w_max ((pulse - min) / (max - min))^e, filled on first use per pulse.</summary>
public class EscMotorModelTests
{
    [Fact]
    public void Every_pulse_gives_the_power_curve_on_first_and_repeated_use_in_any_order()
    {
        var esc = new EscMotorModel(1000, 2000, 2720, 0.7);
        var order = Enumerable.Range(900, 1201).ToArray();
        new Random(4).Shuffle(order);
        for (int pass = 0; pass < 2; pass++)
        {
            foreach (int pulse in order)
            {
                double throttle = Math.Clamp((pulse - 1000) / 1000.0, 0, 1);
                double expected = throttle <= 0 ? 0 : 2720 * Math.Pow(throttle, 0.7);
                Assert.Equal(expected, esc.RotorSpeedCommand(pulse));
            }
        }

        Assert.Equal(0, esc.RotorSpeedCommand(int.MinValue));
        Assert.Equal(2720, esc.RotorSpeedCommand(int.MaxValue));
    }
}
