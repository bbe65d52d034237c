using LiquidFlight.Core.Control;
using LiquidFlight.Core.Ltc;

namespace LiquidFlight.NFUnitTest
{
    /// <summary>The controllers the firmware can fly, built the way the firmware builds them (ControllerFactory).</summary>
    internal static class BenchControllers
    {
        public static IController ShippedLtc()
        {
            return new LtcController(new LtcNetwork(ShippedModel.Create()));
        }

        public static IController DefaultPid()
        {
            return new PidController(new PidGains());
        }
    }
}
