namespace LiquidFlight.Core.FixedPoint
{
    /// <summary>
    /// Logistic sigmoid 1/(1+e^-x) in Q16.16 by table look-up with linear interpolation.
    /// The table covers [0, 16] in 256 segments of 1/16 (4096 raw, so the index is a shift); negative inputs use
    /// s(-x) = 1 - s(x), and inputs beyond ±16 clamp to the end value (s(16) differs from 1 by 1.1e-7).
    /// Measured maximum absolute error against the exact sigmoid over [-20, 20]: 5.8e-5, near x = 1.41
    /// (SigmoidTests.MaxErrorAgainstExactSigmoid prints and bounds it). The analytic bound is the interpolation
    /// error max|s''| h^2 / 8 = 0.0962 / 8 / 256 = 4.7e-5 plus half an LSB each for table and interpolation
    /// rounding (2 x 7.6e-6): 6.2e-5.
    /// Entries are round(65536 * s(k / 16)), k = 0..256, checked entry by entry by a test.
    /// </summary>
    public static class Sigmoid
    {
        public const int SegmentShift = 12;
        public const int SegmentCount = 256;
        private const int SegmentMask = (1 << SegmentShift) - 1;
        private const int RangeRaw = SegmentCount << SegmentShift; // 16.0 in Q16.16

        /// <summary>The table, exposed read-only for tests and for the desktop export.</summary>
        public static int TableEntry(int k)
        {
            return Table[k];
        }

        public static int Eval(int x)
        {
            bool negative = x < 0;
            int a = negative ? (x == int.MinValue ? int.MaxValue : -x) : x;
            int y;
            if (a >= RangeRaw)
            {
                y = Table[SegmentCount];
            }
            else
            {
                int i = a >> SegmentShift;
                int frac = a & SegmentMask;
                int y0 = Table[i];
                y = y0 + (((Table[i + 1] - y0) * frac + (1 << (SegmentShift - 1))) >> SegmentShift);
            }

            return negative ? Q16.One - y : y;
        }

        /// <summary>Entry k = round(65536 s(k / 16)), k = 0..256. Internal so the LTC solver can interpolate inline; never written.</summary>
        internal static readonly int[] Table = new int[]
        {
            32768, 33792, 34813, 35831, 36843, 37847, 38841, 39824, 40793, 41748, 42687, 43608,
            44511, 45393, 46254, 47094, 47911, 48704, 49474, 50220, 50941, 51638, 52310, 52957,
            53581, 54179, 54754, 55306, 55834, 56339, 56822, 57284, 57724, 58144, 58544, 58925,
            59287, 59632, 59959, 60270, 60565, 60844, 61109, 61360, 61598, 61823, 62036, 62238,
            62428, 62608, 62778, 62938, 63090, 63233, 63368, 63495, 63615, 63728, 63835, 63935,
            64030, 64119, 64203, 64283, 64357, 64427, 64494, 64556, 64614, 64669, 64721, 64770,
            64816, 64859, 64900, 64938, 64974, 65008, 65039, 65069, 65097, 65124, 65149, 65172,
            65194, 65215, 65234, 65252, 65269, 65285, 65300, 65315, 65328, 65341, 65352, 65364,
            65374, 65384, 65393, 65402, 65410, 65417, 65425, 65431, 65438, 65444, 65449, 65454,
            65459, 65464, 65468, 65472, 65476, 65480, 65483, 65486, 65489, 65492, 65495, 65497,
            65500, 65502, 65504, 65506, 65508, 65509, 65511, 65513, 65514, 65515, 65517, 65518,
            65519, 65520, 65521, 65522, 65523, 65523, 65524, 65525, 65526, 65526, 65527, 65527,
            65528, 65528, 65529, 65529, 65530, 65530, 65530, 65531, 65531, 65531, 65532, 65532,
            65532, 65532, 65533, 65533, 65533, 65533, 65533, 65534, 65534, 65534, 65534, 65534,
            65534, 65534, 65534, 65535, 65535, 65535, 65535, 65535, 65535, 65535, 65535, 65535,
            65535, 65535, 65535, 65535, 65535, 65535, 65535, 65535, 65535, 65536, 65536, 65536,
            65536, 65536, 65536, 65536, 65536, 65536, 65536, 65536, 65536, 65536, 65536, 65536,
            65536, 65536, 65536, 65536, 65536, 65536, 65536, 65536, 65536, 65536, 65536, 65536,
            65536, 65536, 65536, 65536, 65536, 65536, 65536, 65536, 65536, 65536, 65536, 65536,
            65536, 65536, 65536, 65536, 65536, 65536, 65536, 65536, 65536, 65536, 65536, 65536,
            65536, 65536, 65536, 65536, 65536, 65536, 65536, 65536, 65536, 65536, 65536, 65536,
            65536, 65536, 65536, 65536, 65536,
        };

        /// <summary>
        /// Slope[k] = Table[k + 1] - Table[k] (k &lt; SegmentCount): the LTC synapse loops interpolate with one load
        /// instead of two loads and a subtraction. Declared after Table, which the initialiser reads.
        /// </summary>
        internal static readonly int[] Slope = Differences(Table);

        private static int[] Differences(int[] table)
        {
            int[] slope = new int[table.Length - 1];
            for (int k = 0; k < slope.Length; k++)
            {
                slope[k] = table[k + 1] - table[k];
            }

            return slope;
        }
    }
}
