namespace LiquidFlight.Core.FixedPoint
{
    /// <summary>
    /// Angles and trigonometry in Q16.16 radians, integer only and deterministic on every host.
    /// Sin/Cos: quarter-wave table of 256 segments with linear interpolation, after an exact reduction of the
    /// angle modulo 2 pi done in Q2.29 (so large angles do not accumulate the error of a rounded 2 pi).
    /// Atan2: octant reduction to a ratio in [0, 1] kept in Q8.24 (one 64-bit division) and a 256-segment atan table
    /// (the atan table carries entry 256 twice so that the ratio 1 interpolates without a branch).
    /// Asin: for |x| below 7/8 a table of 512 segments per unit with linear interpolation (no division, no square
    /// root: the estimator's pitch on every angles sample); above 7/8, where asin steepens, atan2(x, sqrt(1 - x^2))
    /// in Q30 with the exact integer square root.
    /// Measured maximum absolute errors against System.Math (TrigTests prints and bounds them; Q16.16 LSB = 1.5e-5):
    /// Sin/Cos 1.84e-5 over [-4 pi, 4 pi] (7.4e-6 at angles near +-32768 rad, thanks to the Q2.29 reduction),
    /// Atan2 2.64e-5 at any input scale, Asin 1.6e-5 from the table and 2.1e-5 above it. Interpolation alone
    /// contributes h^2/8 max|f''|: 4.7e-6 for sin (h = pi/512), 1.2e-6 for atan (h = 1/256), 3.7e-6 for asin
    /// (h = 1/512, worst at 7/8); the rest is table and output rounding and the rounded pi.
    /// Tables are round(65536 sin(k pi / 512)) and round(65536 atan(k / 256)), k = 0..256, and round(65536 asin(k / 512)),
    /// k = 0..448, checked entry by entry by a test.
    /// </summary>
    public static class Trig
    {
        /// <summary>pi in Q16.16, round(pi * 65536).</summary>
        public const int Pi = 205887;
        public const int HalfPi = 102944;
        public const int TwoPi = 411775;

        public const int TableSegments = 256;

        /// <summary>Asin table resolution: segments per unit of the argument.</summary>
        public const int AsinSegmentsPerUnit = 512;

        /// <summary>Segments the asin table covers, [0, 7/8]; above that Asin takes atan2 and the square root.</summary>
        public const int AsinTableSegments = 448;

        /// <summary>7/8 in Q30: arguments below it (in magnitude) interpolate the asin table.</summary>
        public const long AsinTableLimitQ30 = 7L << 27;

        // pi, pi/2 and 2 pi in Q2.29 (round(x * 2^29)) for reductions that need more than 16 fraction bits.
        private const long PiQ29 = 1686629713;
        private const long HalfPiQ29 = 843314857;
        private const long TwoPiQ29 = 3373259426;

        /// <summary>Degrees (Q16.16) to radians (Q16.16), rounded to nearest, saturating.</summary>
        public static int DegreesToRadians(int degrees)
        {
            long p = (long)degrees * PiQ29;
            long d = 180L << 29;
            return Q16.Saturate(p >= 0 ? (p + d / 2) / d : -((-p + d / 2) / d));
        }

        /// <summary>Radians (Q16.16) to degrees (Q16.16), rounded to nearest, saturating.</summary>
        public static int RadiansToDegrees(int radians)
        {
            long p = ((long)radians * 180) << 29;
            return Q16.Saturate(p >= 0 ? (p + PiQ29 / 2) / PiQ29 : -((-p + PiQ29 / 2) / PiQ29));
        }

        /// <summary>The angle wrapped into [-pi, pi) (Q16.16), reduced exactly in Q2.29.</summary>
        public static int WrapPi(int radians)
        {
            long x = ((long)radians << 13) % TwoPiQ29;
            if (x >= PiQ29)
            {
                x -= TwoPiQ29;
            }
            else if (x < -PiQ29)
            {
                x += TwoPiQ29;
            }

            // |x| <= pi in Q2.29: rounding back to Q16.16 cannot overflow.
            return (int)((x + (1L << 12)) >> 13);
        }

        public static int Sin(int radians)
        {
            return SinQ29((long)radians << 13);
        }

        public static int Cos(int radians)
        {
            return SinQ29(((long)radians << 13) + HalfPiQ29);
        }

