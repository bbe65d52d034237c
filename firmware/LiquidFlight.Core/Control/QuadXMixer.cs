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
    /// props keep turning. The mixer only allocates torques: normalised outputs become ESC pulses in
    /// <see cref="Esc.EscTiming"/>.
    /// </summary>
    public sealed class QuadXMixer
    {
        public const int MotorCount = 4;

        // Columns of the table, motors M1..M4 (index 0..3), integer +-1.
        private static readonly int[] RollColumn = new int[] { -1, -1, 1, 1 };
        private static readonly int[] PitchColumn = new int[] { 1, -1, 1, -1 };
        private static readonly int[] YawColumn = new int[] { -1, 1, 1, -1 };

        private readonly int idleThrottle;

        private bool differentialScaled;
        private bool throttleShifted;

        public QuadXMixer(int idleThrottle)
        {
            this.idleThrottle = Q16.Clamp(idleThrottle, 0, Q16.One);
        }

        public int IdleThrottle => idleThrottle;

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
            // Unrolled over the four motors with the table's signs written out (RollColumn, PitchColumn,
            // YawColumn): on the interpreter every static table load, loop test and helper call is paid per motor.
            // Clamps are statements, not conditional expressions: a value in range costs two compares and no store.
            int roll = command.Roll;
            if (roll < -Q16.One) { roll = -Q16.One; } else if (roll > Q16.One) { roll = Q16.One; }
            int pitch = command.Pitch;
            pitch = pitch < -Q16.One ? Q16.One : (pitch > Q16.One ? -Q16.One : -pitch);
            int yaw = command.Yaw;
            if (yaw < -Q16.One) { yaw = -Q16.One; } else if (yaw > Q16.One) { yaw = Q16.One; }

            int d0 = -roll + pitch - yaw; // |d| <= 3.0
            int d1 = -roll - pitch + yaw;
            int d2 = roll + pitch + yaw;
            int d3 = roll - pitch - yaw;

            int low = d0 < d1 ? d0 : d1;
            int high = d0 < d1 ? d1 : d0;
            int lowB = d2 < d3 ? d2 : d3;
            int highB = d2 < d3 ? d3 : d2;
            low = lowB < low ? lowB : low;
            high = highB > high ? highB : high;

            int spread = high - low; // <= 6.0, fits
            differentialScaled = spread > Q16.One;
            if (differentialScaled)
            {
                d0 = (int)(((long)d0 << Q16.FractionBits) / spread);
                d1 = (int)(((long)d1 << Q16.FractionBits) / spread);
                d2 = (int)(((long)d2 << Q16.FractionBits) / spread);
                d3 = (int)(((long)d3 << Q16.FractionBits) / spread);
                low = (int)(((long)low << Q16.FractionBits) / spread);
                high = (int)(((long)high << Q16.FractionBits) / spread);
            }

            int demanded = throttle < 0 ? 0 : (throttle > Q16.One ? Q16.One : throttle);
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

            int idle = idleThrottle;
            long span = Q16.One - idle;
            int m0 = collective + d0;
            int m1 = collective + d1;
            int m2 = collective + d2;
            int m3 = collective + d3;
            if (m0 < 0) { m0 = 0; } else if (m0 > Q16.One) { m0 = Q16.One; }
            if (m1 < 0) { m1 = 0; } else if (m1 > Q16.One) { m1 = Q16.One; }
            if (m2 < 0) { m2 = 0; } else if (m2 > Q16.One) { m2 = Q16.One; }
            if (m3 < 0) { m3 = 0; } else if (m3 > Q16.One) { m3 = Q16.One; }
            motorOutputs[0] = idle + (int)((m0 * span + Q16.Half) >> Q16.FractionBits);
            motorOutputs[1] = idle + (int)((m1 * span + Q16.Half) >> Q16.FractionBits);
            motorOutputs[2] = idle + (int)((m2 * span + Q16.Half) >> Q16.FractionBits);
            motorOutputs[3] = idle + (int)((m3 * span + Q16.Half) >> Q16.FractionBits);
        }

        /// <summary>Idle on every motor with no torque mixed (armed, before the controller has integrated a real interval).</summary>
        public void Idle(int[] motorOutputs)
        {
            differentialScaled = false;
            throttleShifted = false;
            int idle = idleThrottle;
            motorOutputs[0] = idle;
            motorOutputs[1] = idle;
            motorOutputs[2] = idle;
            motorOutputs[3] = idle;
        }

        /// <summary>Every motor stopped (disarmed or held at the minimum pulse).</summary>
        public void Stopped(int[] motorOutputs)
        {
            differentialScaled = false;
            throttleShifted = false;
            motorOutputs[0] = 0;
            motorOutputs[1] = 0;
            motorOutputs[2] = 0;
            motorOutputs[3] = 0;
        }
    }
}
