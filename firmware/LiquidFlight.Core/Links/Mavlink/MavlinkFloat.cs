namespace LiquidFlight.Core.Links.Mavlink
{
    /// <summary>
    /// IEEE-754 binary32 bits to and from Q16.16, in integer arithmetic only (the nano gate forbids float).
    /// Float to Q16: round to nearest, ties away from zero, saturating at int.MinValue / int.MaxValue; NaN and
    /// infinities are refused. Q16 to float: exact for |q| &lt; 2^24, otherwise round to nearest even (as the
    /// desktop's (float)(q / 65536.0)).
    /// </summary>
    public static class MavlinkFloat
    {
        /// <summary>Converts float bits to Q16.16. Returns false (and leaves <paramref name="q16"/> 0) for NaN or
        /// an infinity.</summary>
        public static bool TryToQ16(int bits, out int q16)
        {
            q16 = 0;
            int exponent = (bits >> 23) & 0xFF;
            if (exponent == 0xFF)
            {
                return false;
            }

            if (exponent == 0)
            {
                return true; // zero or subnormal: |value| < 2^-126, rounds to 0
            }

            long mantissa = (bits & 0x7FFFFF) | 0x800000;
            // value * 65536 = mantissa * 2^(exponent - 127 - 23 + 16)
            int shift = exponent - 134;
            long magnitude;
            if (shift >= 0)
            {
                magnitude = shift > 8 ? 0x80000000L : mantissa << shift;
            }
            else
            {
                int right = -shift;
                magnitude = right > 62 ? 0 : (mantissa + (1L << (right - 1))) >> right;
            }

            if (bits < 0)
            {
                q16 = magnitude >= 0x80000000L ? int.MinValue : (int)-magnitude;
            }
            else
            {
                q16 = magnitude > int.MaxValue ? int.MaxValue : (int)magnitude;
            }

            return true;
        }

        /// <summary>Index of the highest set bit of each byte value (0 for 0, unused).</summary>
        private static readonly byte[] TopBit = BuildTopBit();

        /// <summary>
        /// Converts Q16.16 to float bits. Loop-free in 32-bit arithmetic for the interpreter: below 2^24 the value is
        /// exact, its highest bit found by two compares and a byte table; above, rounded to nearest even.
        /// </summary>
        [InterpreterInline]
        public static int FromQ16(int q16)
        {
            if (q16 == 0)
            {
                return 0;
            }

            int sign = 0;
            int m = q16;
            if (m < 0)
            {
                if (m == int.MinValue)
                {
                    return unchecked((int)0xC7000000); // -32768.0
                }

                sign = int.MinValue;
                m = -m;
            }

            int top;
            if (m < 0x10000)
            {
                top = m < 0x100 ? TopBit[m] : 8 + TopBit[m >> 8];
            }
            else if (m < 0x1000000)
            {
                top = 16 + TopBit[m >> 16];
            }
            else
            {
                return sign | Rounded(m);
            }

            // The value is m * 2^-16 = 1.f * 2^(top - 16): biased exponent top + 111. m shifted so that its top bit
            // is bit 23 adds the implicit 1 into the exponent field, hence top + 110.
            return sign | (((top + 110) << 23) + (m << (23 - top)));
        }

        // 2^24 <= m < 2^31: drop r = 1..7 bits, round to nearest even (a carry out of 24 bits moves into the
        // exponent by the same addition).
        private static int Rounded(int m)
        {
            int r = 1;
            while ((m >> r) >= 0x1000000)
            {
                r++;
            }

            int mantissa = m >> r;
            int rest = m & ((1 << r) - 1);
            int half = 1 << (r - 1);
            if (rest > half || (rest == half && (mantissa & 1) != 0))
            {
                mantissa++;
            }

            return ((133 + r) << 23) + mantissa;
        }

        private static byte[] BuildTopBit()
        {
            byte[] t = new byte[256];
            for (int i = 2; i < 256; i++)
            {
                t[i] = (byte)(t[i >> 1] + 1);
            }

            return t;
        }
    }
}