        /// <summary>
        /// Four-quadrant arctangent of y/x in Q16.16 radians, (-pi, pi]; x and y may be in any common scale
        /// (Q16.16, Q30, raw counts). atan2(0, 0) = 0.
        /// </summary>
        [InterpreterInline]
        public static int Atan2(int y, int x)
        {
            long ax = x < 0 ? -(long)x : x;
            long ay = y < 0 ? -(long)y : y;
            if (ax == 0 && ay == 0)
            {
                return 0;
            }

            // The smaller magnitude over the larger, Q8.24 in [0, 1]. Both are non-negative, so the unsigned
            // division gives the same quotient; it is the cheaper instruction on x64 (div against idiv).
            bool steep = ay > ax;
            int ratio = steep ? (int)(((ulong)ax << 24) / (ulong)ay) : (int)(((ulong)ay << 24) / (ulong)ax);

            // atan(ratio) from the table with linear interpolation, written out here (one call fewer per use on
            // the interpreter). ratio = 1 gives i = 256 and frac = 0: the table's repeated last entry makes that
            // exact without a branch.
            int i = ratio >> 16;
            int y0 = AtanTable[i];
            int angle = y0 + (((AtanTable[i + 1] - y0) * (ratio & 0xFFFF) + 32768) >> 16);
            if (steep)
            {
                angle = HalfPi - angle;
            }

            if (x < 0)
            {
                angle = Pi - angle;
            }

            return y < 0 ? -angle : angle;
        }

        /// <summary>Arcsine in Q16.16 radians of a Q16.16 value; inputs beyond [-1, 1] clamp to +-pi/2.</summary>
        public static int Asin(int value)
        {
            return AsinQ30((long)Q16.Clamp(value, -Q16.One, Q16.One) << 14);
        }

        /// <summary>
        /// Arcsine in Q16.16 radians of a Q30 value (the estimator's sine of pitch); inputs beyond [-1, 1] clamp to
        /// +-pi/2. Below 7/8 in magnitude: the table, segment |x| &gt;&gt; 21 and 16 bits of fraction (|x| &gt;&gt; 5);
        /// above, atan2(x, sqrt(1 - x^2)) in Q30, so the cosine keeps 30 bits where it is small.
        /// </summary>
        [InterpreterInline]
        public static int AsinQ30(long sinQ30)
        {
            if (sinQ30 > 1L << 30)
            {
                sinQ30 = 1L << 30;
            }
            else if (sinQ30 < -(1L << 30))
            {
                sinQ30 = -(1L << 30);
            }

            long a = sinQ30 < 0 ? -sinQ30 : sinQ30;

            int angle;
            if (a < AsinTableLimitQ30)
            {
                int i = (int)(a >> 21);
                int y0 = AsinTable[i];
                angle = y0 + (((AsinTable[i + 1] - y0) * ((int)(a >> 5) & 0xFFFF) + 32768) >> 16);
            }
            else
            {
                angle = Atan2((int)a, (int)IntSqrt.Sqrt((ulong)((1L << 60) - a * a)));
            }

            return sinQ30 < 0 ? -angle : angle;
        }

        /// <summary>sin of an angle in Q2.29 radians (any magnitude a long holds after the shift).</summary>
        private static int SinQ29(long angle)
        {
            long x = angle % TwoPiQ29;
            if (x < 0)
            {
                x += TwoPiQ29;
            }

            // Position in quarter-wave segments, Q16.16: 0 .. 1024 segments over one turn.
            long t = (x << 26) / TwoPiQ29;
            int quadrant = (int)(t >> 24) & 3;
            int p = (int)(t & 0xFFFFFF);
            if ((quadrant & 1) != 0)
            {
                p = (TableSegments << 16) - p;
            }

            int i = p >> 16;
            int y;
            if (i >= TableSegments)
            {
                y = SinTable[TableSegments];
            }
            else
            {
                int frac = p & 0xFFFF;
                int y0 = SinTable[i];
                y = y0 + (int)((((long)(SinTable[i + 1] - y0) * frac) + 32768) >> 16);
            }

            return quadrant >= 2 ? -y : y;
        }

        /// <summary>Table entries, read-only, for the tests that check them against the exact functions.</summary>
        public static int SinTableEntry(int k)
        {
            return SinTable[k];
        }

        public static int AtanTableEntry(int k)
        {
            return AtanTable[k];
        }

        public static int AsinTableEntry(int k)
        {
            return AsinTable[k];
        }

