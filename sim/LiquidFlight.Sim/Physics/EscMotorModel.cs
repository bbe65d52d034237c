using System.Runtime.CompilerServices;
using LiquidFlight.Sim.Frames;

namespace LiquidFlight.Sim.Physics;

/// <summary>
/// ESC (or brushed MOSFET driver) + motor steady state: pulse width -> commanded rotor speed. The throttle
/// fraction is the pulse's position in the protocol range; the loaded rotor speed follows
/// w = w_max * throttle^e (e from thrust-stand data, see the frame file). The dynamic lag is in the body.
/// A pulse at or below the minimum stops the motor, as a calibrated ESC does.
/// </summary>
public sealed class EscMotorModel
{
    private readonly int minPulseUs;
    private readonly int maxPulseUs;
    private readonly double maxRotorSpeed;
    private readonly double exponent;

    // Rotor speed per whole-µs pulse over the protocol range: the flight loop emits integer pulses every cycle,
    // so the power curve is evaluated once per pulse value instead of four times per cycle. Entries are filled on
    // first use (negative = not yet): a flight visits a few hundred of the pulse values, and the model is built
    // per flight.
    private readonly double[] rotorSpeedByPulse;

    public EscMotorModel(FrameSpec frame)
        : this(frame.Esc.MinPulseUs, frame.Esc.MaxPulseUs, frame.Motor.MaxRotorSpeedRadS, frame.Motor.RotorSpeedCurveExponent)
    {
    }

    public EscMotorModel(int minPulseUs, int maxPulseUs, double maxRotorSpeedRadS, double curveExponent)
    {
        this.minPulseUs = minPulseUs;
        this.maxPulseUs = maxPulseUs;
        maxRotorSpeed = maxRotorSpeedRadS;
        exponent = curveExponent;
        rotorSpeedByPulse = new double[maxPulseUs - minPulseUs + 1];
        Array.Fill(rotorSpeedByPulse, -1.0);
    }

    public int MinPulseUs => minPulseUs;
    public int MaxPulseUs => maxPulseUs;

    public double ThrottleFraction(int pulseUs)
    {
        double t = (double)(pulseUs - minPulseUs) / (maxPulseUs - minPulseUs);
        return t <= 0 ? 0 : (t >= 1 ? 1 : t);
    }

    public double RotorSpeedCommand(int pulseUs)
    {
        if (pulseUs <= minPulseUs)
        {
            return 0;
        }

        int index = pulseUs >= maxPulseUs ? rotorSpeedByPulse.Length - 1 : pulseUs - minPulseUs;
        double speed = rotorSpeedByPulse[index];
        return speed >= 0 ? speed : FillRotorSpeed(index);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private double FillRotorSpeed(int index) => rotorSpeedByPulse[index] = CurveRotorSpeed(minPulseUs + index);

    private double CurveRotorSpeed(int pulseUs)
    {
        double t = ThrottleFraction(pulseUs);
        return t <= 0 ? 0 : maxRotorSpeed * Math.Pow(t, exponent);
    }

    /// <summary>The throttle fraction whose steady rotor speed is <paramref name="rotorSpeed"/> (inverse curve).</summary>
    public double ThrottleForRotorSpeed(double rotorSpeed)
    {
        double r = rotorSpeed / maxRotorSpeed;
        return r <= 0 ? 0 : (r >= 1 ? 1 : Math.Pow(r, 1 / exponent));
    }

    /// <summary>The pulse (rounded to the µs) whose steady rotor speed is closest to <paramref name="rotorSpeed"/>.</summary>
    public int PulseForRotorSpeed(double rotorSpeed) =>
        minPulseUs + (int)Math.Round(ThrottleForRotorSpeed(rotorSpeed) * (maxPulseUs - minPulseUs));
}
