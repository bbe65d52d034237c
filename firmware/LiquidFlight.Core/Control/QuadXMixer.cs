using LiquidFlight.Core.FixedPoint;

namespace LiquidFlight.Core.Control
{
    /// <summary>Quad-X mixer (placeholder body).</summary>
    public sealed class QuadXMixer
    {
        public const int MotorCount = 4;

        private readonly int idleThrottle;
        private readonly int escMinPulseUs;
        private readonly int escMaxPulseUs;

        public QuadXMixer(int idleThrottle, int escMinPulseUs, int escMaxPulseUs)
        {
            this.idleThrottle = idleThrottle;
            this.escMinPulseUs = escMinPulseUs;
            this.escMaxPulseUs = escMaxPulseUs;
        }

        public void Mix(int throttle, AxisCommand command, int[] motorOutputs)
        {
            for (int i = 0; i < MotorCount; i++)
            {
                motorOutputs[i] = Q16.Clamp(throttle, idleThrottle, Q16.One);
            }
        }

        public void ToPulses(int[] motorOutputs, int[] pulsesUs)
        {
            for (int i = 0; i < MotorCount; i++)
            {
                pulsesUs[i] = escMinPulseUs + Q16.ToIntRound(motorOutputs[i] * (escMaxPulseUs - escMinPulseUs));
            }
        }

        public void Disarmed(int[] motorOutputs, int[] pulsesUs)
        {
            for (int i = 0; i < MotorCount; i++)
            {
                motorOutputs[i] = 0;
                pulsesUs[i] = escMinPulseUs;
            }
        }
    }
}
