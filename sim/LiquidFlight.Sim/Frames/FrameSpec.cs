using LiquidFlight.Core.Esc;
using LiquidFlight.Core.Sensors.Imu;

namespace LiquidFlight.Sim.Frames;

/// <summary>
/// The physical description of one airframe, read from hardware/frames/NAME.json. SI units throughout;
/// each number in the file carries its source in the file's "sources" object.
/// </summary>
public sealed class FrameSpec
{
    public required string Name { get; init; }
    public required string Description { get; init; }
    public required string SourcePath { get; init; }

    public required double MassKg { get; init; }
    public required double InertiaXx { get; init; }
    public required double InertiaYy { get; init; }
    public required double InertiaZz { get; init; }

    /// <summary>Distance from the centre of mass to each motor axis (quad-X: motors on the diagonals).</summary>
    public required double ArmLengthM { get; init; }

    public required MotorSpec Motor { get; init; }
    public required EscSpec Esc { get; init; }
    public required AirframeDragSpec Drag { get; init; }
    public required ImuSpec Imu { get; init; }

    /// <summary>Baseline PID gains for this airframe (names as in the frame file's "pid" object).</summary>
    public required IReadOnlyDictionary<string, double> PidGains { get; init; }

    public required IReadOnlyDictionary<string, string> Sources { get; init; }

    /// <summary>Rotor speed at which the four rotors carry the nominal weight: sqrt(m g / (4 kf)).</summary>
    public double HoverRotorSpeedRadS => Math.Sqrt(MassKg * Physics.QuadrotorBody.Gravity / (4 * Motor.ThrustCoefficient));
}

/// <summary>Motor + propeller: thrust kf w^2, drag torque km w^2, first-order speed lag.</summary>
public sealed class MotorSpec
{
    public required double ThrustCoefficient { get; init; }
    public required double TorqueCoefficient { get; init; }
    public required double MaxRotorSpeedRadS { get; init; }

    /// <summary>Exponent e of the steady-state throttle curve w = wMax * throttle^e (measured thrust curves are concave in rpm).</summary>
    public required double RotorSpeedCurveExponent { get; init; }

    public required double TimeConstantS { get; init; }
}

/// <summary>The motor drive signal as the flight controller produces it; pulse range and duty mapping are Core's.</summary>
public sealed class EscSpec
{
    /// <summary>The frame file's name of the protocol: "pwm", "oneshot125" or "brushed".</summary>
    public required string ProtocolName { get; init; }

    /// <summary>Core's ESC timing for this protocol and rate (pulse range, normalised -> pulse -> duty).</summary>
    public required EscTiming Timing { get; init; }

    public int MinPulseUs => Timing.MinPulseUs;
    public int MaxPulseUs => Timing.MaxPulseUs;
}

/// <summary>Airframe drag: linear in airspeed, applied at a centre of pressure above the centre of mass.</summary>
public sealed class AirframeDragSpec
{
    public required double LinearXy { get; init; }
    public required double LinearZ { get; init; }
    public required double Angular { get; init; }
    public required double CenterOfPressureAboveCgM { get; init; }
}

/// <summary>Inertial sensor characteristics (datasheet units in the file, SI here).</summary>
public sealed class ImuSpec
{
    public required string Model { get; init; }

    /// <summary>Core's register map of this IMU in the frame's ranges: burst layout and LSB sizes.</summary>
    public required ImuDeviceProfile Profile { get; init; }
    public required double RateHz { get; init; }
    /// <summary>Bandwidth the white noise density is integrated over (the sensor's digital low-pass).</summary>
    public required double NoiseBandwidthHz { get; init; }
    public required double GyroNoiseDensityRadSPerSqrtHz { get; init; }
    public required double AccelNoiseDensityMs2PerSqrtHz { get; init; }
    public required double GyroBiasSigmaRadS { get; init; }
    public required double GyroBiasRandomWalkRadSPerSqrtS { get; init; }
    public required double AccelBiasSigmaMs2 { get; init; }
    public required double AccelBiasRandomWalkMs2PerSqrtS { get; init; }
    public required double GyroRangeRadS { get; init; }
    public required double AccelRangeMs2 { get; init; }
    public required double GyroLsbRadS { get; init; }
    public required double AccelLsbMs2 { get; init; }
}
