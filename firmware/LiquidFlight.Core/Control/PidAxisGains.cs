namespace LiquidFlight.Core.Control
{
    /// <summary>
    /// Gains of one rate-loop axis, Q16.16. The output is the normalised axis command (1.0 = full torque
    /// authority), so: Kp per rad/s of rate error, Ki per rad of integrated rate error (1/s per rad/s), and
    /// KdMs in milliseconds: the D term is KdMs / 1000 times the measured angular acceleration in rad/s^2.
    /// (Kd is kept in milliseconds because typical values, 0.0004-0.002 s, would have only 26-130 LSB of
    /// resolution as Q16.16 seconds.) ItermLimit bounds the integral's contribution (normalised).
    /// </summary>
    public sealed class PidAxisGains
    {
        public int Kp;
        public int Ki;
        public int KdMs;
        public int ItermLimit;

        public PidAxisGains(int kp, int ki, int kdMs, int itermLimit)
        {
            Kp = kp;
            Ki = ki;
            KdMs = kdMs;
            ItermLimit = itermLimit;
        }

        public void CopyFrom(PidAxisGains other)
        {
            Kp = other.Kp;
            Ki = other.Ki;
            KdMs = other.KdMs;
            ItermLimit = other.ItermLimit;
        }
    }
}
