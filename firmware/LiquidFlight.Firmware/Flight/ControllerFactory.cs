using LiquidFlight.Core.Control;
using LiquidFlight.Core.Ltc;

namespace LiquidFlight.Firmware.Flight
{
    /// <summary>Builds the board's stabiliser at boot (all allocation happens here, none in flight).</summary>
    public static class ControllerFactory
    {
        public static IController Create(StabiliserKind kind)
        {
            if (kind == StabiliserKind.Pid)
            {
                return new PidController(new PidGains());
            }

            return new LtcController(new LtcNetwork(ShippedModel.Create()));
        }
    }
}
