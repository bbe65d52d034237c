namespace LiquidFlight.Core.Control
{
    /// <summary>
    /// The stabiliser plug-in point, in the style of the Crazyflie controller table: every attitude controller
    /// (the LTC network, the cascaded PID, anything added later) turns a setpoint and the vehicle's estimated
    /// state into normalised axis commands. The flight loop owns the objects passed in and reuses them every
    /// cycle; an implementation must not allocate or throw in <see cref="Update"/>.
    /// </summary>
    public interface IController
    {
        /// <summary>Short identifier for logs and telemetry ("pid", "ltc").</summary>
        string Name { get; }

        /// <summary>Forget all internal state (integrators, filters, neuron states); called on arming and disarming.</summary>
        void Reset();

        /// <summary>
        /// One control step. <paramref name="dtUs"/> is the real time since the previous step, taken from the IMU
        /// sample timestamps (0 on the first step after a reset or when time did not advance); implementations
        /// must tolerate 0 by not integrating. Writes roll/pitch/yaw in [-1, 1] into <paramref name="output"/>.
        /// </summary>
        void Update(ControlSetpoint setpoint, VehicleState state, long dtUs, AxisCommand output);
    }
}
