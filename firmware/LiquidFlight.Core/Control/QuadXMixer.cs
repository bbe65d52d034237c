using LiquidFlight.Core.FixedPoint;

namespace LiquidFlight.Core.Control
{
    /// <summary>
    /// Quad-X mixer with Betaflight's motor numbering and table (DESIGN.md section 5), throttle, roll, pitch, yaw:
    /// M1 rear-right (1, -1, +1, -1), M2 front-right (1, -1, -1, +1), M3 rear-left (1, +1, +1, +1),
    /// M4 front-left (1, +1, -1, -1).
    ///
    /// Sign conventions. The roll and yaw columns are FRD-positive: more thrust on the left motors rolls right
    /// (right wing down) and more speed on the counter-clockwise props (M2, M3) yaws the nose right. Betaflight's
    /// pitch column is nose-DOWN positive (it raises the rear motors), while <see cref="AxisCommand.Pitch"/> is
    /// FRD nose-up positive, so the pitch command enters the table negated. The torque of each column is checked
    /// against r x F of the motor positions in QuadXMixerTests, and in physics by the simulator.
    ///
    /// Saturation (airmode-like, attitude first): the per-motor differential d_i = roll r_i + pitch p_i + yaw y_i
    /// is scaled down only if its spread max(d) - min(d) exceeds the full output range, then the throttle is shifted
    /// so that every motor fits in [0, 1]. The craft thus keeps the commanded torque ratios at zero and at full
    /// throttle and gives up collective thrust first. The result is mapped onto [idle, 1] so that an armed craft's
    /// props keep turning, and then onto the ESC pulse range.
    /// </summary>
    public sealed class QuadXMixer
    {
        public const int MotorCount = 4;

        // Columns of the table, motors M1..M4 (index 0..3), integer +-1.
        private static readonly int[] RollColumn = new int[] { -1, -1, 1, 1 };
        private static readonly int[] PitchColumn = new int[] { 1, -1, 1, -1 };
        private static readonly int[] YawColumn = new int[] { -1, 1, 1, -1 };

        private readonly int idleThrottle;
        private readonly int escMinPulseUs;
        private readonly int escMaxPulseUs;
        private readonly int[] differential = new int[MotorCount];

        private bool differentialScaled;
        private bool throttleShifted;

        public QuadXMixer(int idleThrottle, int escMinPulseUs, int escMaxPulseUs)
        {
            this.idleThrottle = Q16.Clamp(idleThrottle, 0, Q16.One);
            this.escMinPulseUs = escMinPulseUs;
            this.escMaxPulseUs = escMaxPulseUs < escMinPulseUs ? escMinPulseUs : escMaxPulseUs;
        }

        public int IdleThrottle => idleThrottle;
        public int EscMinPulseUs => escMinPulseUs;
        public int EscMaxPulseUs => escMaxPulseUs;

        /// <summary>The last mix had to shrink the commanded torques (their spread exceeded the output range).</summary>
        public bool DifferentialScaled => differentialScaled;

        /// <summary>The last mix moved the collective throttle away from the demand to make room for the torques.</summary>
        public bool ThrottleShifted => throttleShifted;

        /// <summary>Either form of saturation happened in the last mix.</summary>
        public bool Saturated => differentialScaled || throttleShifted;

        /// <summary>Betaflight table entry for motor m (0..3) and column 0 throttle, 1 roll, 2 pitch, 3 yaw.</summary>
        public static int TableEntry(int motor, int column)
        {
            if (motor < 0 || motor >= MotorCount)
            {
                return 0;
            }

            switch (column)
            {
                case 0: return 1;
                case 1: return RollColumn[motor];
                case 2: return PitchColumn[motor];
                case 3: return YawColumn[motor];
                default: return 0;
            }
        }

        /// <summary>
        /// Mixes collective throttle [0, 1] and axis commands [-1, 1] (Q16.16; out-of-range inputs are clamped)
        /// into armed motor outputs in [idle, 1] (Q16.16), M1..M4.
        /// </summary>
        public void Mix(int throttle, AxisCommand command, int[] motorOutputs)
        {
            int roll = Q16.Clamp(command.Roll, -Q16.One, Q16.One);
            int pitch = -Q16.Clamp(command.Pitch, -Q16.One, Q16.One);
            int yaw = Q16.Clamp(command.Yaw, -Q16.One, Q16.One);

            int low = int.MaxValue;
            int high = int.MinValue;
            for (int m = 0; m < MotorCount; m++)
            {
                int d = RollColumn[m] * roll + PitchColumn[m] * pitch + YawColumn[m] * yaw; // |d| <= 3.0
                differential[m] = d;
                if (d < low)
                {
                    low = d;
                }

                if (d > high)
                {
                    high = d;
                }
            }

            int spread = high - low; // <= 6.0, fits
            differentialScaled = spread > Q16.One;
            if (differentialScaled)
            {
                for (int m = 0; m < MotorCount; m++)
                {
                    differential[m] = (int)(((long)differential[m] << Q16.FractionBits) / spread);
                }

                low = (int)(((long)low << Q16.FractionBits) / spread);
                high = (int)(((long)high << Q16.FractionBits) / spread);
            }

            int demanded = Q16.Clamp(throttle, 0, Q16.One);
            int collective = demanded;
            if (collective + high > Q16.One)
            {
                collective = Q16.One - high;
            }

            if (collective + low < 0)
            {
                collective = -low;
            }

            throttleShifted = collective != demanded;

            int span = Q16.One - idleThrottle;
            for (int m = 0; m < MotorCount; m++)
            {
                int mixed = Q16.Clamp(collective + differential[m], 0, Q16.One);
                motorOutputs[m] = idleThrottle + (int)(((long)mixed * span + Q16.Half) >> Q16.FractionBits);
            }
        }

        /// <summary>Maps outputs in [0, 1] (Q16.16) linearly onto the ESC pulse range, rounded to the nearest µs.</summary>
        public void ToPulses(int[] motorOutputs, int[] pulsesUs)
        {
            long range = escMaxPulseUs - escMinPulseUs;
            for (int m = 0; m < MotorCount; m++)
            {
                long output = Q16.Clamp(motorOutputs[m], 0, Q16.One);
                pulsesUs[m] = escMinPulseUs + (int)((output * range + Q16.Half) >> Q16.FractionBits);
            }
        }

        /// <summary>Motors stopped: outputs 0 and the minimum pulse (what ESCs expect while disarmed).</summary>
        public void Disarmed(int[] motorOutputs, int[] pulsesUs)
        {
            differentialScaled = false;
            throttleShifted = false;
            for (int m = 0; m < MotorCount; m++)
            {
                motorOutputs[m] = 0;
                pulsesUs[m] = escMinPulseUs;
            }
        }
    }
}
