using LiquidFlight.Core.Flight;

namespace LiquidFlight.Sim.Board;

/// <summary>The board cycle's motor output in the simulator: the pulses go to the ESC/motor model.</summary>
public sealed class SimulatedMotors : IMotorOutput
{
    public readonly int[] PulsesUs = new int[4];

    public bool Armed { get; private set; }

    public void Write(int[] pulsesUs, bool armed)
    {
        Array.Copy(pulsesUs, PulsesUs, 4);
        Armed = armed;
    }
}
