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

        /// <summary>Converts Q16.16 to float bits.</summary>
        public static int FromQ16(int q16)
        {
            if (q16 == 0)
            {
                return 0;
            }

            int sign = q16 < 0 ? unchecked((int)0x80000000) : 0;
            long magnitude = q16 < 0 ? -(long)q16 : q16;
            int top = 0;
            while ((magnitude >> (top + 1)) != 0)
            {
                top++;
            }

            int exponent = top - 16 + 127;
            long mantissa;
            if (top <= 23)
            {
                mantissa = magnitude << (23 - top);
            }
            else
            {
                int right = top - 23;
                mantissa = magnitude >> right;
                long rest = magnitude & ((1L << right) - 1);
                long half = 1L << (right - 1);
                if (rest > half || (rest == half && (mantissa & 1) != 0))
                {
                    mantissa++;
                    if (mantissa == 0x1000000L)
                    {
                        mantissa >>= 1;
                        exponent++;
                    }
                }
            }

            return sign | (exponent << 23) | (int)(mantissa & 0x7FFFFF);
        }
    }
}
