namespace LiquidFlight.Core.FixedPoint
{
    /// <summary>
    /// Integer square roots, exact (floor of the true root), integer only.
    /// Newton's iteration started above the root from the bit length converges monotonically, in about six
    /// 64-bit divisions for any input, which is far cheaper on an IL interpreter than 32 bit-by-bit rounds.
    /// </summary>
    public static class IntSqrt
    {
        /// <summary>floor(sqrt(value)) for any unsigned 64-bit value.</summary>
        public static uint Sqrt(ulong value)
        {
            if (value < 2)
            {
                return (uint)value;
            }

            // Bit length by binary search (6 steps), then the first guess 2^ceil(bits/2) >= sqrt(value).
            int bits = 0;
            ulong v = value;
            if (v >= 1UL << 32) { v >>= 32; bits += 32; }
            if (v >= 1UL << 16) { v >>= 16; bits += 16; }
            if (v >= 1UL << 8) { v >>= 8; bits += 8; }
            if (v >= 1UL << 4) { v >>= 4; bits += 4; }
            if (v >= 1UL << 2) { v >>= 2; bits += 2; }
            if (v >= 1UL << 1) { bits += 1; }

            // bits = floor(log2 value); 2^(floor(bits/2)+1) > sqrt(value) and fits in 33 bits.
            ulong x = 1UL << ((bits >> 1) + 1);
            while (true)
            {
                ulong y = (x + value / x) >> 1;
                if (y >= x)
                {
                    return (uint)x;
                }

                x = y;
            }
        }

        /// <summary>Square root of a Q16.16 value, Q16.16, rounded down; zero or negative input gives 0.</summary>
        public static int SqrtQ16(int value)
        {
            if (value <= 0)
            {
                return 0;
            }

            return (int)Sqrt((ulong)value << Q16.FractionBits);
        }
    }
}
