using LiquidFlight.Core.Control;
using LiquidFlight.Core.Sensors;

namespace LiquidFlight.Core.Flight
{
    /// <summary>One cycle from IMU sample to motor pulses (placeholder body; the full pipeline replaces it).</summary>
    public sealed class FlightLoop
    {
        public readonly FlightLoopConfig Config;
        public readonly IController Controller;
        public readonly PilotInput Pilot = new PilotInput();
        public readonly AttitudeEstimator Estimator;
        public readonly VehicleState State = new VehicleState();
        public readonly ControlSetpoint Setpoint = new ControlSetpoint();
        public readonly AxisCommand Command = new AxisCommand();
        public readonly QuadXMixer Mixer;

        /// <summary>Normalised motor outputs of the last cycle, [0, 1] Q16.16, M1..M4.</summary>
        public readonly int[] MotorOutputs = new int[QuadXMixer.MotorCount];

        /// <summary>
        /// Output gate for supervision (failsafe, HIL output enable): while false the motors get the minimum
        /// pulse even if armed. Arming state is kept, so clearing the gate is not a disarm.
        /// </summary>
        public bool MotorOutputEnabled = true;

        private bool armed;

        public FlightLoop(FlightLoopConfig config, IController controller)
        {
            Config = config ?? new FlightLoopConfig();
            Controller = controller;
            Estimator = new AttitudeEstimator(Config.EstimatorKp, Config.EstimatorKi, Config.AccelTrustBand);
            Mixer = new QuadXMixer(Config.IdleThrottle, Config.EscMinPulseUs, Config.EscMaxPulseUs);
        }

        public bool Armed => armed;

        public void Arm()
        {
            armed = true;
        }

        public void Disarm()
        {
            armed = false;
        }

        public void RunCycle(long nowUs, ref ImuSample sample, bool sampleIsNew, int[] motorPulseUs)
        {
            if (motorPulseUs == null || motorPulseUs.Length < QuadXMixer.MotorCount)
            {
                return;
            }

            if (!armed || !MotorOutputEnabled)
            {
                Mixer.Disarmed(MotorOutputs, motorPulseUs);
                return;
            }

            Mixer.Mix(Pilot.Throttle, Command, MotorOutputs);
            Mixer.ToPulses(MotorOutputs, motorPulseUs);
        }
    }
}