        /// <summary>round(65536 asin(k / 512)), k = 0..448 (the argument 0 .. 7/8).</summary>
        private static readonly int[] AsinTable = new int[]
        {
            0, 128, 256, 384, 512, 640, 768, 896, 1024, 1152, 1280, 1408,
            1536, 1664, 1792, 1920, 2048, 2176, 2304, 2433, 2561, 2689, 2817, 2945,
            3073, 3201, 3329, 3458, 3586, 3714, 3842, 3970, 4099, 4227, 4355, 4483,
            4612, 4740, 4868, 4997, 5125, 5254, 5382, 5510, 5639, 5767, 5896, 6024,
            6153, 6282, 6410, 6539, 6667, 6796, 6925, 7054, 7182, 7311, 7440, 7569,
            7698, 7827, 7956, 8084, 8213, 8343, 8472, 8601, 8730, 8859, 8988, 9117,
            9247, 9376, 9505, 9635, 9764, 9894, 10023, 10153, 10282, 10412, 10541, 10671,
            10801, 10931, 11060, 11190, 11320, 11450, 11580, 11710, 11840, 11970, 12101, 12231,
            12361, 12491, 12622, 12752, 12883, 13013, 13144, 13275, 13405, 13536, 13667, 13798,
            13929, 14060, 14191, 14322, 14453, 14584, 14715, 14847, 14978, 15110, 15241, 15373,
            15504, 15636, 15768, 15900, 16031, 16163, 16295, 16427, 16560, 16692, 16824, 16957,
            17089, 17222, 17354, 17487, 17619, 17752, 17885, 18018, 18151, 18284, 18417, 18551,
            18684, 18818, 18951, 19085, 19218, 19352, 19486, 19620, 19754, 19888, 20022, 20156,
            20291, 20425, 20560, 20694, 20829, 20964, 21099, 21234, 21369, 21504, 21639, 21774,
            21910, 22045, 22181, 22317, 22453, 22589, 22725, 22861, 22997, 23133, 23270, 23406,
            23543, 23680, 23817, 23954, 24091, 24228, 24365, 24503, 24640, 24778, 24916, 25054,
            25192, 25330, 25468, 25607, 25745, 25884, 26022, 26161, 26300, 26439, 26579, 26718,
            26857, 26997, 27137, 27277, 27417, 27557, 27697, 27838, 27978, 28119, 28260, 28401,
            28542, 28683, 28824, 28966, 29108, 29249, 29391, 29534, 29676, 29818, 29961, 30104,
            30246, 30389, 30533, 30676, 30819, 30963, 31107, 31251, 31395, 31539, 31684, 31829,
            31973, 32118, 32264, 32409, 32554, 32700, 32846, 32992, 33138, 33285, 33431, 33578,
            33725, 33872, 34019, 34167, 34315, 34462, 34611, 34759, 34907, 35056, 35205, 35354,
            35503, 35653, 35802, 35952, 36102, 36253, 36403, 36554, 36705, 36856, 37008, 37159,
            37311, 37463, 37616, 37768, 37921, 38074, 38227, 38381, 38534, 38688, 38842, 38997,
            39152, 39307, 39462, 39617, 39773, 39929, 40085, 40242, 40398, 40555, 40713, 40870,
            41028, 41186, 41344, 41503, 41662, 41821, 41981, 42140, 42301, 42461, 42622, 42783,
            42944, 43106, 43267, 43430, 43592, 43755, 43918, 44082, 44245, 44410, 44574, 44739,
            44904, 45069, 45235, 45401, 45568, 45735, 45902, 46070, 46238, 46406, 46575, 46744,
            46913, 47083, 47253, 47424, 47595, 47766, 47938, 48110, 48283, 48456, 48629, 48803,
            48977, 49152, 49327, 49503, 49679, 49855, 50032, 50210, 50388, 50566, 50745, 50924,
            51104, 51284, 51465, 51646, 51828, 52010, 52193, 52376, 52560, 52744, 52929, 53115,
            53301, 53487, 53675, 53862, 54051, 54239, 54429, 54619, 54810, 55001, 55193, 55385,
            55579, 55772, 55967, 56162, 56358, 56554, 56752, 56950, 57148, 57348, 57548, 57748,
            57950, 58152, 58355, 58559, 58764, 58969, 59176, 59383, 59591, 59799, 60009, 60220,
            60431, 60643, 60857, 61071, 61286, 61502, 61719, 61937, 62156, 62376, 62597, 62820,
            63043, 63267, 63493, 63719, 63947, 64176, 64406, 64637, 64870, 65104, 65339, 65576,
            65813, 66053, 66293, 66535, 66778, 67023, 67270, 67518, 67767, 68018, 68271, 68526,
            68782, 69040, 69299, 69561, 69824,
        };

