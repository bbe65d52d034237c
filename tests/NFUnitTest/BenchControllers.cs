using LiquidFlight.Core.Control;
using LiquidFlight.Core.Ltc;

namespace LiquidFlight.NFUnitTest
{
    /// <summary>The controllers the firmware can fly, from Core's controller table as the firmware builds them.</summary>
    internal static class BenchControllers
    {
        public static IController ShippedLtc()
        {
            return ControllerTable.CreateShipped(ControllerKind.Ltc, null);
        }

        public static IController ReferencePid()
        {
            return ControllerTable.Create(ControllerKind.Pid, FramePidGains.Quad250Brushless(), null);
        }
    }
}
