using LiquidFlight.Core.FixedPoint;
using LiquidFlight.Core.Flight;
using LiquidFlight.Sim.Frames;

namespace LiquidFlight.Sim.Runner;

/// <summary>The flight-loop settings a board built on this frame would ship with (the ESC signal is the frame's EscSpec).</summary>
public static class FrameLoopConfig
{
    /// <summary>
    /// Mahony accelerometer gain used in flight (rad/s per unit of gravity-direction error). While a multirotor
    /// tilts and accelerates sideways its accelerometer reads the thrust axis, not gravity, for about m / c_drag
    /// (3 s for the 250 frame); a gain of 1 (Core's default) pulls the estimate most of the way to "level" in that
    /// time and angle mode then over-tilts by 10-15 deg in the attitude steps. 0.1 keeps that error to a few
    /// degrees and still removes a 0.1 deg/s gyro bias to within 1 deg (bias / gain). Betaflight's default
    /// (imu_dcm_kp 2500 = 0.25) is of the same order.
    /// </summary>
    public static readonly int EstimatorKp = Q16.FromRatio(1, 10);

    public static FlightLoopConfig For(FrameSpec frame)
    {
        var config = new FlightLoopConfig
        {
            EstimatorKp = EstimatorKp,
        };
        return config;
    }
}
