namespace LiquidFlight.Core.FixedPoint
{
    /// <summary>
    /// Angles and trigonometry in Q16.16 radians (integer only, deterministic on every host).
    /// </summary>
    public static class Trig
    {
        /// <summary>pi in Q16.16, round(pi * 65536).</summary>
        public const int Pi = 205887;
        public const int HalfPi = 102944;
        public const int TwoPi = 411775;

        /// <summary>pi in Q2.29, for conversions that need more than 16 fraction bits.</summary>
        private const long PiQ29 = 1686629713;

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
    }
}
