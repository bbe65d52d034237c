namespace LiquidFlight.Core.FixedPoint
{
    /// <summary>
    /// Q16.16 fixed-point arithmetic in a 32-bit int (1.0 = 65536).
    /// Every operation saturates: a result outside the int range clamps to <see cref="MaxValue"/> or
    /// <see cref="MinValue"/> and never wraps. Division by zero is defined (it saturates by the sign of the
    /// dividend, 0/0 = 0) and never throws. Intermediates are 64-bit, so results are the same on every host.
    /// </summary>
    public static class Q16
    {
        public const int FractionBits = 16;
        public const int One = 65536;
        public const int Half = 32768;
        public const int MaxValue = int.MaxValue;
        public const int MinValue = int.MinValue;

        /// <summary>Microseconds in one second, for converting sample timestamps.</summary>
        public const long MicrosPerSecond = 1000000;

        /// <summary>Clamps a 64-bit intermediate into the int range.</summary>
        public static int Saturate(long value)
        {
            if (value > int.MaxValue)
            {
                return int.MaxValue;
            }

            if (value < int.MinValue)
            {
                return int.MinValue;
            }

            return (int)value;
        }

        public static int FromInt(int value)
        {
            return Saturate((long)value << FractionBits);
        }

        /// <summary>A rational number num/den as Q16.16, rounded to nearest; den = 0 saturates like <see cref="Div"/>.</summary>
        public static int FromRatio(int numerator, int denominator)
        {
            if (denominator == 0)
            {
                return numerator > 0 ? MaxValue : (numerator < 0 ? MinValue : 0);
            }

            long scaled = (long)numerator << FractionBits;
            long half = denominator > 0 ? denominator / 2 : -(denominator / 2);
            // Moving the dividend half a divisor away from zero, then truncating, rounds halves away from zero
            // whatever the signs of dividend and divisor.
            long q = (scaled + (scaled >= 0 ? half : -half)) / denominator;
            return Saturate(q);
        }

        /// <summary>Integer part, rounded toward negative infinity.</summary>
        public static int ToIntFloor(int value)
        {
            return value >> FractionBits;
        }

        /// <summary>Integer part, rounded to nearest (halves away from zero).</summary>
        public static int ToIntRound(int value)
        {
            long v = value;
            return (int)(v >= 0 ? (v + Half) >> FractionBits : -((-v + Half) >> FractionBits));
        }

        public static int Add(int a, int b)
        {
            return Saturate((long)a + b);
        }

        public static int Sub(int a, int b)
        {
            return Saturate((long)a - b);
        }

        public static int Neg(int a)
        {
            return a == int.MinValue ? int.MaxValue : -a;
        }

        public static int Abs(int a)
        {
            return a >= 0 ? a : Neg(a);
        }

        /// <summary>Product rounded to nearest (ties toward +infinity), saturating.</summary>
        public static int Mul(int a, int b)
        {
            return Saturate(((long)a * b + Half) >> FractionBits);
        }

        /// <summary>Quotient truncated toward zero, saturating; x/0 gives MaxValue, MinValue or 0 by the sign of x.</summary>
        public static int Div(int a, int b)
        {
            if (b == 0)
            {
                return a > 0 ? MaxValue : (a < 0 ? MinValue : 0);
            }

            return Saturate(((long)a << FractionBits) / b);
        }

        /// <summary>a * b / c with a 64-bit intermediate (no Q16 rescaling), saturating; c = 0 saturates by sign.</summary>
        public static int MulDiv(int a, int b, int c)
        {
            long p = (long)a * b;
            if (c == 0)
            {
                return p > 0 ? MaxValue : (p < 0 ? MinValue : 0);
            }

            return Saturate(p / c);
        }

        public static int Min(int a, int b)
        {
            return a < b ? a : b;
        }

        public static int Max(int a, int b)
        {
            return a > b ? a : b;
        }

        public static int Clamp(int value, int low, int high)
        {
            if (value < low)
            {
                return low;
            }

            return value > high ? high : value;
        }

        /// <summary>
        /// Elapsed time in seconds (Q16.16) from a microsecond count, rounded to nearest.
        /// 1 µs is 0.066 LSB, so sub-16 µs intervals round to 0 or 1 LSB; callers that need precision for
        /// short intervals work in microseconds directly (as the LTC solver does).
        /// </summary>
        public static int SecondsFromMicros(long micros)
        {
            if (micros <= 0)
            {
                return 0;
            }

            if (micros > 32767L * MicrosPerSecond)
            {
                return MaxValue;
            }

            return (int)(((micros << FractionBits) + MicrosPerSecond / 2) / MicrosPerSecond);
        }
    }
}
