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

        // The last mix's saturation, one store per mix: DifferentialScaledBit, ThrottleShiftedBit.
        private const int DifferentialScaledBit = 1;
        private const int ThrottleShiftedBit = 2;
        private int saturation;

        public QuadXMixer(int idleThrottle)
        {
            this.idleThrottle = Q16.Clamp(idleThrottle, 0, Q16.One);
        }

        public int IdleThrottle => idleThrottle;

        /// <summary>The last mix had to shrink the commanded torques (their spread exceeded the output range).</summary>
        public bool DifferentialScaled => (saturation & DifferentialScaledBit) != 0;

        /// <summary>The last mix moved the collective throttle away from the demand to make room for the torques.</summary>
        public bool ThrottleShifted => (saturation & ThrottleShiftedBit) != 0;

        /// <summary>Either form of saturation happened in the last mix.</summary>
        public bool Saturated => saturation != 0;

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
        /// into armed motor outputs in [idle, 1] (Q16.16), M1..M4. Returns whether all three axis commands lay in
        /// [-1, 1] (none was clamped): the flight loop's numeric screen of the command then has nothing to find.
        /// </summary>
        /// <remarks>
        /// Written out for the interpreter (every field and array load, compare and call is paid per cycle); the
        /// readable version is PlainQuadXMixer in the tests, which this one equals bit for bit on seeded random
        /// commands, saturated both ways. Why the shortcuts are exact:
        /// <list type="bullet">
        /// <item>the three clamps are screened with one unsigned compare of (x + 1) OR-ed together: any input
        /// outside [-1, 1] sets a bit above 2.0 (an input at exactly +1 can too: it then takes the clamping path,
        /// which leaves it unchanged);</item>
        /// <item>with a = roll + yaw and b = roll - yaw the table's rows are d0 = -a - p, d1 = p - b, d2 = a - p,
        /// d3 = p + b (p the nose-up pitch; Betaflight's column is nose-down), so d2 - d0 = 2a and d3 - d1 = 2b:
        /// the signs of a and b order the pairs and min and max take four compares;</item>
        /// <item>if every motor's demand + d_i lies in [0, 1), the spread of the d_i is below 1 and neither
        /// throttle shift applies: the usual case, decided with one unsigned compare of the four sums OR-ed
        /// together, with nothing to scale or shift;</item>
        /// <item>otherwise: the d_i sum to 0, so low &lt;= 0 &lt;= high, and after the optional scaling
        /// high - low &lt;= 1 (each truncated quotient moves towards zero): at most one shift applies and every
        /// collective + d_i ends in [0, 1], so the plain version's per-motor clamps never change a value;</item>
        /// <item>m * (1 - idle) + 0.5 is below 2^32 for m below 1, or for m up to 1 with idle above 0, so the
        /// output scaling is exact in unsigned 32-bit arithmetic (idle 0 is the identity).</item>
        /// </list>
        /// </remarks>
        [InterpreterInline]
        public bool Mix(int throttle, AxisCommand command, int[] motorOutputs)
        {
            int roll = command.Roll;
            int p = command.Pitch;
            int yaw = command.Yaw;
            bool inRange = true;
            if (((uint)(roll + Q16.One) | (uint)(p + Q16.One) | (uint)(yaw + Q16.One)) > 2 * Q16.One)
            {
                // An input at exactly +1 can come here too (see above): it is in range.
                inRange = roll >= -Q16.One && roll <= Q16.One && p >= -Q16.One && p <= Q16.One
                    && yaw >= -Q16.One && yaw <= Q16.One;
                roll = ClampUnit(roll);
                p = ClampUnit(p);
                yaw = ClampUnit(yaw);
            }

            int c = throttle;
            if ((uint)c > Q16.One)
            {
                c = c < 0 ? 0 : Q16.One;
            }

            int a = roll + yaw;
            int b = roll - yaw;
            int m0 = c - p - a;
            int m1 = c + p - b;
            int m2 = c - p + a;
            int m3 = c + p + b;
            int idle = idleThrottle;
            if ((uint)(m0 | m1 | m2 | m3) >= Q16.One)
            {
                // Saturated: on the differentials d_i = m_i - demand.
                m0 -= c;
                m1 -= c;
                m2 -= c;
                m3 -= c;
                int low = m0;
                int high = m2;
                if (a < 0)
                {
                    low = m2;
                    high = m0;
                }

                if (b < 0)
                {
                    if (m3 < low)
                    {
                        low = m3;
                    }

                    if (m1 > high)
                    {
                        high = m1;
                    }
                }
                else
                {
                    if (m1 < low)
                    {
                        low = m1;
                    }

                    if (m3 > high)
                    {
                        high = m3;
                    }
                }

                int spread = high - low; // <= 6.0, fits
                int sat = 0;
                if (spread > Q16.One)
                {
                    sat = DifferentialScaledBit;
                    m0 = (int)(((long)m0 << Q16.FractionBits) / spread);
                    m1 = (int)(((long)m1 << Q16.FractionBits) / spread);
                    m2 = (int)(((long)m2 << Q16.FractionBits) / spread);
                    m3 = (int)(((long)m3 << Q16.FractionBits) / spread);
                    low = (int)(((long)low << Q16.FractionBits) / spread);
                    high = (int)(((long)high << Q16.FractionBits) / spread);
                }

                if (c + high > Q16.One)
                {
                    c = Q16.One - high;
                    sat |= ThrottleShiftedBit;
                }
                else if (c + low < 0)
                {
                    c = -low;
                    sat |= ThrottleShiftedBit;
                }

                saturation = sat;

                m0 += c;
                m1 += c;
                m2 += c;
                m3 += c;
                if (idle == 0)
                {
                    motorOutputs[0] = m0;
                    motorOutputs[1] = m1;
                    motorOutputs[2] = m2;
                    motorOutputs[3] = m3;
                    return inRange;
                }
            }
            else
            {
                saturation = 0;
            }

            uint span = (uint)(Q16.One - idle);
            motorOutputs[0] = idle + (int)(((uint)m0 * span + 32768u) >> 16);
            motorOutputs[1] = idle + (int)(((uint)m1 * span + 32768u) >> 16);
            motorOutputs[2] = idle + (int)(((uint)m2 * span + 32768u) >> 16);
            motorOutputs[3] = idle + (int)(((uint)m3 * span + 32768u) >> 16);
            return inRange;
        }

        /// <summary>Idle on every motor with no torque mixed (armed, before the controller has integrated a real interval).</summary>
        [InterpreterInline]
        public void Idle(int[] motorOutputs)
        {
            saturation = 0;
            int idle = idleThrottle;
            motorOutputs[0] = idle;
            motorOutputs[1] = idle;
            motorOutputs[2] = idle;
            motorOutputs[3] = idle;
        }

        /// <summary>Every motor stopped (disarmed or held at the minimum pulse).</summary>
        [InterpreterInline]
        public void Stopped(int[] motorOutputs)
        {
            saturation = 0;
            motorOutputs[0] = 0;
            motorOutputs[1] = 0;
            motorOutputs[2] = 0;
            motorOutputs[3] = 0;
        }

        private static int ClampUnit(int v)
        {
            return v < -Q16.One ? -Q16.One : (v > Q16.One ? Q16.One : v);
        }
    }
}
