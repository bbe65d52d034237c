namespace LiquidFlight.Core.Links.Crsf
{
    /// <summary>CRSF frame types this flight controller understands (TBS CRSF specification).</summary>
    public static class CrsfFrameType
    {
        public const byte LinkStatistics = 0x14;
        public const byte RcChannelsPacked = 0x16;
    }
}