        private static readonly int[] SinTable = new int[]
        {
            0, 402, 804, 1206, 1608, 2010, 2412, 2814, 3216, 3617, 4019, 4420,
            4821, 5222, 5623, 6023, 6424, 6824, 7224, 7623, 8022, 8421, 8820, 9218,
            9616, 10014, 10411, 10808, 11204, 11600, 11996, 12391, 12785, 13180, 13573, 13966,
            14359, 14751, 15143, 15534, 15924, 16314, 16703, 17091, 17479, 17867, 18253, 18639,
            19024, 19409, 19792, 20175, 20557, 20939, 21320, 21699, 22078, 22457, 22834, 23210,
            23586, 23961, 24335, 24708, 25080, 25451, 25821, 26190, 26558, 26925, 27291, 27656,
            28020, 28383, 28745, 29106, 29466, 29824, 30182, 30538, 30893, 31248, 31600, 31952,
            32303, 32652, 33000, 33347, 33692, 34037, 34380, 34721, 35062, 35401, 35738, 36075,
            36410, 36744, 37076, 37407, 37736, 38064, 38391, 38716, 39040, 39362, 39683, 40002,
            40320, 40636, 40951, 41264, 41576, 41886, 42194, 42501, 42806, 43110, 43412, 43713,
            44011, 44308, 44604, 44898, 45190, 45480, 45769, 46056, 46341, 46624, 46906, 47186,
            47464, 47741, 48015, 48288, 48559, 48828, 49095, 49361, 49624, 49886, 50146, 50404,
            50660, 50914, 51166, 51417, 51665, 51911, 52156, 52398, 52639, 52878, 53114, 53349,
            53581, 53812, 54040, 54267, 54491, 54714, 54934, 55152, 55368, 55582, 55794, 56004,
            56212, 56418, 56621, 56823, 57022, 57219, 57414, 57607, 57798, 57986, 58172, 58356,
            58538, 58718, 58896, 59071, 59244, 59415, 59583, 59750, 59914, 60075, 60235, 60392,
            60547, 60700, 60851, 60999, 61145, 61288, 61429, 61568, 61705, 61839, 61971, 62101,
            62228, 62353, 62476, 62596, 62714, 62830, 62943, 63054, 63162, 63268, 63372, 63473,
            63572, 63668, 63763, 63854, 63944, 64031, 64115, 64197, 64277, 64354, 64429, 64501,
            64571, 64639, 64704, 64766, 64827, 64884, 64940, 64993, 65043, 65091, 65137, 65180,
            65220, 65259, 65294, 65328, 65358, 65387, 65413, 65436, 65457, 65476, 65492, 65505,
            65516, 65525, 65531, 65535, 65536,
        };

        private static readonly int[] AtanTable = new int[]
        {
            0, 256, 512, 768, 1024, 1280, 1536, 1792, 2047, 2303, 2559, 2814,
            3070, 3325, 3580, 3836, 4091, 4346, 4600, 4855, 5110, 5364, 5618, 5872,
            6126, 6380, 6633, 6887, 7140, 7392, 7645, 7898, 8150, 8402, 8653, 8905,
            9156, 9407, 9657, 9908, 10158, 10408, 10657, 10906, 11155, 11403, 11652, 11899,
            12147, 12394, 12641, 12887, 13133, 13379, 13624, 13869, 14114, 14358, 14601, 14845,
            15088, 15330, 15572, 15814, 16055, 16296, 16536, 16776, 17015, 17254, 17492, 17730,
            17968, 18205, 18441, 18677, 18913, 19148, 19382, 19616, 19850, 20083, 20315, 20547,
            20779, 21009, 21240, 21469, 21699, 21927, 22156, 22383, 22610, 22836, 23062, 23288,
            23512, 23737, 23960, 24183, 24406, 24627, 24849, 25069, 25289, 25509, 25727, 25946,
            26163, 26380, 26597, 26813, 27028, 27242, 27456, 27670, 27882, 28094, 28306, 28517,
            28727, 28936, 29145, 29354, 29561, 29768, 29975, 30180, 30386, 30590, 30794, 30997,
            31200, 31402, 31603, 31803, 32003, 32203, 32401, 32600, 32797, 32994, 33190, 33385,
            33580, 33774, 33968, 34160, 34353, 34544, 34735, 34925, 35115, 35304, 35492, 35680,
            35867, 36053, 36239, 36424, 36608, 36792, 36975, 37158, 37340, 37521, 37701, 37881,
            38060, 38239, 38417, 38594, 38771, 38947, 39123, 39297, 39472, 39645, 39818, 39990,
            40162, 40333, 40503, 40673, 40842, 41010, 41178, 41346, 41512, 41678, 41844, 42008,
            42172, 42336, 42499, 42661, 42823, 42984, 43145, 43304, 43464, 43622, 43780, 43938,
            44095, 44251, 44407, 44562, 44716, 44870, 45024, 45176, 45328, 45480, 45631, 45781,
            45931, 46080, 46229, 46377, 46525, 46672, 46818, 46964, 47109, 47254, 47398, 47542,
            47685, 47827, 47969, 48111, 48251, 48392, 48531, 48671, 48809, 48947, 49085, 49222,
            49359, 49495, 49630, 49765, 49899, 50033, 50167, 50299, 50432, 50563, 50695, 50826,
            50956, 51086, 51215, 51344, 51472,
            51472, // entry 257 repeats entry 256 (see Atan2)
        };
    }
}
